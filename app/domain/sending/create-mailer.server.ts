import path from "node:path";
import { composeRecoveryEmail } from "~/domain/email";
import { getRecommendations } from "~/domain/recommendations";
import { currentTime } from "~/lib/clock.server";
import { env, isDemoMode } from "~/lib/env.server";
import { getSendPacer } from "~/lib/send-pacer.server";
import type { MessageChannel } from "~/domain/messages";
import { recoverySendBatchKeys } from "./batch-keys.server";
import { batchesOf, type BatchTransport } from "./batch-transport";
import { createBatchingTransport } from "./batching-transport.server";
import { createDemoTransport } from "./demo-transport.server";
import { createOutboxTransport } from "./outbox-transport.server";
import { createResendBatchTransport, RESEND_MAX_BATCH } from "./resend-batch-transport.server";
import { createComposingMailer, type Transport } from "./transport";

/** The sender outside production when EMAIL_FROM is unset (production requires it). */
export const DEVELOPMENT_SENDER = "Cartback <no-reply@cartback.invalid>";

/**
 * The provider: Resend's batch endpoint when RESEND_API_KEY is set; otherwise the outbox directory
 * (development, tests, the demo; production refuses to boot without it). Demo mode with a key: both.
 */
function createProvider(): BatchTransport {
  const outbox = createOutboxTransport({ dir: path.resolve(env.OUTBOX_DIR), clock: currentTime });
  if (!env.RESEND_API_KEY) return batchesOf(outbox, { maxBatch: RESEND_MAX_BATCH });
  const resend = createResendBatchTransport({ apiKey: env.RESEND_API_KEY });
  return isDemoMode ? createDemoTransport({ resend, outbox, recipient: env.DEMO_RECIPIENT }) : resend;
}

/**
 * The app's delivery: emails grouped into provider batches at the deployment's request rate
 * (EMAIL_REQUESTS_PER_SECOND, shared through Redis when REDIS_URL is set), whichever the provider.
 */
export function createTransport(): Transport {
  return createBatchingTransport({
    provider: createProvider(),
    pacer: getSendPacer(),
    batchKeys: recoverySendBatchKeys,
  });
}

/** The app's mailer: composition (recommendations, copy, template), then delivery. */
export function createMailer({ transport }: { transport?: Transport } = {}): MessageChannel {
  return createComposingMailer({
    compose: (message, { now }) =>
      composeRecoveryEmail(message, {
        emailFrom: env.EMAIL_FROM ?? DEVELOPMENT_SENDER,
        recommend: getRecommendations,
        now,
      }),
    transport: transport ?? createTransport(),
  });
}

let shared: MessageChannel | undefined;

export function getMailer(): MessageChannel {
  shared ??= createMailer();
  return shared;
}
