import { getDailySeries, type DailySeries } from "./get-daily-series.server";
import { getRecoveryFigures, type RecoveryFigures } from "./get-recovery-figures.server";
import { getSegmentFigures, type SegmentFigures } from "./get-segment-figures.server";
import { getStepFunnel, type StepFunnelRow } from "./get-step-funnel.server";
import type { Period } from "./period";

/**
 * The period's reports. The live ones aggregate the raw rows on every page load: they are the definitions, and
 * their cost grows with the period's rows. The rollup ones (the default) read counters that triggers keep per
 * shop and UTC slot (rollup-reports.server.ts) and give the same answers at a cost that grows with the period's
 * days only.
 */
export interface RecoveryReports {
  getRecoveryFigures(shop: string, period: Period): Promise<RecoveryFigures>;
  getStepFunnel(shop: string, period: Period): Promise<StepFunnelRow[]>;
  getDailySeries(shop: string, period: Period, timezone: string): Promise<DailySeries>;
  getSegmentFigures(shop: string, period: Period): Promise<SegmentFigures[]>;
}

export const LIVE_REPORTS: RecoveryReports = {
  getRecoveryFigures,
  getStepFunnel,
  getDailySeries,
  getSegmentFigures,
};
