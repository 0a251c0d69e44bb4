/**
 * Converts IKEA Saudi Arabia's furniture range as scraped on 2020-04-20 (TidyTuesday 2020-11-03, ikea.csv) into
 * evaluation/catalogs/ikea-sa-2020.json.gz. evaluation/sources/ikea-sa-2020.md cites the source and explains
 * every mapping.
 *
 *   npx tsx evaluation/import/ikea-sa-2020.ts <ikea.csv> [output path]
 */
import { readFileSync } from "node:fs";

import type { EvaluationCatalog, EvaluationProduct } from "../catalog-format.ts";
import { writeCatalog } from "./catalog-output.ts";
import { parseCsvObjects } from "./csv.ts";
import { parseDecimalToMinor } from "./minor-units.ts";

const SLUG = "ikea-sa-2020";
const REPOSITORY = "rfordatascience/tidytuesday";
const PATH = "data/2020/2020-11-03/ikea.csv";
const COMMIT = "2c423bacc57e4632ff8550557e0bc823eefa31ab";

/** The scraper put the long description, led by the article number, in the designer column of some rows. */
const DESCRIPTION_IN_DESIGNER = /^\d{3}\.\d{3}\.\d{2}\s+/;

export function convertIkeaRows(rows: readonly Record<string, string>[]): EvaluationProduct[] {
  const products = new Map<string, EvaluationProduct>();
  for (const row of rows) {
    const id = field(row, "item_id");
    const category = field(row, "category");
    const existing = products.get(id);
    // An item listed in several categories appears once per category, otherwise identical.
    if (existing) {
      if (!existing.tags.includes(category)) existing.tags.push(category);
      continue;
    }
    const shortDescription = collapse(field(row, "short_description"));
    const productType = shortDescription.split(",")[0]?.trim() || null;
    const designer = field(row, "designer");
    const longDescription = DESCRIPTION_IN_DESIGNER.test(designer)
      ? designer.replace(DESCRIPTION_IN_DESIGNER, "")
      : "";
    const name = collapse(field(row, "name"));
    products.set(id, {
      id,
      handle: handleFromLink(field(row, "link")),
      title: `${name} ${shortDescription}`.trim(),
      description: [shortDescription, collapse(longDescription)].filter((text) => text !== "").join(". "),
      productType,
      category: category === "" ? null : `Furniture > ${category}`,
      vendor: "IKEA",
      tags: [category],
      status: "ACTIVE",
      availableForSale: field(row, "sellable_online").toLowerCase() === "true",
      priceMinor: parseDecimalToMinor(field(row, "price")),
      currency: "SAR",
      // The range name (IKEA's family: FRANKLIN, PAX) with the product type: the colours and sizes of one
      // thing. The range alone would join a range's table with its chairs, which are complements.
      lineKey: `${name.toLowerCase()}|${(productType ?? "").toLowerCase()}`,
      crossSells: [],
    });
  }
  return [...products.values()];
}

function handleFromLink(link: string): string {
  const match = /\/p\/([^/]+)\/?$/.exec(link);
  if (!match?.[1]) throw new Error(`Not an IKEA product link: ${link}`);
  return match[1];
}

function field(row: Record<string, string>, name: string): string {
  const value = row[name];
  if (value === undefined) throw new Error(`ikea.csv has no column "${name}"`);
  return value.trim();
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function main(): void {
  const [inputPath, outputPath = `evaluation/catalogs/${SLUG}.json.gz`] = process.argv.slice(2);
  if (!inputPath) throw new Error("Usage: tsx evaluation/import/ikea-sa-2020.ts <ikea.csv> [output path]");
  const products = convertIkeaRows(parseCsvObjects(readFileSync(inputPath, "utf8")));
  const catalog: EvaluationCatalog = {
    slug: SLUG,
    name: "IKEA Saudi Arabia furniture (scraped 2020-04-20)",
    source: {
      url: `https://github.com/${REPOSITORY}/blob/${COMMIT}/${PATH}`,
      repository: REPOSITORY,
      path: PATH,
      commit: COMMIT,
      license:
        "TidyTuesday repository: MIT. The data was scraped from ikea.com/sa by Ahmed Kallam and published on " +
        "Kaggle (ahmedkallam/ikea-sa-furniture-web-scraping); product names and descriptions are IKEA's.",
      notes:
        "One product per item_id (an item listed in several categories appears once per category in the " +
        "file). productType: the short description's first phrase (IKEA's type name, 'Bar stool with " +
        "backrest'); category: 'Furniture > ' + IKEA category; tags: every category the item is listed in; " +
        "availableForSale: sellable_online; prices in SAR. lineKey: range name + type name. See " +
        "evaluation/sources/ikea-sa-2020.md.",
    },
    products,
  };
  const bytes = writeCatalog(outputPath, catalog);
  process.stdout.write(`${SLUG}: ${products.length} products, ${bytes} bytes → ${outputPath}\n`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
