// Delivery of composed emails: Resend, the outbox directory, the demo's pair of both; and the sender's reputation.
export { createMailer, createTransport, getMailer, DEVELOPMENT_SENDER } from "./create-mailer.server";
export { createResendTransport, classifyResendError, RESEND_TIMEOUT_MS } from "./resend-transport.server";
export { createOutboxTransport, outboxIdFor } from "./outbox-transport.server";
export { judgeReputation, REPUTATION_LIMITS, REPUTATION_WINDOW_DAYS } from "./sender-reputation";
export type { ReputationCounts, ReputationReading, ReputationReason } from "./sender-reputation";
export { createComposingMailer } from "./transport";
export type { Transport } from "./transport";
export { createDemoTransport } from "./demo-transport.server";
export { readSenderReputation } from "./read-sender-reputation.server";
