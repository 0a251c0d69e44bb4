import crypto from "node:crypto";
import { http, HttpResponse, type HttpHandler } from "msw";

/**
 * Resend's send API, mocked at the HTTP level for tests and the offline demo. It keeps idempotency keys like
 * Resend does (same key and body: the first email's id, nothing new sent; same key, another body: 409
 * invalid_idempotent_request) and records every accepted email so a test can read it back.
 */

export interface ResendEmail {
  id: string;
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

export const resendEmails: ResendEmail[] = [];
export const resendRequests: Array<{ idempotencyKey: string | null }> = [];
const byKey = new Map<string, { id: string; digest: string }>();
const queued: Array<() => Response> = [];

let acceptsLeft: number | null = null;
let answersToLose = 0;

/**
 * Resend's rate limit, one window at a time: the next `count` emails are accepted, then every request answers
 * 429 (rate_limit_exceeded, Retry-After: 1) until the test opens the next window; null lifts the limit.
 */
export function limitResendTo(count: number | null) {
  acceptsLeft = count;
}

/** The next requests answer with these responses, in order, before the mock accepts again. */
export function failResendWith(...responses: Array<() => Response>) {
  queued.push(...responses);
}

/**
 * The next `count` emails are accepted (sent, and their key kept) but their answer is lost on the way back:
 * the app sees a network error, as after a timeout or a dropped connection.
 */
export function loseResendAnswers(count: number) {
  answersToLose = count;
}

export function resetResendMock() {
  resendEmails.length = 0;
  resendRequests.length = 0;
  byKey.clear();
  queued.length = 0;
  acceptsLeft = null;
  answersToLose = 0;
}

export const resendHandlers: HttpHandler[] = [
  http.post("https://api.resend.com/emails", async ({ request }) => {
    const idempotencyKey = request.headers.get("idempotency-key");
    resendRequests.push({ idempotencyKey });
    const failure = queued.shift();
    if (failure) return failure();
    if (acceptsLeft !== null && acceptsLeft <= 0) {
      return HttpResponse.json(
        { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
        { status: 429, headers: { "retry-after": "1" } },
      );
    }
    if (acceptsLeft !== null) acceptsLeft -= 1;
    const raw = await request.text();
    const body = JSON.parse(raw) as ResendEmail["body"];
    if (!body.from || !body.to || !body.subject) {
      return HttpResponse.json(
        { statusCode: 422, name: "validation_error", message: "Missing required field" },
        { status: 422 },
      );
    }
    const digest = crypto.createHash("sha256").update(raw).digest("hex");
    if (idempotencyKey) {
      const seen = byKey.get(idempotencyKey);
      if (seen && seen.digest !== digest) {
        return HttpResponse.json(
          {
            statusCode: 409,
            name: "invalid_idempotent_request",
            message: "Same idempotency key used with a different request payload.",
          },
          { status: 409 },
        );
      }
      if (seen) return HttpResponse.json({ id: seen.id });
    }
    const id = crypto.randomUUID();
    if (idempotencyKey) byKey.set(idempotencyKey, { id, digest });
    resendEmails.push({ id, idempotencyKey, body });
    if (answersToLose > 0) {
      answersToLose -= 1;
      return HttpResponse.error();
    }
    return HttpResponse.json({ id });
  }),
];
