import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { delay, http, HttpResponse } from "msw";
import { Resend } from "resend";
import { describe, expect, it } from "vitest";
import {
  failResendWith,
  limitResendTo,
  loseResendAnswers,
  resendEmails,
  resendRequests,
} from "../../../test/mocks/resend";
import { mockServer } from "../../../test/mocks/server";
import { batchKeyFor } from "./batch-transport";
import { createDemoTransport } from "./demo-transport.server";
import { createOutboxTransport, outboxIdFor } from "./outbox-transport.server";
import { createResendBatchTransport } from "./resend-batch-transport.server";
import type { RecoveryMessage } from "~/domain/messages";
import type { ComposedEmail } from "~/domain/email";
import { createComposingMailer } from "./transport";

const email: ComposedEmail = {
  from: '"Maple & Pine" <recover@mail.cartback.example>',
  to: "jane@example.org",
  replyTo: "hello@maple.example",
  subject: "Your cart is waiting",
  html: "<p>Hi</p>",
  text: "Hi",
  headers: {
    "List-Unsubscribe": "<https://cartback.example/unsubscribe/t>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  },
  tags: [
    { name: "shop", value: "maple_myshopify_com" },
    { name: "step", value: "1" },
  ],
};
const key = "cartback:maple.myshopify.com:c1:step-1";

const NOW = new Date("2026-11-21T12:00:00Z");
const batchKey = batchKeyFor([key]);
const one = [{ email, idempotencyKey: key }];
const rejection =
  (status: number, name: string, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json({ statusCode: status, name, message: name }, { status, headers });

describe("Resend batch transport", () => {
  const resend = createResendBatchTransport({ apiKey: "re_test" });

  it("sends a batch under its key, permissively, with the unsubscribe headers, tags and reply-to, and answers each id", async () => {
    const second = { email: { ...email, to: "sam@example.org" }, idempotencyKey: `${key}-2` };
    const answer = await resend.deliverBatch([...one, second], { batchKey, now: NOW });

    expect(answer).toEqual({
      kind: "ANSWERED",
      results: resendEmails.map((sent) => ({ ok: true, providerMessageId: sent.id })),
    });
    expect(resendEmails.map((sent) => sent.body.to)).toEqual(["jane@example.org", "sam@example.org"]);
    expect(resendRequests).toEqual([
      { endpoint: "emails/batch", idempotencyKey: batchKey, batchValidation: "permissive", size: 2 },
    ]);
    expect(resendEmails[0]).toMatchObject({
      idempotencyKey: batchKey,
      body: {
        from: email.from,
        to: email.to,
        subject: email.subject,
        reply_to: "hello@maple.example",
        headers: email.headers,
        tags: email.tags,
      },
    });
  });

  it("sends a key once: the same batch again gets the first answer, and another body under it counts as sent", async () => {
    const first = await resend.deliverBatch(one, { batchKey, now: NOW });
    expect(await resend.deliverBatch(one, { batchKey, now: NOW })).toEqual(first);
    expect(resendEmails).toHaveLength(1);
    // A re-composed email (other copy) under the key: Resend refuses it as already handled, without the first
    // email's id; it went out, its id learned from its first event, never a made-up one.
    const recomposed = [
      { email: { ...email, text: "Hello" }, idempotencyKey: key },
      { email, idempotencyKey: "k2" },
    ];
    expect(await resend.deliverBatch(recomposed, { batchKey, now: NOW })).toEqual({
      kind: "ANSWERED",
      results: [
        { ok: true, providerMessageId: null },
        { ok: true, providerMessageId: null },
      ],
    });
    expect(resendEmails).toHaveLength(1);
  });

  it("answers a 429 as rate limited with Retry-After's wait, and a 500 as unknown, each under the batch's key", async () => {
    failResendWith(
      rejection(429, "rate_limit_exceeded", { "Retry-After": "3" }),
      rejection(500, "internal_server_error"),
    );
    expect(await resend.deliverBatch(one, { batchKey, now: NOW })).toEqual({
      kind: "RATE_LIMITED",
      reason: "Resend 429: rate_limit_exceeded",
      retryAfterMs: 3000,
    });
    expect(await resend.deliverBatch(one, { batchKey, now: NOW })).toEqual({
      kind: "UNKNOWN",
      reason: "Resend 500: internal_server_error",
      retryAfterMs: null,
    });
    expect(resendRequests.map((request) => request.idempotencyKey)).toEqual([batchKey, batchKey]);
    expect(resendEmails).toHaveLength(0);
  });

  it("answers a used-up daily or monthly quota apart from the rate limit: waiting seconds does not bring it back", async () => {
    failResendWith(
      rejection(429, "daily_quota_exceeded"),
      rejection(429, "monthly_quota_exceeded", { "Retry-After": "3600" }),
    );
    expect(await resend.deliverBatch(one, { batchKey, now: NOW })).toEqual({
      kind: "QUOTA_EXCEEDED",
      reason: "Resend 429: daily_quota_exceeded",
      retryAfterMs: null,
    });
    expect(await resend.deliverBatch(one, { batchKey, now: NOW })).toEqual({
      kind: "QUOTA_EXCEEDED",
      reason: "Resend 429: monthly_quota_exceeded",
      retryAfterMs: 3_600_000,
    });
    expect(resendEmails).toHaveLength(0);
  });

  it("answers a dropped connection and an answer later than its wait as unknown: the batch may have gone", async () => {
    failResendWith(() => HttpResponse.error());
    expect(await resend.deliverBatch(one, { batchKey, now: NOW })).toMatchObject({ kind: "UNKNOWN" });

    // Answers after the transport stopped waiting (and accepts nothing, so no later test sees this email).
    mockServer.use(
      http.post(
        "https://api.resend.com/emails/batch",
        async () => {
          await delay(200);
          return HttpResponse.json({ data: [] });
        },
        { once: true },
      ),
    );
    const impatient = createResendBatchTransport({ apiKey: "re_test", timeoutMs: 20 });
    expect(await impatient.deliverBatch(one, { batchKey, now: NOW })).toEqual({
      kind: "UNKNOWN",
      reason: "Resend did not answer within 20 ms",
      retryAfterMs: null,
    });
  });

  it("answers a refused key or sender (401, 403) as refused for the whole batch", async () => {
    failResendWith(rejection(401, "missing_api_key"), rejection(403, "invalid_api_key"));
    expect(await resend.deliverBatch(one, { batchKey, now: NOW })).toEqual({
      kind: "REFUSED",
      reason: "Resend 401: missing_api_key",
    });
    expect(await resend.deliverBatch(one, { batchKey, now: NOW })).toEqual({
      kind: "REFUSED",
      reason: "Resend 403: invalid_api_key",
    });
  });

  it("gives each email its own outcome when Resend refuses some of a batch", async () => {
    const emails = ["a@example.org", "", "c@example.org", "", "e@example.org"].map((to, index) => ({
      email: { ...email, to },
      idempotencyKey: `${key}-${index}`,
    }));
    const answer = await resend.deliverBatch(emails, { batchKey, now: NOW });

    const [a, c, e] = resendEmails;
    const refused = { ok: false, retryable: false, reason: "Resend refused it: The `to` field is missing." };
    expect(answer).toEqual({
      kind: "ANSWERED",
      results: [
        { ok: true, providerMessageId: a?.id },
        refused,
        { ok: true, providerMessageId: c?.id },
        refused,
        { ok: true, providerMessageId: e?.id },
      ],
    });
    expect(resendEmails.map((sent) => sent.body.to)).toEqual([
      "a@example.org",
      "c@example.org",
      "e@example.org",
    ]);
  });
});

describe("Resend's batch endpoint, as mocked", () => {
  const api = new Resend("re_test");
  const body = (to: string) => ({ from: email.from, to, subject: email.subject, text: email.text });

  it("refuses a whole strict batch for one invalid email, and sends none of it", async () => {
    const { data, error } = await api.batch.send([body("a@example.org"), body("")], {
      batchValidation: "strict",
    });
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 422, message: "The `to` field is missing." });
    expect(resendEmails).toHaveLength(0);
  });

  it("counts a batch as one request against the rate limit, whatever it carries", async () => {
    limitResendTo(1);
    const first = await api.batch.send([body("a@example.org"), body("b@example.org"), body("c@example.org")]);
    const second = await api.batch.send([body("d@example.org")]);
    expect(first.data?.data).toHaveLength(3);
    expect(second.error).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
    expect(resendEmails).toHaveLength(3);
  });

  it("loses the answer of an accepted batch, then answers its repeat with the first answer", async () => {
    loseResendAnswers(1);
    const emails = [body("a@example.org"), body("b@example.org")];
    const lost = await api.batch.send(emails, { idempotencyKey: "batch-1" });
    expect(lost.error).toMatchObject({ statusCode: null });
    const repeat = await api.batch.send(emails, { idempotencyKey: "batch-1" });
    expect(repeat.data?.data.map((row) => row.id)).toEqual(resendEmails.map((sent) => sent.id));
    expect(resendEmails).toHaveLength(2);
  });
});

