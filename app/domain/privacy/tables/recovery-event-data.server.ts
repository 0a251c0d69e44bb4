import { subjectCheckoutsWhere, type CustomerDataTable } from "../customer-data-table";

/**
 * The timeline of the shopper's checkouts holds no personal data by design (named reasons, no addresses), but
 * it is the story of what one shopper did and was sent, step by step, so it is theirs: exported, and deleted
 * on redaction. The merchant's figures come from the enrolments and sends, which stay anonymised.
 */
export const recoveryEventData: CustomerDataTable = {
  key: "recoveryEvents",

  async collect(tx, shop, subject) {
    const where = await subjectCheckoutsWhere(tx, shop, subject);
    if (!where) return [];
    const rows = await tx.recoveryEvent.findMany({ where, orderBy: [{ at: "asc" }, { id: "asc" }] });
    return rows.map((row) => ({
      type: row.type,
      reason: row.reason,
      step: row.step,
      at: row.at.toISOString(),
      data: row.data ? (JSON.parse(row.data) as unknown) : null,
    }));
  },

  async redact(tx, shop, subject) {
    const where = await subjectCheckoutsWhere(tx, shop, subject);
    if (!where) return 0;
    return (await tx.recoveryEvent.deleteMany({ where })).count;
  },
};
