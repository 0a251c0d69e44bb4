import type { DbTransaction } from "~/db.server";
import {
  hasProductChanged,
  PRODUCT_COLUMNS_SELECT,
  toProductColumns,
  type ProductFacts,
} from "./product-facts";

export interface ProductBatchResult {
  created: number;
  /** Products whose stored data changed (new ones included): any of them moves the catalog version. */
  changed: number;
  /** Products a webhook stored a newer state of than the export has; left as they are. */
  staleIds: string[];
}

/**
 * Writes one batch of exported products, and stamps each with the sync that saw it. Cheap when little
 * changed, which is the common case for a re-sync: one read for the batch, one insert for all new products,
 * one update stamping the unchanged ones, and a row update only for products that really changed.
 */
export async function writeProductBatch(
  tx: DbTransaction,
  { shop, syncId }: { shop: string; syncId: string },
  products: ProductFacts[],
): Promise<ProductBatchResult> {
  const stored = await tx.product.findMany({
    where: { shop, productId: { in: products.map((product) => product.productId) } },
    select: { productId: true, syncId: true, ...PRODUCT_COLUMNS_SELECT },
  });
  const storedById = new Map(stored.map((row) => [row.productId, row]));
  const creates = [];
  const stamps: string[] = [];
  const staleIds: string[] = [];
  let changed = 0;
  for (const facts of products) {
    const columns = toProductColumns(facts);
    const existing = storedById.get(facts.productId);
    if (!existing) {
      creates.push({ shop, productId: facts.productId, syncId, ...columns });
      continue;
    }
    const isStale = existing.shopifyUpdatedAt > facts.shopifyUpdatedAt;
    const isChanged = !isStale && hasProductChanged(existing, columns);
    if (isStale) staleIds.push(facts.productId);
    if (isStale || (!isChanged && existing.shopifyUpdatedAt.getTime() === facts.shopifyUpdatedAt.getTime())) {
      if (existing.syncId !== syncId) stamps.push(facts.productId);
      continue;
    }
    await tx.product.update({
      where: { shop_productId: { shop, productId: facts.productId } },
      data: { ...columns, syncId },
    });
    if (isChanged) changed++;
  }
  if (creates.length > 0) await tx.product.createMany({ data: creates });
  if (stamps.length > 0) {
    await tx.product.updateMany({ where: { shop, productId: { in: stamps } }, data: { syncId } });
  }
  return { created: creates.length, changed: changed + creates.length, staleIds };
}
