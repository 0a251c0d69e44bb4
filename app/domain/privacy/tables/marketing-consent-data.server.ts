import { identityMatches, type CustomerDataTable, type CustomerSubject } from "../customer-data-table";

function matching(shop: string, subject: CustomerSubject) {
  const keys = identityMatches(subject);
  return keys.length > 0 ? { shop, OR: keys } : null;
}

/**
 * Consent rows are deleted outright: the row is keyed by the email hash, so no anonymous form of it exists,
 * and without a row nobody is treated as subscribed.
 */
export const marketingConsentData: CustomerDataTable = {
  key: "marketingConsent",

  async collect(tx, shop, subject) {
    const where = matching(shop, subject);
    if (!where) return [];
    const rows = await tx.marketingConsent.findMany({
      where,
      orderBy: { consentUpdatedAt: "asc" },
      select: { customerId: true, state: true, consentUpdatedAt: true },
    });
    return rows.map((row) => ({
      customerId: row.customerId,
      state: row.state,
      consentUpdatedAt: row.consentUpdatedAt.toISOString(),
    }));
  },

  async redact(tx, shop, subject) {
    const where = matching(shop, subject);
    if (!where) return 0;
    return (await tx.marketingConsent.deleteMany({ where })).count;
  },
};
