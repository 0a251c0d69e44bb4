import type { CustomerSubject, CustomerDataTable } from "../customer-data-table";

/** A send that may still go out: claimed by a tick, or waiting to be retried. */
const PENDING_STATUSES = ["CLAIMED", "RETRY"];

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function matching(shop: string, subject: CustomerSubject) {
  const keys = [
    ...(subject.enrollmentRowIds.length > 0 ? [{ enrollmentId: { in: subject.enrollmentRowIds } }] : []),
    ...(subject.checkoutRowIds.length > 0 ? [{ checkoutId: { in: subject.checkoutRowIds } }] : []),
    ...(subject.emailHash ? [{ emailHash: subject.emailHash }] : []),
  ];
  return keys.length > 0 ? { shop, OR: keys } : null;
}

/**
 * The emails of the shopper's sequences. A pending one (claimed or waiting for a retry) is deleted, so it can
 * never go out to someone who asked to be forgotten; a tick holding its claim finds the row gone and sends
 * nothing. The others stay for the merchant's counts (sent, clicked, per step and subject) without what
 * identifies the shopper: the address hash, the subject line (it may greet them by name), the provider's
 * message id (the provider's logs hold the address) and the failure reason (it may quote the provider's
 * answer, which can name the address; the named outcome stays).
 */
export const recoverySendData: CustomerDataTable = {
  key: "recoverySends",

  async collect(tx, shop, subject) {
    const where = matching(shop, subject);
    if (!where) return [];
    const rows = await tx.recoverySend.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { step: "asc" }, { id: "asc" }],
    });
    return rows.map((row) => ({
      step: row.step,
      status: row.status,
      outcome: row.outcome,
      reason: row.reason,
      subjectVariant: row.subjectVariant,
      subject: row.subject,
      hasOffer: row.hasOffer,
      providerMessageId: row.providerMessageId,
      sentAt: iso(row.sentAt),
      deliveredAt: iso(row.deliveredAt),
      openedAt: iso(row.openedAt),
      firstClickedAt: iso(row.firstClickedAt),
      clickCount: row.clickCount,
      bouncedAt: iso(row.bouncedAt),
      complainedAt: iso(row.complainedAt),
    }));
  },

  async redact(tx, shop, subject) {
    const where = matching(shop, subject);
    if (!where) return 0;
    const deleted = await tx.recoverySend.deleteMany({
      where: { ...where, status: { in: PENDING_STATUSES } },
    });
    const anonymised = await tx.recoverySend.updateMany({
      where,
      data: { emailHash: null, subject: null, providerMessageId: null, reason: null },
    });
    return deleted.count + anonymised.count;
  },
};
