import type { MessageChannel, RecoveryMessage, SendResult } from "~/domain/messages";

/**
 * A mailer for engine tests: records every delivered message and, like Resend, delivers an idempotency key
 * once (a repeated key gets the first message's id back, and nothing new is delivered). Failures can be queued.
 */
export function createRecordingMailer() {
  const delivered: Array<{ message: RecoveryMessage; idempotencyKey: string }> = [];
  const idByKey = new Map<string, string>();
  const queuedFailures: SendResult[] = [];
  let calls = 0;
  const mailer: MessageChannel & {
    delivered: typeof delivered;
    calls: () => number;
    failNext: (...results: Array<Extract<SendResult, { ok: false }>>) => void;
    keys: () => string[];
  } = {
    delivered,
    calls: () => calls,
    failNext: (...results) => void queuedFailures.push(...results),
    keys: () => delivered.map((entry) => entry.idempotencyKey),
    async send(message, { idempotencyKey }) {
      calls++;
      const failure = queuedFailures.shift();
      if (failure) return failure;
      const existing = idByKey.get(idempotencyKey);
      if (existing) return { ok: true, providerMessageId: existing };
      const id = `msg_${delivered.length + 1}`;
      idByKey.set(idempotencyKey, id);
      delivered.push({ message, idempotencyKey });
      return { ok: true, providerMessageId: id };
    },
  };
  return mailer;
}
