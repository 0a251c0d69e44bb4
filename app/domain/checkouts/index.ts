// The checkout record: what Shopify sends, stored and ended by orders.
export {
  CheckoutPayloadError,
  CheckoutPayloadSchema,
  CheckoutLineSchema,
  toCheckoutFacts,
} from "./checkout-payload";
export type { CheckoutPayload, CheckoutLine, CheckoutFacts } from "./checkout-payload";
export { ingestCheckout, deleteCheckout, upsertCheckout, SEEN_VIA } from "./ingest-checkout.server";
export { RECONCILED_TOKEN_PREFIX } from "./reconciled-token";
export { toReconciledFacts, tokensFromRecoveryUrl } from "./abandoned-checkout-facts";
export type { ReconciledFacts } from "./abandoned-checkout-facts";
export type { CheckoutIngestOutcome, SeenVia } from "./ingest-checkout.server";
export { ingestReconciledCheckout } from "./ingest-reconciled-checkout.server";
export type { ReconciledCheckoutOutcome } from "./ingest-reconciled-checkout.server";
export { endCheckoutsAlreadyOrdered, hasEndingOrder } from "./end-ordered-checkouts.server";
export { priceCheckoutLines } from "./price-checkout-lines";

// The merchant's view of checkouts: the list, one checkout's page, and what its two actions answer (the
// actions themselves, send now and stop, are the engine's: sequences/).
export { listCheckouts } from "./list-checkouts.server";
export type { CheckoutDetail, CheckoutDetailLine, CheckoutListPage, CheckoutListRow } from "./checkout-views";
export { parseCheckoutListParams } from "./checkout-list-query";
export type { CheckoutListParams } from "./checkout-list-query";
export { CHECKOUT_SORT_LABELS, CHECKOUT_SORTS, segmentChoicesOf } from "./checkout-list-options";
export type { CheckoutSort, CheckoutSegmentChoice } from "./checkout-list-options";
export { CHECKOUT_FILTER_LABELS, CHECKOUT_FILTERS } from "./checkout-status";
export type { CheckoutFilter } from "./checkout-status";
export { findCheckoutDetail } from "./find-checkout-detail.server";
export type { TimelineEntry } from "./checkout-timeline";
export { formatShopTime } from "./checkout-format";
export {
  CheckoutActionFormSchema,
  describeSendNextStepOutcome,
  describeStopOutcome,
  notActiveWhy,
} from "./checkout-actions";
export type {
  BannerTone,
  CheckoutAction,
  CheckoutActionAnswer,
  SendNextStepOutcome,
  StopSequenceOutcome,
} from "./checkout-actions";
