import { prisma } from "~/db.server";
import { decryptField } from "~/lib/encryption.server";
import { CustomerDataExportSchema, PRIVACY_REQUEST_KIND, type CustomerDataExport } from "./privacy-request";

export interface PrivacyExport {
  id: string;
  shopifyRequestId: string | null;
  receivedAt: Date;
  completedAt: Date | null;
  export: CustomerDataExport;
}

/**
 * A data request's export, decrypted, for the merchant to download. Null when the shop has no such request
 * (an id of another shop's request included, so ids cannot be probed across shops) or it has no export yet.
 */
export async function getPrivacyExport(shop: string, id: string): Promise<PrivacyExport | null> {
  // Ids are cuids; anything else (a NUL from a crafted URL would make PostgreSQL fail) finds nothing.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const row = await prisma.privacyRequest.findFirst({
    where: { id, shop, kind: PRIVACY_REQUEST_KIND.DATA_REQUEST },
    select: { id: true, shopifyRequestId: true, receivedAt: true, completedAt: true, export: true },
  });
  if (!row?.export) return null;
  const text = decryptField(shop, row.export);
  if (text === null) return null;
  return {
    id: row.id,
    shopifyRequestId: row.shopifyRequestId,
    receivedAt: row.receivedAt,
    completedAt: row.completedAt,
    export: CustomerDataExportSchema.parse(JSON.parse(text)),
  };
}
