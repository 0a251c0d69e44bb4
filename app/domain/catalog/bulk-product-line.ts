import { z } from "zod";
import { numericIdFromGid } from "~/lib/shopify-ids";
import { parseMinorUnits } from "~/lib/money";
import { collapseText } from "./html-to-text";
import { imageUrl } from "~/lib/public-url";
import { parseTags } from "./product-webhook-payload";
import type { ProductFacts } from "./product-facts";

/**
 * One line of the products bulk export (app/graphql/run-products-bulk-query.ts). Products, their variants and
 * their collections are separate lines; a variant or collection names its product in `__parentId` and comes
 * after it, though not necessarily right after it.
 */

const MoneySchema = z.object({
  amount: z.union([z.string().max(40), z.number()]),
  currencyCode: z.string().length(3),
});

const BulkProductSchema = z.object({
  id: z.string(),
  handle: z.string().min(1).max(1000),
  title: z.string().max(1000),
  description: z.string().nullish(),
  productType: z.string().nullish(),
  vendor: z.string().nullish(),
  tags: z.array(z.string()).max(1000).nullish(),
  status: z.string().regex(/^[A-Z_]{1,32}$/),
  updatedAt: z.iso.datetime({ offset: true }),
  priceRangeV2: z.object({ minVariantPrice: MoneySchema, maxVariantPrice: MoneySchema }),
  featuredMedia: z
    .object({ preview: z.object({ image: z.object({ url: z.string() }).nullish() }).nullish() })
    .nullish(),
});

const BulkVariantSchema = z.object({
  id: z.string(),
  __parentId: z.string(),
  availableForSale: z.boolean(),
});

/**
 * Product.category and the two Search & Discovery metafields (aliased complementaryProducts and
 * relatedProducts in the export), each read apart from the product: one of an unexpected shape costs the
 * product that field only (no category, no links), never the product. The export writes null for an unset
 * one; a field missing from the line was not asked for (an export started before these were), so the stored
 * value stays (undefined).
 */
const BulkCategorySchema = z.object({ fullName: z.string() });
const BulkMetafieldSchema = z.object({ value: z.string() });

function readCategory(record: Record<string, unknown>): string | null | undefined {
  if (!("category" in record)) return undefined;
  const parsed = BulkCategorySchema.safeParse(record.category);
  return parsed.success ? parsed.data.fullName.trim().slice(0, 500) || null : null;
}

function readLinks(record: Record<string, unknown>, alias: string, productId: string): string[] | undefined {
  if (!(alias in record)) return undefined;
  const parsed = BulkMetafieldSchema.safeParse(record[alias]);
  return parsed.success ? parseLinkedProductIds(parsed.data.value, productId) : [];
}

/** Links kept per product and kind: Search & Discovery shows a handful; more would only be noise. */
export const MAX_LINKED_PRODUCTS = 50;

/**
 * The id digits in a list.product_reference metafield's value (a JSON string of product gids), in the
 * merchant's order: anything that is not a product gid is dropped, and so are repeats and the product itself.
 * An unreadable value is no links.
 */
export function parseLinkedProductIds(value: string, ownProductId: string): string[] {
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  const ids = new Set<string>();
  for (const item of list as unknown[]) {
    if (ids.size === MAX_LINKED_PRODUCTS) break;
    const id = typeof item === "string" ? numericIdFromGid(item, "Product") : null;
    if (id && id !== ownProductId) ids.add(id);
  }
  return [...ids];
}

/** InventoryItem.unitCost, asked only with read_inventory (PRODUCTS_WITH_COSTS_BULK_QUERY); null: no cost set. */
const BulkUnitCostSchema = z.object({ inventoryItem: z.object({ unitCost: MoneySchema.nullable() }) });

/** A variant's unit cost as the export wrote it: converted to the shop currency's minor units by the import. */
export interface BulkUnitCost {
  amount: string | number;
  currencyCode: string;
}

