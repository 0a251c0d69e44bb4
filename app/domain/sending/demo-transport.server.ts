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
  resend: Transport;
  outbox: Transport;
  recipient: string | undefined;
}): Transport {
  return {
    async deliver(email, options) {
      const sent = await resend.deliver(recipient ? { ...email, to: recipient } : email, options);
      if (!sent.ok) return sent;
      const copied = await outbox.deliver(email, options);
      return copied.ok ? sent : copied;
    },
  };
}
