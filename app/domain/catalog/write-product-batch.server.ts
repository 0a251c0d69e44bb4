import type { DbTransaction } from "~/db.server";
import type { ProductCollection } from "./bulk-product-line";
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
 *
 * `collections`, when given (the bulk export's), is each product's full list of collections so far (none when
 * absent from the map). A change of collections alone is written but does not count as a change: the
 * recommendation index does not read collections, only segment conditions do.
 */
export async function writeProductBatch(
  tx: DbTransaction,
  { shop, syncId }: { shop: string; syncId: string },
  products: ProductFacts[],
  collections?: ReadonlyMap<string, ProductCollection[]>,
): Promise<ProductBatchResult> {
  const stored = await tx.product.findMany({
    where: { shop, productId: { in: products.map((product) => product.productId) } },
    select: { productId: true, syncId: true, collections: true, ...PRODUCT_COLUMNS_SELECT },
  });
  const storedById = new Map(stored.map((row) => [row.productId, row]));
  const creates = [];
  const stamps: string[] = [];
  const staleIds: string[] = [];
  let changed = 0;
  for (const facts of products) {
    const columns = toProductColumns(facts);
    const collectionsJson = collections ? JSON.stringify(collections.get(facts.productId) ?? []) : undefined;
    const existing = storedById.get(facts.productId);
    if (!existing) {
      creates.push({ shop, productId: facts.productId, syncId, ...columns, collections: collectionsJson });
      continue;
    }
    const isStale = existing.shopifyUpdatedAt > facts.shopifyUpdatedAt;
    const isChanged = !isStale && hasProductChanged(existing, columns);
    const collectionsChanged =
      !isStale && collectionsJson !== undefined && collectionsJson !== existing.collections;
    if (isStale) staleIds.push(facts.productId);
    if (
      isStale ||
      (!isChanged &&
        !collectionsChanged &&
        existing.shopifyUpdatedAt.getTime() === facts.shopifyUpdatedAt.getTime())
    ) {
      if (existing.syncId !== syncId) stamps.push(facts.productId);
      continue;
    }
    await tx.product.update({
      where: { shop_productId: { shop, productId: facts.productId } },
      data: { ...columns, syncId, ...(collectionsChanged ? { collections: collectionsJson } : {}) },
    });
    if (isChanged) changed++;
  }
  if (creates.length > 0) await tx.product.createMany({ data: creates });
  if (stamps.length > 0) {
    await tx.product.updateMany({ where: { shop, productId: { in: stamps } }, data: { syncId } });
  }
  return { created: creates.length, changed: changed + creates.length, staleIds };
}
