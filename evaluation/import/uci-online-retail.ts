/**
 * Converts the UCI "Online Retail" data set (a UK online gift-ware shop's invoices, 2010-12-01 to 2011-12-09)
 * into evaluation/catalogs/uci-online-retail.json.gz: the products it sold and its real baskets.
 * evaluation/sources/uci-online-retail.md cites the source and explains every mapping.
 *
 *   npx tsx evaluation/import/uci-online-retail.ts <csv file or folder of csv files>... [--out path]
 *
 * Reads the CSV form (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country), e.g.
 * data/retail-data/by-day/*.csv of databricks/Spark-The-Definitive-Guide.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import type { EvaluationCatalog, EvaluationProduct } from "../catalog-format.ts";
import { toHandle, toMinorUnits, writeCatalog } from "./catalog-output.ts";
import { parseCsvObjects } from "./csv.ts";

const MAX_ORDERS = 20_000;
const MIN_DISTINCT_PRODUCTS = 2;

/**
 * Goods carry a five-digit stock code, sometimes with a letter for the colour or size. Everything else is a
 * service line: POST, DOT (postage), M (manual), D (discount), C2 (carriage), BANK CHARGES, AMAZONFEE, PADS,
 * gift vouchers (gift_0001_10) and the like.
 */
const GOODS_STOCK_CODE = /^(\d{5})[A-Z]*$/;

interface ProductTally {
  descriptions: Map<string, number>;
  unitPrices: Map<number, number>;
}

function listCsvFiles(paths: string[]): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith(".csv"))
          .sort()
          .map((name) => join(path, name))
      : [path],
  );
}

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The most frequent key; ties go to the smallest, so the choice does not depend on row order. */
function mostFrequent<K extends string | number>(counts: Map<K, number>): K {
  let best: K | undefined;
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
      best = key;
      bestCount = count;
    }
  }
  if (best === undefined) throw new Error("No values to choose from");
  return best;
}

function parseArguments(argv: string[]): { inputs: string[]; outputPath: string } {
  const outIndex = argv.indexOf("--out");
  const outputPath = outIndex >= 0 ? argv[outIndex + 1] : "evaluation/catalogs/uci-online-retail.json.gz";
  const inputs = outIndex >= 0 ? [...argv.slice(0, outIndex), ...argv.slice(outIndex + 2)] : argv;
  if (inputs.length === 0 || !outputPath) {
    throw new Error(
      "Usage: npx tsx evaluation/import/uci-online-retail.ts <csv file or folder>... [--out path]",
    );
  }
  return { inputs, outputPath };
}

function main(): void {
  const { inputs, outputPath } = parseArguments(process.argv.slice(2));
  const tallies = new Map<string, ProductTally>();
  const invoices = new Map<string, Set<string>>();
  let rowCount = 0;
  let keptRowCount = 0;

  for (const file of listCsvFiles(inputs)) {
    for (const row of parseCsvObjects(readFileSync(file, "utf8"))) {
      rowCount += 1;
      const invoice = (row.InvoiceNo ?? "").trim();
      const stockCode = (row.StockCode ?? "").trim().toUpperCase();
      const description = (row.Description ?? "").trim().replace(/\s+/g, " ");
      const quantity = Number(row.Quantity);
      const unitPrice = Number(row.UnitPrice);
      // Cancellations (invoice "C…"), returns and corrections (quantity <= 0), free or written-off lines
      // (price <= 0) and service lines are not purchases of a product.
      const isPurchase =
        /^\d+$/.test(invoice) &&
        GOODS_STOCK_CODE.test(stockCode) &&
        description !== "" &&
        quantity > 0 &&
        unitPrice > 0;
      if (!isPurchase) continue;
      keptRowCount += 1;
      const tally = tallies.get(stockCode) ?? { descriptions: new Map(), unitPrices: new Map() };
      increment(tally.descriptions, description);
      increment(tally.unitPrices, unitPrice);
      tallies.set(stockCode, tally);
      const basket = invoices.get(invoice) ?? new Set<string>();
      basket.add(stockCode);
      invoices.set(invoice, basket);
    }
  }

  const qualifying = [...invoices.entries()]
    .filter(([, basket]) => basket.size >= MIN_DISTINCT_PRODUCTS)
    .sort(([left], [right]) => Number(left) - Number(right));
  const kept = qualifying.slice(0, MAX_ORDERS);
  const orders = kept.map(([, basket]) => [...basket]);
  const orderedCodes = [...new Set(orders.flat())].sort();

  const familySizes = new Map<string, number>();
  for (const code of orderedCodes) increment(familySizes, GOODS_STOCK_CODE.exec(code)?.[1] ?? code);

  const handles = new Set<string>();
  const products: EvaluationProduct[] = orderedCodes.map((code) => {
    const tally = tallies.get(code);
    if (!tally) throw new Error(`No sales for ${code}`);
    const title = mostFrequent(tally.descriptions);
    const baseHandle = toHandle(title) || code.toLowerCase();
    let handle = baseHandle;
    for (let suffix = 2; handles.has(handle); suffix += 1) handle = `${baseHandle}-${suffix}`;
    handles.add(handle);
    const family = GOODS_STOCK_CODE.exec(code)?.[1] ?? code;
    return {
      id: code,
      handle,
      title,
      description: "",
      productType: null,
      category: null,
      vendor: null,
      tags: [],
      status: "ACTIVE",
      availableForSale: true,
      priceMinor: toMinorUnits(mostFrequent(tally.unitPrices)),
      currency: "GBP",
      // The letter after the five digits marks a colour or size of one design (84029E/84029G: hot water
      // bottles); the digits group them when more than one was sold.
      lineKey: (familySizes.get(family) ?? 0) > 1 ? family : null,
      crossSells: [],
    };
  });

  const catalog: EvaluationCatalog = {
    slug: "uci-online-retail",
    name: "UCI Online Retail (UK gift-ware shop, 2010-2011)",
    source: {
      url: "https://archive.ics.uci.edu/dataset/352/online+retail",
      repository: "databricks/Spark-The-Definitive-Guide",
      path: "data/retail-data/by-day/*.csv",
      commit: "4ba5601eb9b9aed1d01ab79775e3af228216ff6f",
      license: "CC BY 4.0 (UCI Machine Learning Repository; Chen, Sain & Guo 2012)",
      notes:
        `Real invoices. ${rowCount} rows read, ${keptRowCount} product purchase lines kept; ` +
        `${qualifying.length} invoices with >= ${MIN_DISTINCT_PRODUCTS} distinct products, first ${kept.length} ` +
        "by invoice number kept as orders. No categories, types or descriptions in the source. " +
        "See evaluation/sources/uci-online-retail.md.",
    },
    products,
    orders,
  };
  const bytes = writeCatalog(outputPath, catalog);
  const lineItems = orders.reduce((sum, order) => sum + order.length, 0);
  process.stdout.write(
    `${outputPath}: ${products.length} products, ${orders.length} orders of ${qualifying.length} qualifying ` +
      `(${rowCount} rows, ${keptRowCount} kept), ${(lineItems / orders.length).toFixed(2)} distinct products ` +
      `per order, ${bytes} bytes\n`,
  );
}

main();
