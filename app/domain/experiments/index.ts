// Experiments on the recovery emails: content experiments (a step's variants, their figures, the winner rule and
// its decisions) and send-time optimisation against its control.
export { judgeContentExperiment, probabilityBest, describeExperimentRule } from "./content-experiment";
export type { ExperimentVerdict, LeaderComparison, VariantTally, VerdictOutcome } from "./content-experiment";
export { listCurrentExperiments } from "./current-experiments.server";
export type { VariantCounts } from "./tally-experiments.server";
export type { CurrentExperiment } from "./current-experiments.server";
export { getContentExperiments, variantFigures } from "./get-content-experiments.server";
export type {
  ContentExperiments,
  ContentExperimentFigures,
  ExperimentVariantFigures,
  ExperimentDecisionView,
  DecidedBy,
} from "./get-content-experiments.server";
export { evaluateExperiments, promoteVariant, undoDecision } from "./decide-experiments.server";
export type { ExperimentActionResult } from "./decide-experiments.server";
export {
  evaluateDueExperiments,
  EXPERIMENTS_JOB,
  EVALUATE_EVERY_MS,
} from "./evaluate-due-experiments.server";
export { compareSendTimes } from "./send-time-comparison";
export type { SendTimeComparison, SendTimeGroup, SendTimeGroupCounts } from "./send-time-comparison";
export { getSendTimeFigures } from "./get-send-time-figures.server";
export type { SendTimeFigures } from "./get-send-time-figures.server";
export { getExperimentCards } from "./get-experiment-cards.server";
export type { ExperimentCards } from "./get-experiment-cards.server";
