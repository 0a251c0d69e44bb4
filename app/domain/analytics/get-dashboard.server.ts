import { prisma } from "~/db.server";
import { getCatalogOverview } from "~/domain/catalog";
import { readSenderReputation } from "~/domain/sending/read-sender-reputation.server";
import { findActiveShop, getShopSettings } from "~/domain/shops";
import { describeSendingStatus } from "~/domain/shops/sending-status";
import { listSetupSteps } from "~/domain/shops/setup-steps";
import { env } from "~/lib/env.server";
import type { Dashboard } from "./dashboard";
import { resolveDashboardPeriod, type DashboardRange } from "./dashboard-period";
import { getDailySeries, type DailySeries } from "./get-daily-series.server";
import { getRecoveryFigures, type RecoveryFigures } from "./get-recovery-figures.server";
import { getStepFunnel, type StepFunnelRow } from "./get-step-funnel.server";
import { getSubjectTests, type SubjectTest } from "./get-subject-tests.server";
import { isValidTimeZone, type Period } from "./period";
import { ROLLUP_REPORTS } from "./rollup-reports.server";

/**
 * The period's reports. The live ones aggregate the raw rows on every page load: they are the definitions, and
 * their cost grows with the period's rows. The rollup ones (the default) read counters that triggers keep per
 * shop and UTC slot (rollup-reports.server.ts) and give the same answers at a cost that grows with the period's
 * days only.
 */
export interface RecoveryReports {
  getRecoveryFigures(shop: string, period: Period): Promise<RecoveryFigures>;
  getStepFunnel(shop: string, period: Period): Promise<StepFunnelRow[]>;
  getSubjectTests(shop: string, period: Period): Promise<SubjectTest[]>;
  getDailySeries(shop: string, period: Period, timezone: string): Promise<DailySeries>;
}

export const LIVE_REPORTS: RecoveryReports = {
  getRecoveryFigures,
  getStepFunnel,
  getSubjectTests,
  getDailySeries,
};

/**
 * The app home of a shop for a period: sending status, setup steps, the period's figures, funnel, subject
 * tests and daily series, and the catalog. Null when the app is not installed for the shop.
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
      select: { domain: true, name: true, currency: true, timezone: true },
    }),
    getShopSettings(shop),
  ]);
  if (!shopRow) return null;
  const timezone = isValidTimeZone(shopRow.timezone) ? shopRow.timezone : "UTC";
  const { period, view } = resolveDashboardPeriod(range, timezone, now);

  const [catalog, figures, funnel, subjectTests, series, reputation] = await Promise.all([
    getCatalogOverview(shop, { now }),
    reports.getRecoveryFigures(shop, period),
    reports.getStepFunnel(shop, period),
    reports.getSubjectTests(shop, period),
    reports.getDailySeries(shop, period, timezone),
    readSenderReputation(shop, now),
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
    }),
    figures: periodFigures,
    funnel,
    subjectTests: subjectTests.map((test) => {
      const step = settings.steps[test.step - 1];
      return { ...test, currentSubjects: { A: step?.subject ?? null, B: step?.subjectB ?? null } };
    }),
    daily: series.days,
    catalog,
  };
}