const BulkCollectionSchema = z.object({
  __parentId: z.string(),
  id: z.string(),
  title: z.string(),
});

/** A collection a product is in, as Product.collections keeps it: Shopify's id digits and the title. */
export interface ProductCollection {
  id: string;
  title: string;
}

export type BulkLine =
  | { kind: "product"; facts: ProductFacts }
  | {
      kind: "variant";
      productId: string;
      /** Shopify's id digits; null when the line's id is not a variant's (its cost is then not kept). */
      variantId: string | null;
      availableForSale: boolean;
      /** Null when the export did not ask for costs, the variant has none, or its shape was unexpected. */
      unitCost: BulkUnitCost | null;
    }
  | { kind: "collection"; productId: string; collection: ProductCollection }
  /** A line that could not be used; `productId` when it still said which product it was. */
  | { kind: "invalid"; productId: string | null; reason: string };

function invalid(productId: string | null, reason: string): BulkLine {
  return { kind: "invalid", productId, reason };
}

export function parseBulkLine(line: string): BulkLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return invalid(null, "not JSON");
  }
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const id = typeof record.id === "string" ? record.id : "";
  if ("__parentId" in record && numericIdFromGid(id, "Collection")) {
    const parsed = BulkCollectionSchema.safeParse(record);
    const productId = parsed.success ? numericIdFromGid(parsed.data.__parentId, "Product") : null;
    const title = parsed.success ? parsed.data.title.trim().slice(0, 255) : "";
    // Its product is known: an unusable collection line must not count as an unreadable product.
    if (!parsed.success || !productId || !title)
      return invalid(productId, `collection ${id}: unexpected shape`);
    return {
      kind: "collection",
      productId,
      collection: { id: numericIdFromGid(id, "Collection") as string, title },
    };
  }
  if ("__parentId" in record) {
    const variant = BulkVariantSchema.safeParse(record);
    const productId = variant.success ? numericIdFromGid(variant.data.__parentId, "Product") : null;
    if (!variant.success || !productId) return invalid(null, `variant ${id}: unexpected shape`);
    // A cost that cannot be read costs the variant its cost only, never its availability.
    const cost = BulkUnitCostSchema.safeParse(record);
    return {
      kind: "variant",
      productId,
      variantId: numericIdFromGid(variant.data.id, "ProductVariant"),
      availableForSale: variant.data.availableForSale,
      unitCost: cost.success ? cost.data.inventoryItem.unitCost : null,
    };
  }
  const productId = numericIdFromGid(id, "Product");
  if (!productId) return invalid(null, "a line that is neither a product nor a variant");
  const parsed = BulkProductSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(productId, `${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  const product = parsed.data;
  const { minVariantPrice, maxVariantPrice } = product.priceRangeV2;
  const currency = minVariantPrice.currencyCode.toUpperCase();
  const priceMinMinor = parseMinorUnits(minVariantPrice.amount, currency);
  const priceMaxMinor = parseMinorUnits(maxVariantPrice.amount, currency);
  if (priceMinMinor === null || priceMaxMinor === null) return invalid(productId, "price is not an amount");
  return {
    kind: "product",
    facts: {
      productId,
      handle: product.handle,
      title: product.title.trim().slice(0, 500),
      description: collapseText(product.description ?? ""),
      productType: product.productType?.trim().slice(0, 255) || null,
      vendor: product.vendor?.trim().slice(0, 255) || null,
      category: readCategory(record),
      tags: parseTags(product.tags),
      complementaryProductIds: readLinks(record, "complementaryProducts", productId),
      relatedProductIds: readLinks(record, "relatedProducts", productId),
      status: product.status,
      currency,
      priceMinMinor,
      priceMaxMinor,
      imageUrl: imageUrl(product.featuredMedia?.preview?.image?.url),
      // Settled by the variant lines that follow.
      availableForSale: false,
      shopifyUpdatedAt: new Date(product.updatedAt),
    },
  };
}
