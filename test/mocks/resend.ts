import crypto from "node:crypto";
import { http, HttpResponse, type HttpHandler, type JsonBodyType } from "msw";

/**
 * Resend's send API, one email (`POST /emails`) or a batch (`POST /emails/batch`), mocked at the HTTP level for
 * tests and the offline demo. It keeps idempotency keys like Resend does, per request (same key and body: the
 * first answer again, nothing new sent; same key, another body: 409 invalid_idempotent_request) and records
 * every accepted email so a test can read it back.
 */

export interface ResendEmail {
  id: string;
  /** The key of the request that carried it: the email's own for a single send, its batch's for a batch. */
  idempotencyKey: string | null;
  body: {
    from: string;
    to: string | string[];
    subject: string;
    html?: string;
    text?: string;
    headers?: Record<string, string>;
    tags?: Array<{ name: string; value: string }>;
    reply_to?: string | string[];
  };
}

export interface ResendRequest {
  endpoint: "emails" | "emails/batch";
  idempotencyKey: string | null;
  /** A batch's `x-batch-validation` header as sent (Resend applies strict when it is absent); null for one email. */
  batchValidation: string | null;
  /** How many emails it carried. */
  size: number;
}

/** Resend's documented ceiling for one batch request. */
const MAX_BATCH = 100;

export const resendEmails: ResendEmail[] = [];
export const resendRequests: ResendRequest[] = [];
const byKey = new Map<string, { digest: string; answer: JsonBodyType }>();
const queued: Array<() => Response> = [];

let requestsLeft: number | null = null;
let answersToLose = 0;

/**
 * Resend's rate limit, one window at a time. It counts requests, as Resend's does, so a batch is one however
 * many emails it carries: the next `count` requests pass, then every request answers 429
 * (rate_limit_exceeded, Retry-After: 1) until the test opens the next window; null lifts the limit.
 */
export function limitResendTo(count: number | null) {
  requestsLeft = count;
}

/** The next requests (one email or a batch) answer with these responses, in order, before the mock accepts again. */
export function failResendWith(...responses: Array<() => Response>) {
  queued.push(...responses);
}

/**
 * The next `count` requests Resend accepts (one email, or a whole batch) are sent and their key kept, but their
 * answer is lost on the way back: the app sees a network error, as after a timeout or a dropped connection.
 */
export function loseResendAnswers(count: number) {
  answersToLose = count;
}

export function resetResendMock() {
  resendEmails.length = 0;
  resendRequests.length = 0;
  byKey.clear();
  queued.length = 0;
  requestsLeft = null;
  answersToLose = 0;
}

const resendError = (status: number, name: string, message: string) =>
  HttpResponse.json({ statusCode: status, name, message }, { status });

/** What a request meets before Resend reads it: a scripted failure, then the rate limit. */
function answerBeforeReading(): Response | null {
  const failure = queued.shift();
  if (failure) return failure();
  if (requestsLeft !== null && requestsLeft <= 0) {
    return HttpResponse.json(
      { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
      { status: 429, headers: { "retry-after": "1" } },
    );
  }
  if (requestsLeft !== null) requestsLeft -= 1;
  return null;
}

/** The first required field an email lacks, as Resend names it. */
function missingField(email: ResendEmail["body"]): string | null {
  if (!email.from) return "The `from` field is missing.";
  if (!email.to) return "The `to` field is missing.";
  if (!email.subject) return "The `subject` field is missing.";
  return null;
}

/**
 * Resend's idempotency for one request: a key seen with the same body answers its first answer again and sends
 * nothing; seen with another body, 409. A new key (or none) is accepted: `accept` sends its emails and gives
 * the answer kept under the key.
 */
function answerOnce(idempotencyKey: string | null, raw: string, accept: () => JsonBodyType): Response {
  const digest = crypto.createHash("sha256").update(raw).digest("hex");
  const seen = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
  if (seen && seen.digest !== digest) {
    return resendError(
      409,
      "invalid_idempotent_request",
      "Same idempotency key used with a different request payload.",
    );
  }
  if (seen) return HttpResponse.json(seen.answer);
  const answer = accept();
  if (idempotencyKey) byKey.set(idempotencyKey, { digest, answer });
  if (answersToLose > 0) {
    answersToLose -= 1;
    return HttpResponse.error();
  }
  return HttpResponse.json(answer);
}

function sendEmail(idempotencyKey: string | null, body: ResendEmail["body"]): { id: string } {
  const id = crypto.randomUUID();
  resendEmails.push({ id, idempotencyKey, body });
  return { id };
}

export const resendHandlers: HttpHandler[] = [
  http.post("https://api.resend.com/emails", async ({ request }) => {
    const idempotencyKey = request.headers.get("idempotency-key");
    resendRequests.push({ endpoint: "emails", idempotencyKey, batchValidation: null, size: 1 });
    const early = answerBeforeReading();
    if (early) return early;
    const raw = await request.text();
    const body = JSON.parse(raw) as ResendEmail["body"];
    const missing = missingField(body);
    if (missing) return resendError(422, "validation_error", missing);
    return answerOnce(idempotencyKey, raw, () => sendEmail(idempotencyKey, body));
  }),

  /**
   * Strict validation (Resend's default) refuses the whole batch for one invalid email; permissive sends the
   * valid ones and lists each refused one by its index in `errors`, the ids in `data` being the accepted
   * emails' in order (https://resend.com/docs/dashboard/emails/batch-validation-modes).
   */
  http.post("https://api.resend.com/emails/batch", async ({ request }) => {
    const idempotencyKey = request.headers.get("idempotency-key");
    const batchValidation = request.headers.get("x-batch-validation");
    const raw = await request.text();
    const emails = JSON.parse(raw) as Array<ResendEmail["body"]>;
    resendRequests.push({ endpoint: "emails/batch", idempotencyKey, batchValidation, size: emails.length });
    const early = answerBeforeReading();
    if (early) return early;
    if (emails.length > MAX_BATCH)
      return resendError(422, "validation_error", `A batch takes at most ${MAX_BATCH} emails.`);
    const refusals = emails.flatMap((email, index) => {
      const message = missingField(email);
      return message ? [{ index, message }] : [];
    });
    const isPermissive = batchValidation === "permissive";
    if (!isPermissive && refusals[0]) return resendError(422, "validation_error", refusals[0].message);
    return answerOnce(idempotencyKey, raw, () => {
      const refused = new Set(refusals.map((refusal) => refusal.index));
      const data = emails.flatMap((email, index) =>
        refused.has(index) ? [] : [sendEmail(idempotencyKey, email)],
      );
      return isPermissive ? { data, errors: refusals } : { data };
    });
  }),
];
