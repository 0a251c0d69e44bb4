import type { DbTransaction } from "~/db.server";
import { AppError } from "~/lib/app-error";
import type { WebhookHandler } from "~/lib/webhook-handler";
import { bumpCatalogVersion } from "./catalog-version.server";
import {
  hasProductChanged,
  PRODUCT_COLUMNS_SELECT,
  toProductColumns,
  type ProductFacts,
} from "./product-facts";
import {
  ProductDeletePayloadSchema,
  ProductPayloadError,
  ProductPayloadSchema,
  toProductFacts,
  type ProductDeletePayload,
  type ProductPayload,
} from "./product-webhook-payload";

export type ProductIngestOutcome = "CREATED" | "UPDATED" | "UNCHANGED" | "STALE";

/**
 * Stores a product's latest state. Deliveries arrive out of order: a state older than the stored one (by
 * Shopify's updated_at) is ignored. A newer updated_at is kept even when nothing Cartback stores changed, so a
 * late delivery of an intermediate state cannot overwrite it; only a real change moves the catalog version.
 */
export async function upsertProduct(
  tx: DbTransaction,
  shop: string,
  facts: ProductFacts,
): Promise<ProductIngestOutcome> {
  const columns = toProductColumns(facts);
  const key = { shop_productId: { shop, productId: facts.productId } };
  const stored = await tx.product.findUnique({ where: key, select: PRODUCT_COLUMNS_SELECT });
  if (!stored) {
    await tx.product.create({ data: { shop, productId: facts.productId, ...columns } });
    await bumpCatalogVersion(tx, shop, 1);
    return "CREATED";
  }
  if (stored.shopifyUpdatedAt > facts.shopifyUpdatedAt) return "STALE";
  const isChanged = hasProductChanged(stored, columns);
  if (!isChanged && stored.shopifyUpdatedAt.getTime() === facts.shopifyUpdatedAt.getTime())
    return "UNCHANGED";
  // Conditional, so two concurrent deliveries on PostgreSQL cannot let the older one win.
  const { count } = await tx.product.updateMany({
    where: { shop, productId: facts.productId, shopifyUpdatedAt: { lte: facts.shopifyUpdatedAt } },
    data: columns,
  });
  if (count === 0) return "STALE";
  if (!isChanged) return "UNCHANGED";
  await bumpCatalogVersion(tx, shop);
  return "UPDATED";
}

async function shopCurrency(tx: DbTransaction, shop: string): Promise<string> {
  const row = await tx.shop.findUnique({ where: { domain: shop }, select: { currency: true } });
  return row?.currency ?? "USD";
}

/** products/create and products/update. */
export const ingestProduct: WebhookHandler<ProductPayload> = {
  schema: ProductPayloadSchema,
  async handle({ shop, payload, tx }) {
    let facts: ProductFacts;
    try {
      facts = toProductFacts(payload, await shopCurrency(tx, shop));
    } catch (error) {
      if (error instanceof ProductPayloadError) {
        throw new AppError("BAD_REQUEST", `not a valid product: ${error.message}`);
      }
      throw error;
    }
    return upsertProduct(tx, shop, facts);
  },
};

/**
 * products/delete carries only the id. There is no tombstone: should a late products/update arrive after it,
 * the product comes back until the next full sync removes it. Its variants' unit costs go with it.
 */
export const deleteProduct: WebhookHandler<ProductDeletePayload> = {
  schema: ProductDeletePayloadSchema,
  async handle({ shop, payload, tx }) {
    const { count } = await tx.product.deleteMany({ where: { shop, productId: payload.id } });
    await tx.variantCost.deleteMany({ where: { shop, productId: payload.id } });
    if (count === 0) return "UNKNOWN_PRODUCT";
    await bumpCatalogVersion(tx, shop, -count);
    return "DELETED";
  },
};
