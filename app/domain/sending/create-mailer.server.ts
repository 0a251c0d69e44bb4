import path from "node:path";
import { composeRecoveryEmail } from "~/domain/email/compose-recovery-email.server";
import { getRecommendations } from "~/domain/recommendations";
import { env } from "~/lib/env.server";
import type { Mailer } from "./mailer";
import { createOutboxTransport } from "./outbox-transport.server";
import { createResendTransport } from "./resend-transport.server";
import { createComposingMailer, type Transport } from "./transport";

/** The sender outside production when EMAIL_FROM is unset (production requires it). */
export const DEVELOPMENT_SENDER = "Cartback <no-reply@cartback.invalid>";

/**
 * The app's mailer: composition (recommendations, copy, template) then delivery through Resend, or, without
 * RESEND_API_KEY (development, tests, the demo; production refuses to boot without it), into OUTBOX_DIR.
 */
/** Resend when RESEND_API_KEY is set; otherwise the outbox directory. */
export function createTransport(): Transport {
  return env.RESEND_API_KEY
    ? createResendTransport({ apiKey: env.RESEND_API_KEY })
    : createOutboxTransport({ dir: path.resolve(env.OUTBOX_DIR) });
}

export function createMailer({ transport }: { transport?: Transport } = {}): Mailer {
  return createComposingMailer({
    compose: (message) =>
      composeRecoveryEmail(message, {
        appUrl: env.SHOPIFY_APP_URL,
        emailFrom: env.EMAIL_FROM ?? DEVELOPMENT_SENDER,
        recommend: getRecommendations,
      }),
    transport: transport ?? createTransport(),
  });
}

let shared: Mailer | undefined;

export function getMailer(): Mailer {
  shared ??= createMailer();
  return shared;
}
