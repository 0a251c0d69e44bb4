import type { DbTransaction } from "~/db.server";
import type { CustomerSubject } from "./customer-data-table";
import { CUSTOMER_DATA_TABLES } from "./privacy-data-map.server";
import type { PrivacySummary } from "./privacy-request";

/** Every stored row about the subject, per table, with the count of each. */
export async function collectCustomerData(
  tx: DbTransaction,
  shop: string,
  subject: CustomerSubject,
): Promise<{ data: Record<string, unknown[]>; summary: PrivacySummary }> {
  const data: Record<string, unknown[]> = {};
  const summary: PrivacySummary = {};
  for (const table of CUSTOMER_DATA_TABLES) {
    const rows = await table.collect(tx, shop, subject);
    data[table.key] = rows;
    summary[table.key] = rows.length;
  }
  return { data, summary };
}
