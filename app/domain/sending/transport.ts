import type { ComposedEmail } from "~/domain/email";
import type { DeliveryOptions, MessageChannel, RecoveryMessage, SendResult } from "~/domain/messages";

export interface Transport {
  deliver(email: ComposedEmail, options: DeliveryOptions): Promise<SendResult>;
  /** How much longer the provider is paused (MessageChannel.providerPausedForMs). */
  pausedForMs?(): Promise<number>;
}

/** The email channel is composition (copy, recommendations, template) followed by delivery. */
export function createComposingMailer({
  compose,
  transport,
}: {
  compose: (message: RecoveryMessage, options: { now: Date }) => Promise<ComposedEmail>;
  transport: Transport;
}): MessageChannel {
  return {
    async send(message, options) {
      let email: ComposedEmail;
      try {
        email = await compose(message, { now: options.now });
      } catch (error) {
        // Composition touches the database and the catalog; a passing failure is retried like a send.
        return {
          ok: false,
          retryable: true,
          reason: `the email could not be composed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      const result = await transport.deliver(email, options);
      return result.ok ? { ...result, subject: email.subject } : result;
    },
    providerPausedForMs: async () => (await transport.pausedForMs?.()) ?? 0,
  };
}
