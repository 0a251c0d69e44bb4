/**
 * Products from a Shopify product CSV (Admin → Products → Export, or a CSV made for Products → Import).
 * Such a file has one row per variant (and extra rows per image); rows of one product share its Handle, and
 * only the product's first row carries Title, Body (HTML), Vendor, Type, Tags and Published. The evaluation
 * sources (evaluation/sources/*.md) say which columns each file had.
 */
import type { EvaluationProduct } from "../catalog-format.ts";
import { htmlToPlainText } from "./catalog-output.ts";
import { parseDecimalToMinor } from "./minor-units.ts";

export type ShopifyCsvRow = Record<string, string>;

interface ConvertOptions {
  /** A product CSV carries no currency: the store's, as its source says. */
  currency: string;
}

const STATUSES = { active: "ACTIVE", draft: "DRAFT", archived: "ARCHIVED" } as const;

/** Products in the order their first row appears; ids are handles, since the CSV carries no product id. */
export function convertShopifyProductCsv(
  rows: readonly ShopifyCsvRow[],
  options: ConvertOptions,
): EvaluationProduct[] {
  const rowsByHandle = new Map<string, ShopifyCsvRow[]>();
  for (const row of rows) {
    const handle = column(row, "Handle");
    if (handle === "") continue;
    const group = rowsByHandle.get(handle);
    if (group) group.push(row);
    else rowsByHandle.set(handle, [row]);
  }

  // Minor units follow ISO 4217: cents for USD, whole dong for VND.
  const fractionDigits =
    new Intl.NumberFormat("en", { style: "currency", currency: options.currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const products: EvaluationProduct[] = [];
  for (const [handle, group] of rowsByHandle) {
    const main = group.find((row) => column(row, "Title") !== "");
    if (!main) throw new Error(`Shopify CSV: no row of "${handle}" has a Title`);
    const variants = group.filter((row) => column(row, "Variant Price") !== "");
    if (variants.length === 0) throw new Error(`Shopify CSV: "${handle}" has no variant with a price`);
    products.push({
      id: handle,
      handle,
      title: column(main, "Title"),
      description: htmlToPlainText(column(main, "Body (HTML)")),
      productType: orNull(column(main, "Type")),
      category: readCategory(main),
      vendor: orNull(column(main, "Vendor")),
      tags: splitTags(column(main, "Tags")),
      status: readStatus(main),
      availableForSale: variants.some(isVariantAvailable),
      priceMinor: Math.min(
        ...variants.map((row) => parseDecimalToMinor(column(row, "Variant Price"), fractionDigits)),
      ),
      currency: options.currency,
      lineKey: null,
      crossSells: [],
    });
  }
  return products;
}

/**
 * The standard product category (newer exports' Product Category, a full taxonomy path), else the Google
 * Shopping category; Shopify writes "Uncategorized" for a product without one.
 */
function readCategory(row: ShopifyCsvRow): string | null {
  const category =
    orNull(column(row, "Product Category")) ??
    orNull(column(row, "Google Shopping / Google Product Category"));
  return category === null || category.toLowerCase() === "uncategorized" ? null : category;
}

/**
 * Newer exports have Status (active/draft/archived); every export has Published, which is false for a product
 * hidden from the online store: unpublished counts as DRAFT, since a shopper cannot buy it there.
 */
function readStatus(row: ShopifyCsvRow): EvaluationProduct["status"] {
  const status = column(row, "Status").toLowerCase();
  if (status !== "" && status !== "active") {
    const known = STATUSES[status as keyof typeof STATUSES];
    if (!known) throw new Error(`Shopify CSV: unknown Status "${status}"`);
    return known;
  }
  return column(row, "Published").toLowerCase() === "false" ? "DRAFT" : "ACTIVE";
}

/**
 * Shopify sells a variant when its inventory is not tracked, when it may be oversold (policy "continue"), or
 * when it has stock. An export without the quantity column says nothing about stock, so the variant counts as
 * available.
 */
function isVariantAvailable(row: ShopifyCsvRow): boolean {
  if (!("Variant Inventory Qty" in row)) return true;
  if (column(row, "Variant Inventory Tracker") === "") return true;
  if (column(row, "Variant Inventory Policy").toLowerCase() === "continue") return true;
  return Number(column(row, "Variant Inventory Qty") || "0") > 0;
}

function splitTags(tags: string): string[] {
  const seen = new Set<string>();
  for (const tag of tags.split(",")) {
    const trimmed = tag.trim();
    if (trimmed !== "") seen.add(trimmed);
  }
  return [...seen];
}

function column(row: ShopifyCsvRow, name: string): string {
  return (row[name] ?? "").trim();
}

function orNull(value: string): string | null {
  return value === "" ? null : value;
}

const TRAILING_VARIANT_WORDS = new Set(
  // sizes
  (
    "xxs xs s m l xl xxl xxxl 2xl 3xl 4xl 5xl small medium large regular mini " +
    // colours and metal finishes
    "black white grey gray silver gold rose-gold red pink blue navy green olive yellow orange brown tan " +
    "beige cream ivory purple lilac burgundy charcoal copper bronze clear multicolor multicolour"
  ).split(" "),
);

/**
 * Separate products of one line, read from handles: handles that are equal once trailing size or colour words
 * are removed ("linen-tee-black", "linen-tee-white") share that stem as their key. A stem no other product
 * shares gives no key (null): nothing in the source groups it with anything.
 */
export function deriveTrailingWordLineKeys(handles: readonly string[]): Map<string, string | null> {
  const stems = new Map<string, string | null>();
  for (const handle of handles) stems.set(handle, trailingWordStem(handle));
  const counts = new Map<string, number>();
  for (const stem of stems.values()) if (stem !== null) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  const keys = new Map<string, string | null>();
  for (const [handle, stem] of stems)
    keys.set(handle, stem !== null && (counts.get(stem) ?? 0) > 1 ? stem : null);
  return keys;
}

/** The handle without its trailing size and colour words; null when it has none or is nothing but them. */
function trailingWordStem(handle: string): string | null {
  const words = handle.toLowerCase().split("-");
  let end = words.length;
  while (end > 1) {
    const last = words[end - 1] ?? "";
    const lastTwo = `${words[end - 2] ?? ""}-${last}`;
    if (end > 2 && TRAILING_VARIANT_WORDS.has(lastTwo)) end -= 2;
    else if (TRAILING_VARIANT_WORDS.has(last)) end -= 1;
    else break;
  }
  return end === words.length || end === 0 ? null : words.slice(0, end).join("-");
}
