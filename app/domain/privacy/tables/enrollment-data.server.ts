import { ENROLLMENT_STATUS, type SkipReason } from "~/domain/outcomes";
import type { CustomerDataTable } from "../customer-data-table";

const REDACTED: SkipReason = "REDACTED";
const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Recovery sequences are anonymised, not deleted: each is one abandoned checkout in the merchant's figures
 * (abandoned, emailed, recovered, the holdout comparison), and none of those may shift when a shopper is
 * forgotten. The email hash goes; a sequence still running stops, for a named reason, so nothing more is sent.
 * recoveredOrderId follows the order's redaction, which rewrites it to the order's placeholder as it does for
 * checkouts (tables/order-data.server.ts).
 */
export const enrollmentData: CustomerDataTable = {
  key: "enrollments",

  async collect(tx, shop, subject) {
    if (subject.enrollmentRowIds.length === 0) return [];
    const rows = await tx.enrollment.findMany({
      where: { shop, id: { in: subject.enrollmentRowIds } },
      orderBy: [{ enrolledAt: "asc" }, { id: "asc" }],
    });
    const checkouts = await tx.checkout.findMany({
      where: { shop, id: { in: rows.map((row) => row.checkoutId) } },
      select: { id: true, token: true },
    });
    return rows.map((row) => ({
      checkoutToken: checkouts.find((checkout) => checkout.id === row.checkoutId)?.token ?? null,
      status: row.status,
      reason: row.reason,
      arm: row.arm,
      anchorAt: iso(row.anchorAt),
      enrolledAt: iso(row.enrolledAt),
      stoppedAt: iso(row.stoppedAt),
      stepsSent: row.stepsSent,
      firstSentAt: iso(row.firstSentAt),
      lastSentAt: iso(row.lastSentAt),
      recoveredOrderId: row.recoveredOrderId,
      recoveredAt: iso(row.recoveredAt),
      attributionMethod: row.attributionMethod,
      recoveredByEmail: row.recoveredByEmail,
      recoveredMinor: row.recoveredMinor,
    }));
  },

  async redact(tx, shop, subject, now) {
    if (subject.enrollmentRowIds.length === 0) return 0;
    const ids = { in: subject.enrollmentRowIds };
    await tx.enrollment.updateMany({
      where: { shop, id: ids, status: ENROLLMENT_STATUS.ACTIVE },
      data: {
        status: ENROLLMENT_STATUS.STOPPED,
        reason: REDACTED,
        stoppedAt: now,
        nextStep: null,
        dueAt: null,
      },
    });
    return (await tx.enrollment.updateMany({ where: { shop, id: ids }, data: { emailHash: null } })).count;
  },
};
