import crypto from "node:crypto";
import type { ComposedEmail } from "~/domain/email";
import type { SendResult } from "~/domain/messages";
import type { Transport } from "./transport";

/** One email of a provider batch, with its step's own idempotency key. */
export interface BatchEmail {
  email: ComposedEmail;
  idempotencyKey: string;
}

/** What one batch request came to. */
export type BatchAnswer =
  /** The provider answered for each email, in order: accepted, or that email's own refusal. */
  | { kind: "ANSWERED"; results: SendResult[] }
  /** 429: nothing was sent; the same batch may go again after the wait. */
  | { kind: "RATE_LIMITED"; reason: string; retryAfterMs: number | null }
  /**
   * 429 for the team's daily or monthly email quota: nothing was sent, and waiting seconds does not help. The
   * same emails may go in any batch once the quota is renewed or raised.
   */
  | { kind: "QUOTA_EXCEEDED"; reason: string; retryAfterMs: number | null }
  /** 5xx, a timeout, a dropped connection: it may have been sent. Only the same batch under the same key may go again. */
  | { kind: "UNKNOWN"; reason: string; retryAfterMs: number | null }
  /** The whole request was refused for good (a bad key, an unverified domain): none of it was sent. */
  | { kind: "REFUSED"; reason: string };

/** A provider that takes many emails in one request under one idempotency key (Resend's batch endpoint). */
export interface BatchTransport {
  /** The most emails one request may carry. */
  maxBatch: number;
  deliverBatch(emails: BatchEmail[], options: { batchKey: string; now: Date }): Promise<BatchAnswer>;
}

/**
 * A batch's idempotency key, derived from its emails' keys (in any order): the same emails make the same key,
 * so a batch sent again after an unknown answer is a repeat to the provider, never a second email.
 */
export function batchKeyFor(idempotencyKeys: readonly string[]): string {
  const digest = crypto.createHash("sha256");
  for (const key of [...idempotencyKeys].sort()) digest.update(key).update("\n");
  return `cartback-batch:${digest.digest("hex").slice(0, 40)}`;
}

/**
 * A provider that takes one email per request (the outbox directory, a test's stand-in) as a batch one: each
 * email is delivered under its own key, and the batch answers with each one's outcome.
 */
export function batchesOf(transport: Transport, { maxBatch }: { maxBatch: number }): BatchTransport {
  return {
    maxBatch,
    async deliverBatch(emails, { now }) {
      const results = await Promise.all(
        emails.map(({ email, idempotencyKey }) => transport.deliver(email, { idempotencyKey, now })),
      );
      return { kind: "ANSWERED", results };
    },
  };
}
