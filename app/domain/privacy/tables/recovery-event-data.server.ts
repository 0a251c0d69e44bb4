import type { DbTransaction } from "~/db.server";
import type { CustomerSubject, CustomerDataTable } from "../customer-data-table";

/**
 * Every entry names its checkout, so the subject's entries are those of their checkouts and of their
 * enrolments' checkouts (an enrolment found by its email hash may belong to a checkout that no longer carries
 * that hash), read through the (shop, checkoutId, at) index.
 */
async function matching(tx: DbTransaction, shop: string, subject: CustomerSubject) {
  const enrollments =
    subject.enrollmentRowIds.length === 0
      ? []
      : await tx.enrollment.findMany({
          where: { shop, id: { in: subject.enrollmentRowIds } },
          select: { checkoutId: true },
        });
  const checkoutIds = [...new Set([...subject.checkoutRowIds, ...enrollments.map((row) => row.checkoutId)])];
  return checkoutIds.length > 0 ? { shop, checkoutId: { in: checkoutIds } } : null;
}

/**
 * The timeline of the shopper's checkouts holds no personal data by design (named reasons, no addresses), but
 * it is the story of what one shopper did and was sent, step by step, so it is theirs: exported, and deleted
 * on redaction. The merchant's figures come from the enrolments and sends, which stay anonymised.
 */
export const recoveryEventData: CustomerDataTable = {
  key: "recoveryEvents",

  async collect(tx, shop, subject) {
    const where = await matching(tx, shop, subject);
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
    const where = await matching(tx, shop, subject);
    if (!where) return 0;
    return (await tx.recoveryEvent.deleteMany({ where })).count;
  },
};
