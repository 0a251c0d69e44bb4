import { prisma } from "~/db.server";
import { findGrantedScopes, type MarketingEventsAccess } from "~/domain/shops";
import { MARKETING_EVENTS_SCOPE, REASONS, REPORT_STATUS } from "./report-policy";

/**
 * Whether the shop lets Cartback report its emails to Shopify, for the setup checklist: NOT_GRANTED while the
 * shop's grant lacks the scope (a shop installed before the scope was added), REFUSED while reports wait
 * because Shopify denied one although the grant lists it, GRANTED otherwise. One answer per shop, however
 * many reports wait.
 */
export async function findMarketingEventsAccess(shop: string): Promise<MarketingEventsAccess> {
  if (!(await findGrantedScopes(shop)).includes(MARKETING_EVENTS_SCOPE)) return "NOT_GRANTED";
  const refused = await prisma.abandonmentReport.findFirst({
    where: { shop, status: REPORT_STATUS.PENDING, lastError: REASONS.PERMISSION_REFUSED },
    select: { id: true },
  });
  return refused ? "REFUSED" : "GRANTED";
}
