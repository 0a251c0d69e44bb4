import type { BatchTransport } from "./batch-transport";
import type { Transport } from "./transport";

/**
 * Demo mode's delivery: through Resend (the demo's HTTP mock, or the real service when the developer gave a
 * key), then a copy into the outbox so every demo email can be opened from .demo/outbox. With a recipient
 * override, Resend is asked to deliver to that address instead of the invented shopper's; the outbox copy
 * keeps the shopper's address, which is who the email was for.
 */
export function createDemoTransport({
  resend,
  outbox,
  recipient,
}: {
  resend: BatchTransport;
  outbox: Transport;
  recipient: string | undefined;
}): BatchTransport {
  return {
    maxBatch: resend.maxBatch,
    async deliverBatch(emails, options) {
      const answer = await resend.deliverBatch(
        recipient ? emails.map((item) => ({ ...item, email: { ...item.email, to: recipient } })) : emails,
        options,
      );
      if (answer.kind !== "ANSWERED") return answer;
      const results = await Promise.all(
        answer.results.map(async (sent, index) => {
          const item = emails[index];
          if (!sent.ok || !item) return sent;
          const copied = await outbox.deliver(item.email, {
            idempotencyKey: item.idempotencyKey,
            now: options.now,
          });
          return copied.ok ? sent : copied;
        }),
      );
      return { kind: "ANSWERED", results };
    },
  };
}
