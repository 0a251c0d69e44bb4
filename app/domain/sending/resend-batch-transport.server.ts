import { Resend } from "resend";
import type { SendResult } from "~/domain/messages";
import type { BatchAnswer, BatchEmail, BatchTransport } from "./batch-transport";

/** Resend's batch endpoint takes at most 100 emails per request (https://resend.com/docs/api-reference/emails/send-batch-emails). */
export const RESEND_MAX_BATCH = 100;

/** Longest wait for Resend's answer; a batch still in flight after it goes again later under the same key. */
export const RESEND_TIMEOUT_MS = 15_000;

interface ResendError {
  message: string;
  statusCode: number | null;
  name: string;
}

const QUOTA_ERRORS = new Set(["daily_quota_exceeded", "monthly_quota_exceeded"]);

/**
 * What a refused batch request means for its emails. The key already used with another body: an earlier
 * request of this batch was accepted and its answer lost (a re-composed email is not byte-identical); those
 * emails went out, and Resend names none of them here, so their ids come from their first delivery events.
 */
export function classifyResendBatchError(
  error: ResendError,
  headers: Record<string, string> | null,
  size: number,
): BatchAnswer {
  const status = error.statusCode;
  const reason = `Resend ${status ?? "network error"}: ${error.message}`;
  if (error.name === "invalid_idempotent_request")
    return {
      kind: "ANSWERED",
      results: Array.from({ length: size }, () => ({ ok: true, providerMessageId: null })),
    };
  const retryAfter = Number.parseFloat(headers?.["retry-after"] ?? "");
  const retryAfterMs = Number.isFinite(retryAfter) ? retryAfter * 1000 : null;
  // Resend's quota errors (https://resend.com/docs/api-reference/errors) are 429s too, but pass only when the
  // day or the month turns, or the plan is raised.
  if (status === 429 && QUOTA_ERRORS.has(error.name)) return { kind: "QUOTA_EXCEEDED", reason, retryAfterMs };
  if (status === 429) return { kind: "RATE_LIMITED", reason, retryAfterMs };
  if (status === null || status >= 500 || error.name === "concurrent_idempotent_requests")
    return { kind: "UNKNOWN", reason, retryAfterMs };
  return { kind: "REFUSED", reason };
}

/**
 * The answer of a permissive batch: the emails Resend refused are listed by index with their reason, and the
 * ids of the accepted ones come in order, skipping the refused (Resend's batch validation "permissive").
 */
export function resultsOfBatch(
  size: number,
  data: { data: Array<{ id: string }>; errors?: Array<{ index: number; message: string }> },
): SendResult[] {
  const refused = new Map((data.errors ?? []).map((error) => [error.index, error.message]));
  const ids = data.data.map((row) => row.id);
  let next = 0;
  return Array.from({ length: size }, (_, index): SendResult => {
    const reason = refused.get(index);
    if (reason !== undefined) return { ok: false, retryable: false, reason: `Resend refused it: ${reason}` };
    return { ok: true, providerMessageId: ids[next++] ?? null };
  });
}

/** Delivery through Resend's batch endpoint, one idempotency key per batch, each email's own outcome. */
export function createResendBatchTransport({
  apiKey,
  timeoutMs = RESEND_TIMEOUT_MS,
}: {
  apiKey: string;
  timeoutMs?: number;
}): BatchTransport {
  const resend = new Resend(apiKey);

  async function send(emails: BatchEmail[], batchKey: string): Promise<BatchAnswer> {
    try {
      const { data, error, headers } = await resend.batch.send(
        emails.map(({ email }) => ({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
          tags: email.tags,
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        })),
        { idempotencyKey: batchKey, batchValidation: "permissive" },
      );
      if (error) return classifyResendBatchError(error, headers, emails.length);
      return { kind: "ANSWERED", results: resultsOfBatch(emails.length, data) };
    } catch (error) {
      return {
        kind: "UNKNOWN",
        reason: `Resend request failed: ${(error as Error).message}`,
        retryAfterMs: null,
      };
    }
  }

  return {
    maxBatch: RESEND_MAX_BATCH,
    async deliverBatch(emails, { batchKey }) {
      let timer: NodeJS.Timeout | undefined;
      // Resend may still accept the batch after the wait: the next request carries the same key.
      const timedOut = new Promise<BatchAnswer>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({
              kind: "UNKNOWN",
              reason: `Resend did not answer within ${timeoutMs} ms`,
              retryAfterMs: null,
            }),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([send(emails, batchKey), timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
