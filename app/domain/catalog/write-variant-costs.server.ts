import { Prisma, type DbTransaction } from "~/db.server";

/** A variant's unit cost as the catalog keeps it (VariantCost): shop currency, minor units. */
export interface VariantCostRow {
  variantId: string;
  productId: string;
  unitCostMinor: number;
}

/**
 * Writes a batch of the export's unit costs in one statement, each stamped with the sync's start
 * (`updatedAt`, the time of the export the cost is from). Every cost a sync saw is written, changed or not:
 * the stamp is how the sync's end tells the costs it saw from those of variants deleted since, or whose cost
 * was cleared (deleteUnseenVariantCosts). `INSERT … ON CONFLICT DO UPDATE`, the same SQL on SQLite and
 * PostgreSQL.
 */
export async function writeVariantCosts(
  tx: DbTransaction,
  { shop, currency, stamp }: { shop: string; currency: string; stamp: Date },
  costs: readonly VariantCostRow[],
): Promise<void> {
  if (costs.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "VariantCost" ("shop", "variantId", "productId", "unitCostMinor", "currency", "updatedAt")
    VALUES ${Prisma.join(
      costs.map(
        (cost) =>
          Prisma.sql`(${shop}, ${cost.variantId}, ${cost.productId}, ${cost.unitCostMinor}, ${currency}, ${stamp})`,
      ),
    )}
    ON CONFLICT ("shop", "variantId") DO UPDATE SET
      "productId" = excluded."productId",
      "unitCostMinor" = excluded."unitCostMinor",
      "currency" = excluded."currency",
      "updatedAt" = excluded."updatedAt"`;
}

/**
 * The end of a complete sync: costs it did not write belong to variants deleted in Shopify, variants whose
 * cost was cleared, or (when the shop has not granted read_inventory, so the export asked for none) every
 * variant, whose cost can no longer be kept current. None of them may stand in for a real cost.
 */
export async function deleteUnseenVariantCosts(
  tx: DbTransaction,
  { shop, stamp }: { shop: string; stamp: Date },
): Promise<number> {
  // Not "older than the stamp": a clock moved back (the demo's) must not keep an earlier sync's costs.
  const { count } = await tx.variantCost.deleteMany({ where: { shop, updatedAt: { not: stamp } } });
  return count;
}
