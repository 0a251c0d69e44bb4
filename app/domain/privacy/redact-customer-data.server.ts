import type { DbTransaction } from "~/db.server";
import type { CustomerSubject } from "./customer-data-table";
import { CUSTOMER_DATA_TABLES } from "./privacy-data-map.server";
import type { PrivacySummary } from "./privacy-request";

/** Deletes or anonymises every stored row about the subject; returns the count per table. */
export async function redactCustomerData(
  tx: DbTransaction,
  shop: string,
  subject: CustomerSubject,
  now: Date,
): Promise<PrivacySummary> {
  const summary: PrivacySummary = {};
  for (const table of CUSTOMER_DATA_TABLES) summary[table.key] = await table.redact(tx, shop, subject, now);
  return summary;
}