describe("outbox transport", () => {
  it("writes one .json, .html and .txt per message, and never twice for one key", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-outbox-"));
    const outbox = createOutboxTransport({ dir, clock: () => NOW });

    const first = await outbox.deliver(email, { idempotencyKey: key, now: NOW });
    const again = await outbox.deliver({ ...email, subject: "changed" }, { idempotencyKey: key, now: NOW });
    const other = await outbox.deliver(email, { idempotencyKey: `${key}-other`, now: NOW });

    const id = outboxIdFor(key);
    expect(first).toEqual({ ok: true, providerMessageId: `outbox_${id}` });
    expect(again).toEqual(first);
    expect(other.ok && other.providerMessageId).not.toBe(`outbox_${id}`);
    expect(fs.readdirSync(dir).sort()).toHaveLength(6);
    const record = JSON.parse(fs.readFileSync(path.join(dir, `${id}.json`), "utf8"));
    expect(record).toMatchObject({
      to: email.to,
      from: email.from,
      replyTo: email.replyTo,
      subject: "Your cart is waiting",
      html: email.html,
      text: email.text,
      headers: email.headers,
      tags: email.tags,
      idempotencyKey: key,
      createdAt: "2026-11-21T12:00:00.000Z",
    });
    expect(fs.readFileSync(path.join(dir, `${id}.html`), "utf8")).toBe(email.html);
    expect(fs.readFileSync(path.join(dir, `${id}.txt`), "utf8")).toBe(email.text);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes a key once even when two sends race", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-outbox-"));
    const outbox = createOutboxTransport({ dir, clock: () => NOW });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => outbox.deliver(email, { idempotencyKey: key, now: NOW })),
    );
    expect(new Set(results.map((result) => (result.ok ? result.providerMessageId : "")))).toEqual(
      new Set([`outbox_${outboxIdFor(key)}`]),
    );
    expect(fs.readdirSync(dir).filter((file) => file.endsWith(".json"))).toHaveLength(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("demo transport", () => {
  const outboxDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "cartback-demo-outbox-"));
  const demoTransport = (dir: string, recipient: string | undefined) =>
    createDemoTransport({
      resend: createResendBatchTransport({ apiKey: "re_demo" }),
      outbox: createOutboxTransport({ dir, clock: () => NOW }),
      recipient,
    });
  const jsonFiles = (dir: string) => fs.readdirSync(dir).filter((file) => file.endsWith(".json"));

  it("sends through Resend to the recipient override and keeps the shopper's copy in the outbox", async () => {
    const dir = outboxDir();
    const answer = await demoTransport(dir, "me@developer.example").deliverBatch(one, { batchKey, now: NOW });
    expect(answer).toEqual({
      kind: "ANSWERED",
      results: [{ ok: true, providerMessageId: resendEmails[0]?.id }],
    });
    expect(resendEmails.map((sent) => sent.body.to)).toEqual(["me@developer.example"]);
    const copy = JSON.parse(fs.readFileSync(path.join(dir, `${outboxIdFor(key)}.json`), "utf8"));
    expect(copy.to).toBe("jane@example.org");
    expect(fs.existsSync(path.join(dir, `${outboxIdFor(key)}.html`))).toBe(true);
  });

  it("writes no outbox copy when Resend refuses, so the retry is the one that lands", async () => {
    const dir = outboxDir();
    failResendWith(rejection(429, "rate_limit_exceeded"));
    const transport = demoTransport(dir, undefined);
    expect(await transport.deliverBatch(one, { batchKey, now: NOW })).toMatchObject({ kind: "RATE_LIMITED" });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await transport.deliverBatch(one, { batchKey, now: NOW })).toMatchObject({
      kind: "ANSWERED",
      results: [{ ok: true }],
    });
    expect(resendEmails.map((sent) => sent.body.to)).toEqual(["jane@example.org"]);
    expect(fs.readdirSync(dir).sort()).toHaveLength(3);
  });

  it("copies each email of a batch that Resend accepted, and only those", async () => {
    const dir = outboxDir();
    const emails = ["a@example.org", "", "c@example.org"].map((to, index) => ({
      email: { ...email, to },
      idempotencyKey: `${key}-${index}`,
    }));
    const answer = await demoTransport(dir, undefined).deliverBatch(emails, { batchKey, now: NOW });
    expect(answer.kind === "ANSWERED" && answer.results.map((result) => result.ok)).toEqual([
      true,
      false,
      true,
    ]);
    expect(jsonFiles(dir).sort()).toEqual(
      [`${outboxIdFor(`${key}-0`)}.json`, `${outboxIdFor(`${key}-2`)}.json`].sort(),
    );
  });
});

describe("composing mailer", () => {
  it("answers with the subject that went out, which may be the copy's rather than the message's", async () => {
    const mailer = createComposingMailer({
      compose: async () => ({ ...email, subject: "Ihr Warenkorb wartet auf Sie" }),
      transport: { deliver: async () => ({ ok: true, providerMessageId: "msg_1" }) },
    });
    const result = await mailer.send({ subject: "Your cart is waiting" } as RecoveryMessage, {
      idempotencyKey: key,
      now: NOW,
    });
    expect(result).toEqual({ ok: true, providerMessageId: "msg_1", subject: "Ihr Warenkorb wartet auf Sie" });
  });
});
