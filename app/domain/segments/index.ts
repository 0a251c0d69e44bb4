export {
  SegmentStrategySchema,
  strategyFromSettings,
  canonicalStrategy,
  DEFAULT_SEGMENT_ID,
  DEFAULT_SEGMENT_NAME,
} from "./segment-strategy";
export type { SegmentStrategy } from "./segment-strategy";
export {
  SegmentConditionSchema,
  SegmentRuleSchema,
  matchSegment,
  evaluateRule,
  conditionHolds,
  describeCondition,
  factNeeds,
  MAX_SEGMENTS,
  MAX_CONDITIONS,
  VALUE_TIERS,
} from "./segment-rules";
export type {
  SegmentCondition,
  SegmentRule,
  ShopperFacts,
  SegmentMatch,
  SegmentForMatching,
  FactNeeds,
  ValueTier,
} from "./segment-rules";
export { ensureCurrentVersion, loadSequenceVersions, forgetCachedVersions } from "./sequence-versions.server";
export type { SequenceVersion } from "./sequence-versions.server";
export { listSegments, segmentNames } from "./list-segments.server";
export type { StoredSegment } from "./list-segments.server";
