// Delivery of composed emails: Resend, the outbox directory, the demo's pair of both; and the sender's reputation.
export { createMailer, createTransport, getMailer, DEVELOPMENT_SENDER } from "./create-mailer.server";
export { createOutboxTransport, outboxIdFor } from "./outbox-transport.server";
export { createBatchingTransport, QUOTA_RECHECK_MS } from "./batching-transport.server";
export type { BatchKeys, ProviderPacer } from "./batching-transport.server";
export { batchesOf, batchKeyFor } from "./batch-transport";
export type { BatchAnswer, BatchEmail, BatchTransport } from "./batch-transport";
export {
  createResendBatchTransport,
  classifyResendBatchError,
  RESEND_MAX_BATCH,
  RESEND_TIMEOUT_MS,
} from "./resend-batch-transport.server";
export { recoverySendBatchKeys } from "./batch-keys.server";
export { judgeReputation, REPUTATION_LIMITS, REPUTATION_WINDOW_DAYS } from "./sender-reputation";
export type { ReputationCounts, ReputationReading, ReputationReason } from "./sender-reputation";
export { createComposingMailer } from "./transport";
export type { Transport } from "./transport";
export { createDemoTransport } from "./demo-transport.server";
export { readSenderReputation } from "./read-sender-reputation.server";
