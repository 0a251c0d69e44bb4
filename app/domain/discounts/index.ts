export {
  CODE_ALPHABET,
  DISCOUNT_KIND,
  DISCOUNT_STATUS,
  isCartbackCode,
  isFreeShippingCode,
  kindsForTier,
  tierOffersDiscount,
} from "./discount-code";
export type { DiscountKind, DiscountStatus } from "./discount-code";
export { ensureOffer, findEnrollmentCodes } from "./ensure-offer.server";
export type { EnsureOfferInput, OfferResult } from "./ensure-offer.server";
export { deleteExpiredDiscountCodes, DELETE_CLAIM_LEASE_MS } from "./delete-expired-discount-codes.server";
export type {
  DeleteExpiredDiscountCodesInput,
  ExpiredCodeOutcome,
} from "./delete-expired-discount-codes.server";
export { pickTier } from "./pick-tier";
export { DiscountTierSchema } from "./discount-tier";
export type { DiscountTier } from "./discount-tier";
export { applyOfferToUrl } from "./apply-offer-to-url";
export { REUSE_MIN_REMAINING_MS } from "./offer-set";
export type { StoredDiscountCode } from "./offer-set";
export {
  OFFER_ARMS,
  OFFER_ARM_LABELS,
  OFFER_ARM_IN_SENTENCE,
  OfferArmsSchema,
  checkOfferArms,
  isOfferArm,
  offerArmOf,
  tierForArm,
} from "./offer-arms";
export type { OfferArm } from "./offer-arms";
export { applyMarginFloor } from "./margin-floor";
export type { MarginCut, MarginFloorDecision, MarginLine } from "./margin-floor";
