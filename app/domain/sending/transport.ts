import type { Mailer, RecoveryMessage, SendResult } from "./mailer";

/** A finished email, ready for a transport (Resend or the outbox). */
export interface ComposedEmail {
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Resend tags: names and values of letters, digits, _ and - only. */
  tags: Array<{ name: string; value: string }>;
}

export interface Transport {
  deliver(email: ComposedEmail, options: { idempotencyKey: string }): Promise<SendResult>;
}

/** A mailer is composition (copy, recommendations, template) followed by delivery. */
export function createComposingMailer({
  compose,
  transport,
}: {
  compose: (message: RecoveryMessage, options: { now: Date }) => Promise<ComposedEmail>;
  transport: Transport;
}): Mailer {
  return {
    async send(message, { idempotencyKey, now }) {
      let email: ComposedEmail;
      try {
        email = await compose(message, { now });
      } catch (error) {
        // Composition touches the database and the catalog; a passing failure is retried like a send.
        return {
          ok: false,
          retryable: true,
          reason: `the email could not be composed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      const result = await transport.deliver(email, { idempotencyKey });
      return result.ok ? { ...result, subject: email.subject } : result;
    },
  };
}
