import crypto from "node:crypto";
import type { BatchAnswer, BatchEmail, BatchTransport } from "~/domain/sending/batch-transport";

/**
 * An email provider's batch endpoint as Resend keeps it, in process: a batch key seen with the same emails
 * answers the first answer and sends nothing; seen with other emails, 409 (taken as "already sent"). Every
 * email it accepts is counted under its own idempotency key, so a test or a benchmark checks "exactly once".
 * Faults are scripted request by request; a rate limit answers 429 past `requestsPerSecond`.
 */
export type ScriptedFault =
  /** 429 with Retry-After, nothing sent. */
  | { kind: "RATE_LIMITED"; retryAfterMs: number | null }
  /** 429 for the team's daily quota (Resend's daily_quota_exceeded), nothing sent. */
  | { kind: "QUOTA_EXCEEDED"; retryAfterMs: number | null }
  /** 500, nothing sent. */
  | { kind: "SERVER_ERROR" }
  /** Accepted and sent, but the answer never reaches the app (a timeout, a dropped connection). */
  | { kind: "ANSWER_LOST" }
  /** The process stops during the request: accepted and sent, and the caller never hears back. */
  | { kind: "HANG_AFTER_ACCEPT" };

export interface ProviderStandIn extends BatchTransport {
  /** Each accepted email's idempotency key, once per email actually sent. */
  sent: string[];
  /** Every request: its batch key and size, and what it was answered. */
  requests: Array<{ batchKey: string; size: number; answer: string; at: number }>;
  /** The next requests meet these faults, in order. */
  script(...faults: ScriptedFault[]): void;
  /** Emails the provider refuses (an invalid address): refused by index in the answer, the rest sent. */
  refuse(idempotencyKey: string): void;
}

export function createProviderStandIn({
  maxBatch = 100,
  requestsPerSecond = null,
  elapsedMs = () => 0,
}: {
  maxBatch?: number;
  /** Past this rate (over the last second of `elapsedMs`), requests answer 429 with Retry-After 1 s. */
  requestsPerSecond?: number | null;
  elapsedMs?: () => number;
} = {}): ProviderStandIn {
  const byKey = new Map<string, { digest: string; answer: BatchAnswer }>();
  const faults: ScriptedFault[] = [];
  const refused = new Set<string>();
  const stamps: number[] = [];
  const standIn: ProviderStandIn = {
    maxBatch,
    sent: [],
    requests: [],
    script: (...next) => void faults.push(...next),
    refuse: (key) => void refused.add(key),
    async deliverBatch(emails: BatchEmail[], { batchKey }) {
      if (emails.length > maxBatch) throw new Error(`a batch of ${emails.length} is over ${maxBatch}`);
      const at = elapsedMs();
      const log = (answer: string) => standIn.requests.push({ batchKey, size: emails.length, answer, at });
      while (stamps.length > 0 && (stamps[0] as number) <= at - 1_000) stamps.shift();
      if (requestsPerSecond !== null && stamps.length >= requestsPerSecond) {
        log("429 over the rate");
        return { kind: "RATE_LIMITED", reason: "Resend 429: Too many requests", retryAfterMs: 1_000 };
      }
      stamps.push(at);
      const fault = faults.shift();
      if (fault?.kind === "RATE_LIMITED") {
        log("429");
        return {
          kind: "RATE_LIMITED",
          reason: "Resend 429: Too many requests",
          retryAfterMs: fault.retryAfterMs,
        };
      }
      if (fault?.kind === "QUOTA_EXCEEDED") {
        log("429 quota");
        return {
          kind: "QUOTA_EXCEEDED",
          reason: "Resend 429: You have reached your daily email sending quota.",
          retryAfterMs: fault.retryAfterMs,
        };
      }
      if (fault?.kind === "SERVER_ERROR") {
        log("500");
        return { kind: "UNKNOWN", reason: "Resend 500: internal_server_error", retryAfterMs: null };
      }
      const digest = crypto
        .createHash("sha256")
        .update(
          JSON.stringify(
            emails.map(({ email, idempotencyKey }) => [idempotencyKey, email.subject, email.text]),
          ),
        )
        .digest("hex");
      const seen = byKey.get(batchKey);
      if (seen) {
        log(seen.digest === digest ? "repeat" : "409");
        return seen.digest === digest
          ? seen.answer
          : { kind: "ANSWERED", results: emails.map(() => ({ ok: true, providerMessageId: null })) };
      }
      const answer: BatchAnswer = {
        kind: "ANSWERED",
        results: emails.map(({ idempotencyKey }) => {
          if (refused.has(idempotencyKey))
            return { ok: false, retryable: false, reason: "Resend refused it: invalid `to` field" };
          standIn.sent.push(idempotencyKey);
          return { ok: true, providerMessageId: `msg_${crypto.randomUUID()}` };
        }),
      };
      byKey.set(batchKey, { digest, answer });
      if (fault?.kind === "ANSWER_LOST") {
        log("accepted, answer lost");
        return { kind: "UNKNOWN", reason: "Resend did not answer within 15000 ms", retryAfterMs: null };
      }
      if (fault?.kind === "HANG_AFTER_ACCEPT") {
        log("accepted, then the process stopped");
        return new Promise<BatchAnswer>(() => {});
      }
      log("accepted");
      return answer;
    },
  };
  return standIn;
}
