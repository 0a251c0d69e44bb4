// The recovery engine. It owns every write to enrolments and sends; other folders ask it through this face.

// Its vocabulary, for callers that already import the engine (the stored outcomes live in domain/outcomes).
export * from "~/domain/outcomes";

// Decisions (pure).
export { decideEnrollment, isSubscribed } from "./decide-enrollment";
export type { CandidateFacts, EnrollmentDecision } from "./decide-enrollment";
export { decidePreSend } from "./decide-pre-send";
export { quietHoursEnd } from "./quiet-hours";
export { drawArm } from "./deterministic-draw";
export { chooseContent, experimentKeyOf, variantsOfStep } from "./content-variants";
export type { ChosenContent } from "./content-variants";

// The tick's work: enrol, restart, send due steps.
export { runRecovery } from "./run-recovery.server";
export type { RecoveryRunOptions } from "./run-recovery.server";
export { enrollCandidates } from "./enroll-candidates.server";
export { restartUpdated } from "./restart-updated.server";
export { processDueSteps } from "./process-due-steps.server";
export { claimStep, SEND_STATUS, idempotencyKeyFor } from "./claim-step.server";
export { loadShopContext, findInstalledShops } from "./shop-context.server";
export type { ShopContext } from "./shop-context.server";
export { trackedLink } from "./send-claimed-step.server";

// What others tell the engine: a click, an order or an unsubscribe stops sequences, a delivery event is recorded.
export { followTrackedLink } from "./follow-tracked-link.server";
export { stopActiveEnrollments } from "./stop-active-enrollments.server";
export {
  recordDeliveryEvent,
  protectSenderReputation,
  ResendEventSchema,
} from "./record-delivery-event.server";
export type { DeliveryEventOutcome, ResendEvent } from "./record-delivery-event.server";

// The merchant's two actions on one checkout's sequence, and the preview of a step's message.
export { stopSequence, checkoutNotFound } from "./stop-sequence.server";
export { sendNextStepNow } from "./send-next-step-now.server";
export type { SendNowDependencies } from "./send-next-step-now.server";
export {
  buildPreviewMessage,
  previewSequence,
  renderPreview,
  sendTestEmail,
  listPreviewCheckouts,
  PREVIEW_CODE,
} from "./preview-recovery-message.server";
export type { PreviewRequest } from "./preview-recovery-message.server";
