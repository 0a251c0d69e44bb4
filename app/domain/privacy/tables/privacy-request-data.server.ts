import { identityMatches, type CustomerDataTable, type CustomerSubject } from "../customer-data-table";
import { PRIVACY_REQUEST_KIND } from "../privacy-request";

function matching(shop: string, subject: CustomerSubject) {
  const keys = identityMatches(subject);
  return keys.length > 0 ? { shop, kind: PRIVACY_REQUEST_KIND.DATA_REQUEST, OR: keys } : null;
}

/**
 * A data request's row names the shopper and its export copies everything else about them, so a redaction
 * deletes it. The export of a data request lists the shopper's requests (the one being answered included)
 * without their contents.
 */
export const privacyRequestData: CustomerDataTable = {
  key: "privacyRequests",

  async collect(tx, shop, subject) {
    const where = matching(shop, subject);
    if (!where) return [];
    const rows = await tx.privacyRequest.findMany({
      where,
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      select: { kind: true, shopifyRequestId: true, receivedAt: true },
    });
    return rows.map((row) => ({
      kind: row.kind,
      shopifyRequestId: row.shopifyRequestId,
      receivedAt: row.receivedAt.toISOString(),
    }));
  },

  async redact(tx, shop, subject) {
    const where = matching(shop, subject);
    if (!where) return 0;
    return (await tx.privacyRequest.deleteMany({ where })).count;
  },
};
