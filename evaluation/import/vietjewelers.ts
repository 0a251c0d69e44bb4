/**
 * Converts a real Shopify store's product export, Viet Jewelers (silver jewellery, Vietnam), as committed to
 * github.com/dinhdungweb/Vietjewelers, into evaluation/catalogs-local/vietjewelers.json.gz: git-ignored, because
 * the repository states no licence, so the file is rebuilt by each developer and never committed.
 * evaluation/sources/vietjewelers.md cites the source and explains every mapping.
 *
 *   npx tsx evaluation/import/vietjewelers.ts <products_export_1.csv> [output path]
 */
import { readFileSync } from "node:fs";

import type { EvaluationCatalog } from "../catalog-format.ts";
import { writeCatalog } from "./catalog-output.ts";
import { parseCsvObjects } from "./csv.ts";
import { convertShopifyProductCsv, deriveTrailingWordLineKeys } from "./shopify-product-csv.ts";

const SLUG = "vietjewelers";
const REPOSITORY = "dinhdungweb/Vietjewelers";
const PATH = "products_export_1.csv";
const COMMIT = "cc7727b2fbcc73ac617fa955ce7502f98e2d2f5e";

function main(): void {
  const [inputPath, outputPath = `evaluation/catalogs-local/${SLUG}.json.gz`] = process.argv.slice(2);
  if (!inputPath)
    throw new Error("Usage: tsx evaluation/import/vietjewelers.ts <products_export_1.csv> [output path]");
  const products = convertShopifyProductCsv(parseCsvObjects(readFileSync(inputPath, "utf8")), {
    currency: "VND",
  });
  const lineKeys = deriveTrailingWordLineKeys(products.map((product) => product.handle));
  for (const product of products) product.lineKey = lineKeys.get(product.handle) ?? null;

  const catalog: EvaluationCatalog = {
    slug: SLUG,
    name: "Viet Jewelers (a real Shopify store's product export)",
    source: {
      url: `https://github.com/${REPOSITORY}/blob/${COMMIT}/${PATH}`,
      repository: REPOSITORY,
      path: PATH,
      commit: COMMIT,
      license: "None stated: the repository has no licence file (all rights reserved by default).",
      notes:
        "Shopify admin export (one row per variant, grouped by Handle). Type as productType (empty for about " +
        "half the products), Product Category as category ('Uncategorized' as null), Status as status " +
        "(Published=false as DRAFT), availability from inventory tracker/policy/quantity, prices in VND. " +
        "The Search & Discovery complementary/related columns are present but empty. lineKey: handles equal " +
        "once trailing size/colour words are removed. See evaluation/sources/vietjewelers.md.",
    },
    products,
  };
  const bytes = writeCatalog(outputPath, catalog);
  process.stdout.write(`${SLUG}: ${products.length} products, ${bytes} bytes → ${outputPath}\n`);
}

main();
