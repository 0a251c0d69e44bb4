/**
 * Converts Magento's Luma sample store (github.com/magento/magento2-sample-data) into
 * evaluation/catalogs/magento-luma.json.gz. evaluation/sources/magento-luma.md cites the source and explains
 * every mapping.
 *
 *   npx tsx evaluation/import/magento-luma.ts <checkout of magento/magento2-sample-data> [output path]
 *
 * The checkout only needs app/code/Magento/<Module>/fixtures/.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import type { EvaluationCatalog, EvaluationProduct } from "../catalog-format.ts";
import {
  htmlToPlainText,
  decodeHtmlEntities,
  toHandle,
  toMinorUnits,
  writeCatalog,
} from "./catalog-output.ts";
import { parseCsvObjects } from "./csv.ts";

const COMMIT = "53807565ba9f23c9409268c02bb995cf39ef553d";

const CATEGORY_FILES = [
  "CatalogSampleData/fixtures/categories.csv",
  "ConfigurableSampleData/fixtures/categories.csv",
  "DownloadableSampleData/fixtures/categories.csv",
];

/** The simple, bundle, grouped and downloadable product files, in the order the installers load them. */
const FLAT_PRODUCT_FILES = [
  "CatalogSampleData/fixtures/SimpleProduct/products_gear_bags.csv",
  "CatalogSampleData/fixtures/SimpleProduct/products_gear_fitness_equipment.csv",
  "CatalogSampleData/fixtures/SimpleProduct/products_gear_fitness_equipment_ball.csv",
  "CatalogSampleData/fixtures/SimpleProduct/products_gear_fitness_equipment_strap.csv",
  "CatalogSampleData/fixtures/SimpleProduct/products_gear_watches.csv",
  "BundleSampleData/fixtures/yoga_bundle.csv",
  "GroupedProductSampleData/fixtures/yoga_grouped.csv",
  "DownloadableSampleData/fixtures/products_training_video_download.csv",
];

const CONFIGURABLE_FILE = "ConfigurableSampleData/fixtures/products.csv";

/**
 * Only the link files the sample-data installers actually load (ProductLinksSampleData and
 * ConfigurableSampleData). Bundle, Grouped and Downloadable modules also ship Links/*.csv that no installer
 * reads, so a Luma store never shows them; they are left out.
 */
const LINK_FILES = {
  crosssell: [
    "ProductLinksSampleData/fixtures/crosssell.csv",
    "ConfigurableSampleData/fixtures/Links/crosssell.csv",
  ],
  related: [
    "ProductLinksSampleData/fixtures/related.csv",
    "ConfigurableSampleData/fixtures/Links/related.csv",
  ],
} as const;

/** Root categories whose children are merchandising collections rather than what a product is. */
const COLLECTION_ROOTS = new Set(["Collections", "Promotions"]);

/** Magento's "Not Visible Individually": sold only inside a bundle or grouped product. */
const NOT_VISIBLE_INDIVIDUALLY = "1";

interface CategoryNode {
  name: string;
  path: string[];
  children: CategoryNode[];
}

interface DraftProduct extends Omit<EvaluationProduct, "crossSells"> {
  /** Category paths (names from the root), as Magento would assign them. */
  categoryPaths: string[][];
}

function readFixture(root: string, relativePath: string): Record<string, string>[] {
  return parseCsvObjects(readFileSync(join(root, "app/code/Magento", relativePath), "utf8"));
}

function buildCategoryTree(root: string): CategoryNode {
  const tree: CategoryNode = { name: "", path: [], children: [] };
  for (const file of CATEGORY_FILES) {
    for (const row of readFixture(root, file)) {
      const parentPath = row.path ? row.path.split("/") : [];
      let parent = tree;
      for (const name of parentPath) {
        const next = parent.children.find((child) => child.name === name);
        if (!next) throw new Error(`${file}: parent category ${row.path} is not defined before ${row.name}`);
        parent = next;
      }
      const name = row.name ?? "";
      if (!parent.children.some((child) => child.name === name)) {
        parent.children.push({ name, path: [...parentPath, name], children: [] });
      }
    }
  }
  return tree;
}

/**
 * The flat product files list category names one per line; Magento's installer walks them down the tree,
 * starting again from the root after a leaf, and ignores a name that is not a child of where it stands.
 */
function resolveCategoryNames(tree: CategoryNode, names: string[]): string[][] {
  const paths: string[][] = [];
  let position = tree;
  for (const name of names) {
    const child = position.children.find((candidate) => candidate.name === name);
    if (!child) continue;
    paths.push(child.path);
    position = child.children.length > 0 ? child : tree;
  }
  return paths;
}

