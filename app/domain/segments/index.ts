export {
  SegmentStrategySchema,
  strategyFromSettings,
  canonicalStrategy,
  DEFAULT_SEGMENT_ID,
  DEFAULT_SEGMENT_NAME,
  strategyWithOffer,
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
export { loadShopperFacts, languageOf, SEGMENT_CHECKOUT_SELECT } from "./load-shopper-facts.server";
export type { CheckoutForSegments, LoadShopperFactsOptions } from "./load-shopper-facts.server";
export {
  countSegmentMatches,
  COUNT_WINDOW_DAYS,
  MAX_COUNTED_CHECKOUTS,
} from "./count-segment-matches.server";
export type { SegmentMatchCounts } from "./count-segment-matches.server";
export { listShopifyCustomerSegments } from "./list-shopify-segments.server";
export type { ShopifyCustomerSegment, ListShopifySegmentsResult } from "./list-shopify-segments.server";
export {
  percentile,
  valueTierThresholds,
  valueTierOf,
  HIGH_TIER_PERCENTILE,
  MIN_CUSTOMERS_FOR_TIERS,
} from "./value-tiers";
export type { ValueTierThresholds } from "./value-tiers";
export { getValueTierThresholds, forgetValueTierThresholds } from "./value-tiers.server";
export { saveSegments } from "./save-segments.server";
export type { SaveSegmentsResult, SegmentFieldErrors } from "./save-segments.server";
export {
  getSegmentEditorPage,
  countDraftSegments,
  findShopifySegmentChoices,
  findMedianSubtotalMinor,
} from "./segment-editor.server";
export type {
  SegmentEditorPage,
  SegmentVersionInfo,
  CatalogOptions,
  DraftCount,
  ShopifySegmentChoices,
} from "./segment-editor.server";
export { suggestedSegments } from "./suggested-segments";
export type { SuggestedSegment } from "./suggested-segments";
export { applyOfferToSegment } from "./apply-offer.server";
export type { ApplyOfferResult } from "./apply-offer.server";
