import path from "node:path";
import { composeRecoveryEmail } from "~/domain/email";
import { getRecommendations } from "~/domain/recommendations";
import { currentTime } from "~/lib/clock.server";
import { env, isDemoMode } from "~/lib/env.server";
import { createDemoTransport } from "./demo-transport.server";
import type { MessageChannel } from "~/domain/messages";
import { createOutboxTransport } from "./outbox-transport.server";
import { createResendTransport } from "./resend-transport.server";
import { createComposingMailer, type Transport } from "./transport";

/** The sender outside production when EMAIL_FROM is unset (production requires it). */
export const DEVELOPMENT_SENDER = "Cartback <no-reply@cartback.invalid>";

/**
 * The app's mailer: composition (recommendations, copy, template) then delivery through Resend, or, without
 * RESEND_API_KEY (development, tests, the demo; production refuses to boot without it), into OUTBOX_DIR.
 */
/** Resend when RESEND_API_KEY is set; otherwise the outbox directory. Demo mode: both (demo-transport). */
export function createTransport(): Transport {
  const outbox = createOutboxTransport({ dir: path.resolve(env.OUTBOX_DIR), clock: currentTime });
  if (!env.RESEND_API_KEY) return outbox;
  const resend = createResendTransport({ apiKey: env.RESEND_API_KEY });
  return isDemoMode ? createDemoTransport({ resend, outbox, recipient: env.DEMO_RECIPIENT }) : resend;
}

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
