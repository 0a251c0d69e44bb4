import { subjectCheckoutsWhere, type CustomerDataTable } from "../customer-data-table";

/**
 * Flow triggers about the shopper's checkouts: what Cartback told the merchant's Flow (amounts, the step, the
 * customer's id). Exported, and deleted on redaction, sent or not, so nothing about them reaches Flow later.
 */
export const flowTriggerData: CustomerDataTable = {
  key: "flowTriggers",

  async collect(tx, shop, subject) {
    const where = await subjectCheckoutsWhere(tx, shop, subject);
    if (!where) return [];
    const rows = await tx.flowTrigger.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map((row) => ({
      trigger: row.handle,
      payload: JSON.parse(row.payload) as unknown,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    }));
  },

  async redact(tx, shop, subject) {
    const where = await subjectCheckoutsWhere(tx, shop, subject);
    if (!where) return 0;
    return (await tx.flowTrigger.deleteMany({ where })).count;
  },
};
