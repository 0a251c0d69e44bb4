import type { DbTransaction } from "~/db.server";

/**
 * Records a change to the shop's catalog: the version stamp moves, so a cached recommendation index built
 * from an older catalog knows to rebuild. Runs inside the transaction that made the change.
 */
export async function bumpCatalogVersion(
  tx: DbTransaction,
  shop: string,
  productCountDelta = 0,
): Promise<void> {
  await tx.catalogState.upsert({
    where: { shop },
    create: { shop, version: 1, productCount: Math.max(0, productCountDelta) },
    update: {
      version: { increment: 1 },
      ...(productCountDelta === 0 ? {} : { productCount: { increment: productCountDelta } }),
    },
  });
}
