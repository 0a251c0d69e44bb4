export { getRecoveryFigures } from "./get-recovery-figures.server";
export type { RecoveryFigures, StepEmails, MethodRecoveries } from "./get-recovery-figures.server";
export { getStepFunnel } from "./get-step-funnel.server";
export type { StepFunnelRow } from "./get-step-funnel.server";
export { getSegmentFigures } from "./get-segment-figures.server";
export type { SegmentFigures } from "./get-segment-figures.server";
export { getDailySeries } from "./get-daily-series.server";
export type { DailySeries, DailyPoint } from "./get-daily-series.server";
export { getRepeatCohorts } from "./get-repeat-cohorts.server";
export type {
  RepeatCohorts,
  CohortGroup,
  CohortMonth,
  CohortCell,
  RepeatWindow,
  RepeatFigures,
  PooledWindow,
} from "./repeat-cohorts";
export { computeLift, MIN_GROUP_SIZE } from "./lift";
export type { Lift, LiftStatus, ArmSummary, ArmTotals } from "./lift";
export { assertPeriod, localDaysOf, startOfLocalDay, localDateOf, isValidTimeZone } from "./period";
export type { Period, LocalDay } from "./period";
export type { Interval, SampleSums } from "./statistics";
export { logGamma, regularizedBeta } from "./statistics";
export { wilsonInterval } from "./wilson";
export { toNumber } from "./sql.server";
export { getDashboard } from "./get-dashboard.server";
export { getLeakedCodes } from "./get-leaked-codes.server";
export type { LeakedCodeFigures } from "./get-leaked-codes.server";
export { LIVE_REPORTS } from "./recovery-reports.server";
export { ROLLUP_REPORTS } from "./rollup-reports.server";
export type { RecoveryReports } from "./recovery-reports.server";
export type { AliveStatus, Dashboard } from "./dashboard";
export type { AliveWarning, AliveWarningId } from "./alive-warnings";
export {
  parseDashboardRange,
  resolveDashboardPeriod,
  PERIOD_PRESETS,
  DEFAULT_PRESET,
} from "./dashboard-period";
export type { DashboardRange, DashboardPeriod, PeriodPreset, PeriodSelection } from "./dashboard-period";
export {
  sequentialMean,
  sequentialMeanDifference,
  normalMixtureHalfWidth,
  SEQUENTIAL_ALPHA,
  MIXING_SAMPLE_SIZE,
} from "./sequential";
export type { SequentialInterval } from "./sequential";
export { computeOfferExperiment, recommendOffer } from "./offer-experiment";
export type {
  ProfitTotals,
  OfferExperimentInput,
  OfferExperimentFigures,
  OfferGroupSummary,
  OfferArmFigures,
  OfferVersusHoldout,
  OfferPairFigures,
  OfferRecommendation,
  RecommendationWording,
} from "./offer-experiment";
