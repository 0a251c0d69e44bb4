import type { DbTransaction } from "~/db.server";
import { PRIVACY_DATA_MAP, type PrivacyModelName, type TablePrivacy } from "./privacy-data-map.server";

export type ErasedCounts = Partial<Record<PrivacyModelName, number>>;

export interface ShopErasureBatch {
  erased: ErasedCounts;
  /** The batch found the shop's last rows: every table is now empty of it. */
  isComplete: boolean;
}

/**
 * Deletes up to about `limit` of the shop's rows, table by table in the map's order (a table is emptied before
 * the next one is started). Each call is one bounded piece of a shop's erasure: however large the shop, no
 * transaction has more than `limit` deletions (and the report triggers they fire) to do, and a batch that fails
 * rolls back whole, so the next one starts where the last committed one ended.
 */
export async function eraseShopBatch(
  tx: DbTransaction,
  shop: string,
  { limit }: { limit: number },
): Promise<ShopErasureBatch> {
  const erased: ErasedCounts = {};
  let remaining = limit;
  for (const [model, table] of Object.entries(PRIVACY_DATA_MAP) as Array<[PrivacyModelName, TablePrivacy]>) {
    if (remaining <= 0) return { erased, isComplete: false };
    const { count } = await table.eraseShop(tx, shop, remaining);
    if (count > 0) erased[model] = count;
    remaining -= count;
  }
  // The last table may have had exactly `remaining` rows left, or more: only a batch with room to spare saw the
  // end of every table.
  return { erased, isComplete: remaining > 0 };
}

/** Adds a batch's counts to the counts so far. */
export function addErasedCounts(total: ErasedCounts, batch: ErasedCounts): ErasedCounts {
  const sum: ErasedCounts = { ...total };
  for (const [model, count] of Object.entries(batch) as Array<[PrivacyModelName, number]>)
    sum[model] = (sum[model] ?? 0) + count;
  return sum;
}
