import type { CustomerSubject, CustomerDataTable } from "../customer-data-table";

const matching = (shop: string, subject: CustomerSubject) =>
  subject.emailHash ? { shop, emailHash: subject.emailHash } : null;

/**
 * A suppression is keyed by the address hash, so no anonymous form of it exists: it is deleted. Nothing of the
 * address remains to email, and a later checkout of the same shopper is judged afresh by Shopify's consent.
 */
export const suppressionData: CustomerDataTable = {
  key: "suppressions",

  async collect(tx, shop, subject) {
    const where = matching(shop, subject);
    if (!where) return [];
    const rows = await tx.suppression.findMany({ where, select: { reason: true, createdAt: true } });
    return rows.map((row) => ({ reason: row.reason, createdAt: row.createdAt.toISOString() }));
  },

  async redact(tx, shop, subject) {
    const where = matching(shop, subject);
    if (!where) return 0;
    return (await tx.suppression.deleteMany({ where })).count;
  },
};
