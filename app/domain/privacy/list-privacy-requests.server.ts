import { prisma } from "~/db.server";
import { PRIVACY_REQUEST_KIND, PrivacySummarySchema, type PrivacySummary } from "./privacy-request";

export interface PrivacyRequestListItem {
  id: string;
  kind: string;
  shopifyRequestId: string | null;
  receivedAt: Date;
  completedAt: Date | null;
  /** Rows exported or erased, per table. */
  summary: PrivacySummary | null;
  /** A completed data request has an export to download. */
  hasExport: boolean;
}

/** The shop's privacy requests, newest first, without their exports (those are read one at a time). */
export async function listPrivacyRequests(
  shop: string,
  { limit = 100 }: { limit?: number } = {},
): Promise<PrivacyRequestListItem[]> {
  const rows = await prisma.privacyRequest.findMany({
    where: { shop },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      kind: true,
      shopifyRequestId: true,
      receivedAt: true,
      completedAt: true,
      summary: true,
    },
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    shopifyRequestId: row.shopifyRequestId,
    receivedAt: row.receivedAt,
    completedAt: row.completedAt,
    summary: row.summary ? PrivacySummarySchema.parse(JSON.parse(row.summary)) : null,
    hasExport: row.kind === PRIVACY_REQUEST_KIND.DATA_REQUEST && row.completedAt !== null,
  }));
}