function splitLines(value: string | undefined): string[] {
  return (value ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The deepest assigned path outside Collections/Promotions, as "Men > Tops > Jackets". */
function pickCategory(paths: string[][]): string | null {
  const structural = paths.filter((path) => !COLLECTION_ROOTS.has(path[0] ?? ""));
  const deepest = structural.reduce<string[] | null>(
    (best, path) => (best === null || path.length > best.length ? path : best),
    null,
  );
  return deepest ? deepest.join(" > ") : null;
}

function collectionTags(paths: string[][]): string[] {
  const tags = paths
    .filter((path) => COLLECTION_ROOTS.has(path[0] ?? "") && path.length > 1)
    .map((path) => path.at(-1)!);
  return [...new Set(tags)];
}

function parsePrice(value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const price = Number(value);
  if (!Number.isFinite(price)) throw new Error(`Unreadable price ${value}`);
  return price;
}

function lowestPrice(...prices: (number | null)[]): number | null {
  const known = prices.filter((price): price is number => price !== null);
  return known.length > 0 ? Math.min(...known) : null;
}

function readFlatProducts(root: string, tree: CategoryNode): DraftProduct[] {
  const drafts: DraftProduct[] = [];
  const priceBySku = new Map<string, number>();
  for (const file of FLAT_PRODUCT_FILES) {
    for (const row of readFixture(root, file)) {
      const sku = row.sku ?? "";
      const title = decodeHtmlEntities(row.name ?? "").trim();
      const categoryPaths = resolveCategoryNames(tree, splitLines(row.category));
      let price = lowestPrice(parsePrice(row.price), parsePrice(row.special_price));
      if (row.bundle_options) {
        // A dynamic-price bundle costs the sum of one choice per option; its lowest price takes the cheapest.
        price = splitLines(row.bundle_options).reduce((sum, option) => {
          const skus = (option.split(":")[1] ?? "").split(",");
          const cheapest = lowestPrice(...skus.map((optionSku) => priceBySku.get(optionSku.trim()) ?? null));
          if (cheapest === null) throw new Error(`${sku}: bundle option ${option} has no priced product`);
          return sum + cheapest;
        }, 0);
      }
      if (row.associated_sku) {
        price = lowestPrice(
          ...row.associated_sku.split(",").map((child) => priceBySku.get(child.trim()) ?? null),
        );
      }
      if (price === null) throw new Error(`${file}: ${sku} has no price`);
      priceBySku.set(sku, price);
      const isComponent = row.visibility === NOT_VISIBLE_INDIVIDUALLY;
      drafts.push({
        id: sku,
        handle: toHandle(row.url_key || title),
        title,
        description: htmlToPlainText(row.description ?? ""),
        productType: row.attribute_set?.trim() || null,
        category: pickCategory(categoryPaths),
        categoryPaths,
        vendor: null,
        tags: collectionTags(categoryPaths),
        status: "ACTIVE",
        // Downloads carry no stock quantity and are always sellable.
        availableForSale: row.qty === undefined || Number(row.qty) > 0,
        priceMinor: toMinorUnits(price),
        currency: "USD",
        // Sizes and colours of one item (the stasis balls, the yoga straps) are separate simple products that
        // Magento sells only inside the kit or set; their attribute set names the line.
        lineKey: isComponent ? (row.attribute_set?.trim() ?? null) : null,
      });
    }
  }
  // The grouped "Set of Sprite Yoga Straps" belongs to the line of the straps it groups.
  for (const file of FLAT_PRODUCT_FILES) {
    for (const row of readFixture(root, file)) {
      if (!row.associated_sku) continue;
      const memberLines = new Set(
        row.associated_sku
          .split(",")
          .map((child) => drafts.find((draft) => draft.id === child.trim())?.lineKey ?? null),
      );
      const draft = drafts.find((candidate) => candidate.id === row.sku);
      const [onlyLine] = [...memberLines];
      if (draft && memberLines.size === 1 && onlyLine) draft.lineKey = onlyLine;
    }
  }
  return drafts;
}

function readConfigurableProducts(root: string): DraftProduct[] {
  const rows = readFixture(root, CONFIGURABLE_FILE);
  const rowBySku = new Map(rows.map((row) => [row.sku ?? "", row]));
  return rows
    .filter((row) => row.product_type === "configurable")
    .map((row) => {
      const variantSkus = (row.configurable_variations ?? "")
        .split("|")
        .map((variation) => /(?:^|,)sku=([^,]+)/.exec(variation)?.[1])
        .filter((sku): sku is string => sku !== undefined);
      const variants = variantSkus.map((sku) => {
        const variant = rowBySku.get(sku);
        if (!variant) throw new Error(`${row.sku}: variant ${sku} is missing`);
        return variant;
      });
      const price = lowestPrice(
        parsePrice(row.price),
        parsePrice(row.special_price),
        ...variants.flatMap((variant) => [parsePrice(variant.price), parsePrice(variant.special_price)]),
      );
      if (price === null) throw new Error(`${row.sku} has no price`);
      const categoryPaths = (row.categories ?? "")
        .split(/,(?=Default Category)/)
        .map((path) => path.split("/").slice(1))
        .filter((path) => path.length > 0);
      const title = decodeHtmlEntities(row.name ?? "").trim();
      return {
        id: row.sku ?? "",
        handle: toHandle(row.url_key || title),
        title,
        description: htmlToPlainText(row.description ?? ""),
        productType: row.attribute_set_code?.trim() || null,
        category: pickCategory(categoryPaths),
        categoryPaths,
        vendor: null,
        tags: collectionTags(categoryPaths),
        status: row.product_online === "1" ? "ACTIVE" : "DRAFT",
        availableForSale: variants.some(
          (variant) => variant.is_in_stock === "1" && Number(variant.qty ?? "0") > 0,
        ),
        priceMinor: toMinorUnits(price),
        currency: "USD",
        lineKey: null,
      } satisfies DraftProduct;
    });
}

interface LinkCounts {
  listed: number;
  kept: number;
}

function readLinks(
  root: string,
  files: readonly string[],
  knownSkus: Set<string>,
): [Map<string, string[]>, LinkCounts] {
  const links = new Map<string, string[]>();
  const counts: LinkCounts = { listed: 0, kept: 0 };
  for (const file of files) {
    for (const row of readFixture(root, file)) {
      const sku = row.sku ?? "";
      for (const linkedSku of splitLines(row.linked_sku)) {
        counts.listed += 1;
        if (!knownSkus.has(sku) || !knownSkus.has(linkedSku) || linkedSku === sku) continue;
        const existing = links.get(sku) ?? [];
        if (existing.includes(linkedSku)) continue;
        existing.push(linkedSku);
        links.set(sku, existing);
        counts.kept += 1;
      }
    }
  }
  return [links, counts];
}

function main(): void {
  const [root, outputPath = "evaluation/catalogs/magento-luma.json.gz"] = process.argv.slice(2);
  if (!root)
    throw new Error(
      "Usage: npx tsx evaluation/import/magento-luma.ts <magento2-sample-data checkout> [output]",
    );
  const tree = buildCategoryTree(root);
  const drafts = [...readFlatProducts(root, tree), ...readConfigurableProducts(root)];
  const knownSkus = new Set(drafts.map((draft) => draft.id));
  if (knownSkus.size !== drafts.length) throw new Error("Duplicate SKUs");
  const [crossSellLinks, crossSellCounts] = readLinks(root, LINK_FILES.crosssell, knownSkus);
  const [relatedLinks, relatedCounts] = readLinks(root, LINK_FILES.related, knownSkus);

  const handles = new Set<string>();
  const products: EvaluationProduct[] = drafts.map(({ categoryPaths: _paths, ...draft }) => {
    let handle = draft.handle;
    for (let suffix = 2; handles.has(handle); suffix += 1) handle = `${draft.handle}-${suffix}`;
    handles.add(handle);
    // Magento's cross-sells (shown in the cart) and related products ("bought in addition to") are both
    // complements; up-sells are pricier alternatives to the product and are left out.
    const crossSells = [
      ...new Set([...(crossSellLinks.get(draft.id) ?? []), ...(relatedLinks.get(draft.id) ?? [])]),
    ];
    return { ...draft, handle, crossSells };
  });

  const catalog: EvaluationCatalog = {
    slug: "magento-luma",
    name: "Magento Luma sample store",
    source: {
      url: `https://github.com/magento/magento2-sample-data/tree/${COMMIT}`,
      repository: "magento/magento2-sample-data",
      path: "app/code/Magento/*SampleData/fixtures",
      commit: COMMIT,
      license: "OSL-3.0 / AFL-3.0 (dual; used under AFL-3.0)",
      notes:
        "Luma, Magento's hand-built demo sportswear store. crossSells = Magento cross-sells + related products " +
        "(up-sells excluded). See evaluation/sources/magento-luma.md.",
    },
    products,
  };
  const bytes = writeCatalog(outputPath, catalog);
  const withCrossSells = products.filter((product) => product.crossSells.length > 0).length;
  process.stdout.write(
    `${outputPath}: ${products.length} products, ${withCrossSells} with crossSells ` +
      `(cross-sell links ${crossSellCounts.kept}/${crossSellCounts.listed} kept, ` +
      `related ${relatedCounts.kept}/${relatedCounts.listed}), ${bytes} bytes\n`,
  );
}

main();
