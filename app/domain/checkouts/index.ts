export { CheckoutPayloadSchema, CheckoutLineSchema, toCheckoutFacts } from "./checkout-payload";
export type { CheckoutPayload, CheckoutLine, CheckoutFacts } from "./checkout-payload";
export { ingestCheckout, deleteCheckout, upsertCheckout } from "./ingest-checkout.server";
export type { CheckoutIngestOutcome } from "./ingest-checkout.server";

// The merchant's view of checkouts: the list, one checkout's page, and its two actions.
export { listCheckouts } from "./list-checkouts.server";
export type { CheckoutDetail, CheckoutListPage, CheckoutListRow } from "./checkout-views";
export { parseCheckoutListParams } from "./checkout-list-query";
export type { CheckoutListParams } from "./checkout-list-query";
export { findCheckoutDetail } from "./find-checkout-detail.server";
export { stopSequence } from "./stop-sequence.server";
export { sendNextStepNow } from "./send-next-step-now.server";
export type { SendNowDependencies } from "./send-next-step-now.server";
export {
  CheckoutActionFormSchema,
  describeSendNextStepOutcome,
  describeStopOutcome,
} from "./checkout-actions";
export type { CheckoutActionAnswer } from "./checkout-actions";
