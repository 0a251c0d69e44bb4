import { Resend } from "resend";
import type { SendResult } from "~/domain/messages";
import type { ComposedEmail } from "~/domain/email";
import type { Transport } from "./transport";

/**
 * Delivery through Resend with the engine's idempotency key (Resend keeps a key for 24 hours, so a retry of
 * the same step never sends twice). 429 and 5xx are retryable and honour Retry-After; other 4xx are permanent
 * with Resend's reason.
 */

interface ResendError {
  message: string;
  statusCode: number | null;
  name: string;
}

export function classifyResendError(error: ResendError, headers: Record<string, string> | null): SendResult {
  const status = error.statusCode;
  const reason = `Resend ${status ?? "network error"}: ${error.message}`;
  if (error.name === "invalid_idempotent_request") {
    // The key was already used, with a different body: an earlier attempt of this step was accepted and its
    // answer lost (the copy is not byte-identical on a re-composition). That email went out; sending again is
    // what the key forbids. Resend gives the first email's id back only to a byte-identical retry; this 409
    // carries none (https://resend.com/docs/dashboard/emails/idempotency-keys), so the id is left unknown and
    // taken from the email's first delivery event, found by its `send` tag.
    return { ok: true, providerMessageId: null };
  }
  if (status === null || status === 429 || status >= 500 || error.name === "concurrent_idempotent_requests") {
    const retryAfter = Number.parseFloat(headers?.["retry-after"] ?? "");
    return {
      ok: false,
      retryable: true,
      reason,
      ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
      ...(status === 429 ? { rateLimited: true } : {}),
    };
  }
  return { ok: false, retryable: false, reason };
}

/** Longest wait for Resend's answer; a send still in flight after it is retried later under the same key. */
export const RESEND_TIMEOUT_MS = 15_000;

export function createResendTransport({
  apiKey,
  timeoutMs = RESEND_TIMEOUT_MS,
}: {
  apiKey: string;
  timeoutMs?: number;
}): Transport {
  const resend = new Resend(apiKey);
  return {
    async deliver(email: ComposedEmail, { idempotencyKey }) {
      let timer: NodeJS.Timeout | undefined;
      // Resend may still accept the email after the wait: the retry carries the same idempotency key, so
      // Resend answers it with the first email (or invalid_idempotent_request) and sends nothing new.
      const timedOut = new Promise<SendResult>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({ ok: false, retryable: true, reason: `Resend did not answer within ${timeoutMs} ms` }),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([send(email, idempotencyKey), timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
  };

  async function send(email: ComposedEmail, idempotencyKey: string): Promise<SendResult> {
    try {
      const { data, error, headers } = await resend.emails.send(
        {
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
          tags: email.tags,
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        },
        { idempotencyKey },
      );
      if (error) return classifyResendError(error, headers);
      return { ok: true, providerMessageId: data.id };
    } catch (error) {
      return { ok: false, retryable: true, reason: `Resend request failed: ${(error as Error).message}` };
    }
  }
}
