import { prisma } from "~/db.server";
import { findMarketingEventsAccess } from "~/domain/abandonment-reports";
import { getCatalogOverview } from "~/domain/catalog";
import { readSenderReputation } from "~/domain/sending";
import { findActiveShop, getShopSettings, describeSendingStatus, listSetupSteps } from "~/domain/shops";
import { env } from "~/lib/env.server";
import type { Dashboard } from "./dashboard";
import { getAliveStatus } from "./get-alive-status.server";
import { getLeakedCodes } from "./get-leaked-codes.server";
import { resolveDashboardPeriod, type DashboardRange } from "./dashboard-period";
import { isValidTimeZone } from "./period";
import type { RecoveryReports } from "./recovery-reports.server";
import { ROLLUP_REPORTS } from "./rollup-reports.server";

/**
 * The app home of a shop for a period: whether it is alive (last checkout, tick, email, reconciliation, and
 * warnings), sending status, setup steps, the period's figures, funnel, figures per segment and daily
 * series, and the catalog. Null when the app is not installed for the shop.
 *
 * Two rounds of reads: the shop and its settings (the period needs the shop's time zone), then every report
 * side by side.
 */
export async function getDashboard(
  shop: string,
  { range, now, reports = ROLLUP_REPORTS }: { range: DashboardRange; now: Date; reports?: RecoveryReports },
): Promise<Dashboard | null> {
  // Also records a shop that has a session but no row yet (installed before the app kept one).
  if (!(await findActiveShop(shop, { now }))) return null;
  // Read fresh rather than from findActiveShop's cache: a time zone changed in Shopify shows at once.
  const [shopRow, settings] = await Promise.all([
    prisma.shop.findUnique({
      where: { domain: shop },
      select: {
        domain: true,
        name: true,
        currency: true,
        timezone: true,
        reauthRequiredAt: true,
        reauthReason: true,
      },
    }),
    getShopSettings(shop),
  ]);
  if (!shopRow) return null;
  const timezone = isValidTimeZone(shopRow.timezone) ? shopRow.timezone : "UTC";
  const { period, view } = resolveDashboardPeriod(range, timezone, now);

  const reauth = shopRow.reauthRequiredAt
    ? { requiredAt: shopRow.reauthRequiredAt, reason: shopRow.reauthReason }
    : null;
  const [catalog, figures, funnel, series, reputation, alive, marketingEventsAccess, segments, leakedCodes] =
    await Promise.all([
      getCatalogOverview(shop, { now }),
      reports.getRecoveryFigures(shop, period),
      reports.getStepFunnel(shop, period),
      reports.getDailySeries(shop, period, timezone),
      readSenderReputation(shop, now),
      getAliveStatus(shop, { now, reauth }),
      findMarketingEventsAccess(shop),
      reports.getSegmentFigures(shop, period),
      getLeakedCodes(shop, period),
    ]);

  const { period: _queried, ...periodFigures } = figures;
  return {
    shop: { domain: shopRow.domain, name: shopRow.name, currency: figures.currency, timezone },
    period: view,
    sending: describeSendingStatus(settings.sending, reputation),
    holdoutPercent: settings.holdoutPercent,
    setup: listSetupSteps({
      sender: settings.sender,
      tierCount: settings.tiers.length,
      hasAppSender: env.EMAIL_FROM !== undefined,
      catalog,
      shopifyEmailResolvedAt: settings.setupChecks.shopifyEmailResolvedAt,
      marketingEventsAccess,
    }),
    figures: periodFigures,
    leakedCodes: { ...leakedCodes, isCustomerBound: settings.customerBoundCodes },
    funnel,
    segments,
    daily: series.days,
    catalog,
    alive,
  };
}
