import type { DbTransaction } from "~/db.server";
import { PRIVACY_DATA_MAP, type PrivacyModelName, type TablePrivacy } from "./privacy-data-map.server";

/** Deletes every row of the shop in every table; returns the count per model. */
export async function eraseShopData(
  tx: DbTransaction,
  shop: string,
): Promise<Record<PrivacyModelName, number>> {
  const erased = {} as Record<PrivacyModelName, number>;
  for (const [model, table] of Object.entries(PRIVACY_DATA_MAP) as Array<[PrivacyModelName, TablePrivacy]>) {
    erased[model] = (await table.eraseShop(tx, shop)).count;
  }
  return erased;
}
