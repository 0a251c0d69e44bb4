import { z } from "zod";
import { ShopifyIdSchema } from "~/lib/shopify-ids";
import { parseMinorUnits } from "~/lib/money";
import { htmlToText } from "./html-to-text";
import type { ProductFacts } from "./product-facts";
import { imageUrl } from "~/lib/public-url";

/**
 * products/create and products/update, REST-shaped: ids as numbers (exact digit strings after
 * parseJsonExact), prices as decimal strings in the shop's currency, tags as one comma-separated string,
 * status in lowercase.
 */

const MoneySchema = z.union([z.string().max(40), z.number()]).transform((value) => String(value));
const TimestampSchema = z.iso.datetime({ offset: true, error: "must be an ISO 8601 timestamp" });
const optionalText = (max: number) =>
  z
    .string()
    .nullish()
    .transform((value) => value?.trim().slice(0, max) || null);

// No unit cost: a products/update variant names its inventory_item_id but not the item's cost, which only the
// export reads (InventoryItem.unitCost, with read_inventory). inventory_items/update carries the cost, keyed by
// the inventory item, which Cartback does not store; costs are as current as the last full sync.
const VariantSchema = z.object({
  price: MoneySchema,
  inventory_quantity: z.number().int().nullish(),
  inventory_policy: z.string().max(32).nullish(),
  inventory_management: z.string().max(64).nullish(),
});
export type ProductVariantPayload = z.infer<typeof VariantSchema>;

const ImageSchema = z.object({ src: z.string().max(4096).nullish() });

// Shopify's standard category, in payloads of API 2024-10 and later: { admin_graphql_api_id, name, full_name },
// null when unset. Absent (an older version) or of another shape, it says nothing, and the stored one stays.
const CategorySchema = z
  .object({ full_name: z.string().max(1000) })
  .nullish()
  .catch(undefined);

export const ProductPayloadSchema = z.object({
  id: ShopifyIdSchema,
  title: z.string().max(1000),
  handle: z.string().trim().min(1, "is required").max(1000),
  body_html: z.string().nullish(),
  vendor: optionalText(255),
  product_type: optionalText(255),
  // Shopify may add statuses (it added "unlisted"); an unknown one is stored, not refused.
  status: z
    .string()
    .regex(/^[A-Za-z_]{1,32}$/, "must be a product status")
    .transform((value) => value.toUpperCase()),
  tags: z.union([z.string().max(100_000), z.array(z.string().max(255))]).nullish(),
  category: CategorySchema,
  updated_at: TimestampSchema,
  variants: z.array(VariantSchema).max(2048).default([]),
  image: ImageSchema.nullish(),
  images: z.array(ImageSchema).max(1000).nullish(),
});
export type ProductPayload = z.infer<typeof ProductPayloadSchema>;

export const ProductDeletePayloadSchema = z.object({ id: ShopifyIdSchema });
export type ProductDeletePayload = z.infer<typeof ProductDeletePayloadSchema>;

export class ProductPayloadError extends Error {}

/**
 * A variant can be sold when Shopify does not track its stock, when it keeps selling at zero ("continue"),
 * or when stock is left.
 */
export function isVariantAvailable(variant: ProductVariantPayload): boolean {
  return (
    !variant.inventory_management ||
    variant.inventory_policy === "continue" ||
    (variant.inventory_quantity ?? 0) > 0
  );
}

/** "summer, cotton ,, sale" -> ["summer", "cotton", "sale"] */
export function parseTags(tags: string | string[] | null | undefined): string[] {
  const list = typeof tags === "string" ? tags.split(",") : (tags ?? []);
  return list
    .map((tag) => tag.trim().slice(0, 255))
    .filter(Boolean)
    .slice(0, 250);
}

/**
 * The facts of a webhook product. Prices are in the shop's currency, which the payload does not name. The
 * payload carries no metafields (the subscriptions ask for none), so the Search & Discovery links are left
 * undefined: the stored ones stay, and the next full sync refreshes them.
 */
export function toProductFacts(payload: ProductPayload, currency: string): ProductFacts {
  const prices = payload.variants.map((variant, index) => {
    const minor = parseMinorUnits(variant.price, currency);
    if (minor === null) {
      throw new ProductPayloadError(
        `variants.${index}.price: "${variant.price.slice(0, 40)}" is not an amount in ${currency}`,
      );
    }
    return minor;
  });
  return {
    productId: payload.id,
    handle: payload.handle,
    title: payload.title.trim().slice(0, 500),
    description: htmlToText(payload.body_html ?? ""),
    productType: payload.product_type,
    vendor: payload.vendor,
    category:
      payload.category === undefined ? undefined : payload.category?.full_name.trim().slice(0, 500) || null,
    tags: parseTags(payload.tags),
    complementaryProductIds: undefined,
    relatedProductIds: undefined,
    status: payload.status,
    currency,
    priceMinMinor: prices.length > 0 ? Math.min(...prices) : 0,
    priceMaxMinor: prices.length > 0 ? Math.max(...prices) : 0,
    imageUrl: imageUrl(payload.image?.src ?? payload.images?.[0]?.src),
    availableForSale: payload.variants.some(isVariantAvailable),
    shopifyUpdatedAt: new Date(payload.updated_at),
  };
}
