export { OrderPayloadSchema, toOrderFacts } from "./order-payload";
export type { OrderPayload, OrderFacts, OrderDiscountCode } from "./order-payload";
export { ingestOrder, recordOrder } from "./ingest-order.server";
export type { AttributionOutcome, AttributionResult, OrderToAttribute } from "./attribute-order.server";
export {
  attributionRuleOf,
  emailWindowClosesAt,
  isInEmailWindow,
  isRecoveredByEmail,
  pickEnrollment,
} from "./attribution-rules";
export type { AttributionRule, EnrollmentTiming } from "./attribution-rules";
export type { OrderIngestOutcome } from "./ingest-order.server";
export { attributeOrder } from "./attribute-order.server";
export { stopOrderedEnrollments } from "./stop-ordered-enrollments.server";
