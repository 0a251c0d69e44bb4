/**
 * Converts Shopify's sample product CSVs (github.com/shopifypartners/product-csvs: apparel, jewellery, home and
 * garden) into evaluation/catalogs-local/shopify-partners-samples.json.gz: git-ignored, because the repository
 * has no licence file, so the file is rebuilt by each developer and never committed.
 * evaluation/sources/shopify-partners-samples.md cites the source and explains every mapping.
 *
 *   npx tsx evaluation/import/shopify-partners-samples.ts <folder holding the three CSVs> [output path]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import type { EvaluationCatalog } from "../catalog-format.ts";
import { writeCatalog } from "./catalog-output.ts";
import { parseCsvObjects } from "./csv.ts";
import { convertShopifyProductCsv, deriveTrailingWordLineKeys } from "./shopify-product-csv.ts";

const SLUG = "shopify-partners-samples";
const COMMIT = "045fb432d85dc59d558717208399176d62bf106d";
/** The file name is the repository's own spelling. */
const FILES = ["apparel.csv", "jewelery.csv", "home-and-garden.csv"];

function main(): void {
  const [folder, outputPath = `evaluation/catalogs-local/${SLUG}.json.gz`] = process.argv.slice(2);
  if (!folder)
    throw new Error("Usage: tsx evaluation/import/shopify-partners-samples.ts <folder> [output path]");

  const products = FILES.flatMap((file) =>
    convertShopifyProductCsv(parseCsvObjects(readFileSync(join(folder, file), "utf8")), { currency: "USD" }),
  );
  const handles = products.map((product) => product.handle);
  if (new Set(handles).size !== handles.length) throw new Error("Two sample files share a handle");
  const lineKeys = deriveTrailingWordLineKeys(handles);
  for (const product of products) product.lineKey = lineKeys.get(product.handle) ?? null;

  const catalog: EvaluationCatalog = {
    slug: SLUG,
    name: "Shopify sample products (apparel, jewellery, home and garden)",
    source: {
      url: `https://github.com/shopifypartners/product-csvs/tree/${COMMIT}`,
      repository: "shopifypartners/product-csvs",
      path: FILES.join(", "),
      commit: COMMIT,
      license:
        "No licence file; Shopify publishes the files as sample data for anyone to import into a store " +
        "(images from Shopify's free Burst library).",
      notes:
        "Three Shopify product CSVs in one catalog. Type as productType (empty for every apparel product), " +
        "Google Shopping category as category (empty in all three), Published=false as DRAFT, prices read " +
        "as USD (a product CSV has no currency). lineKey: handles equal once trailing size/colour words are " +
        "removed; none are, so every lineKey is null. See evaluation/sources/shopify-partners-samples.md.",
    },
    products,
  };
  const bytes = writeCatalog(outputPath, catalog);
  process.stdout.write(`${SLUG}: ${products.length} products, ${bytes} bytes → ${outputPath}\n`);
}

main();
