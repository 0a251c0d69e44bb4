import type { DbTransaction } from "~/db.server";
import type { CustomerSubject, CustomerDataTable } from "../customer-data-table";
import { REDACTED_PREFIX, redactedPlaceholder } from "../redacted-placeholder";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Codes made for the shopper's sequences, and codes their orders used (by the order's current id). */
async function matching(tx: DbTransaction, shop: string, subject: CustomerSubject) {
  const orders =
    subject.orderRowIds.length === 0
      ? []
      : await tx.order.findMany({
          where: { shop, id: { in: subject.orderRowIds } },
          select: { orderId: true },
        });
  const keys = [
    ...(subject.enrollmentRowIds.length > 0 ? [{ enrollmentId: { in: subject.enrollmentRowIds } }] : []),
    ...(orders.length > 0 ? [{ usedOrderId: { in: orders.map((order) => order.orderId) } }] : []),
  ];
  return keys.length > 0 ? { shop, OR: keys } : null;
}

/**
 * A code is the shopper's in Shopify (made for their checkout, used on their order), so the code itself goes:
 * a random placeholder takes its place (codes are unique per shop), Shopify's discount id goes, and so does a
 * failure reason, which may quote the code. Kind, amounts, dates and the discount given stay: they are the
 * merchant's offer cost. usedOrderId follows the order's redaction (tables/order-data.server.ts).
 */
export const discountCodeData: CustomerDataTable = {
  key: "discountCodes",

  async collect(tx, shop, subject) {
    const where = await matching(tx, shop, subject);
    if (!where) return [];
    const rows = await tx.discountCode.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map((row) => ({
      code: row.code,
      kind: row.kind,
      percentOff: row.percentOff,
      minimumSubtotalMinor: row.minimumSubtotalMinor,
      currency: row.currency,
      status: row.status,
      startsAt: iso(row.startsAt),
      expiresAt: iso(row.expiresAt),
      usedOrderId: row.usedOrderId,
      usedAt: iso(row.usedAt),
      discountMinor: row.discountMinor,
    }));
  },

  async redact(tx, shop, subject) {
    const where = await matching(tx, shop, subject);
    if (!where) return 0;
    // A code both made for one of the shopper's sequences and used on one of their orders may come up in two
    // batches of a long redaction; the second finds it already replaced.
    const rows = await tx.discountCode.findMany({
      where: { ...where, NOT: { code: { startsWith: REDACTED_PREFIX } } },
      select: { id: true },
    });
    for (const row of rows) {
      await tx.discountCode.update({
        where: { id: row.id, shop },
        // Shopify's id of the discount is kept: it names no one here, and the expiry sweep needs it to delete
        // the real code in Shopify when it lapses.
        data: { code: redactedPlaceholder(), failureReason: null },
      });
    }
    return rows.length;
  },
};
