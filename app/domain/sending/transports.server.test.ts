import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { failResendWith, resendEmails, resendRequests } from "../../../test/mocks/resend";
import { createDemoTransport } from "./demo-transport.server";
import { createOutboxTransport, outboxIdFor } from "./outbox-transport.server";
import { createResendTransport } from "./resend-transport.server";
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

describe("Resend transport", () => {
  const resend = createResendTransport({ apiKey: "re_test" });

  it("sends with the idempotency key, the unsubscribe headers, tags and reply-to", async () => {
    const result = await resend.deliver(email, { idempotencyKey: key });

    expect(result).toMatchObject({ ok: true, providerMessageId: resendEmails[0]?.id });
    expect(resendEmails[0]).toMatchObject({
      idempotencyKey: key,
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

  it("sends a key once: a retry returns the first email's id and Resend sends nothing new", async () => {
    const first = await resend.deliver(email, { idempotencyKey: key });
    const retry = await resend.deliver(email, { idempotencyKey: key });
    expect(retry).toEqual(first);
    expect(resendEmails).toHaveLength(1);
    // A re-composed email for the same step (different copy) is refused by Resend as already handled, without
    // the first email's id: it is sent, its id unknown (learned from its first event), never a made-up one.
    expect(await resend.deliver({ ...email, text: "Hello" }, { idempotencyKey: key })).toEqual({
      ok: true,
      providerMessageId: null,
    });
    expect(resendEmails).toHaveLength(1);
  });

  it("treats 429 (a rate limit, honouring Retry-After) and 5xx as retryable", async () => {
    failResendWith(
      () =>
        HttpResponse.json(
          { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
          { status: 429, headers: { "Retry-After": "3" } },
        ),
      () =>
        HttpResponse.json(
          { statusCode: 500, name: "internal_server_error", message: "Boom" },
          { status: 500 },
        ),
    );
    expect(await resend.deliver(email, { idempotencyKey: key })).toEqual({
      ok: false,
      retryable: true,
      reason: "Resend 429: Too many requests",
      retryAfterMs: 3000,
      rateLimited: true,
    });
    expect(await resend.deliver(email, { idempotencyKey: key })).toMatchObject({
      ok: false,
      retryable: true,
      reason: "Resend 500: Boom",
    });
    expect(resendRequests.map((request) => request.idempotencyKey)).toEqual([key, key]);
  });

  it("treats other 4xx as permanent, with Resend's reason", async () => {
    failResendWith(() =>
      HttpResponse.json(
        { statusCode: 422, name: "invalid_parameter", message: "Invalid `to` field" },
        { status: 422 },
      ),
    );
    expect(await resend.deliver(email, { idempotencyKey: key })).toEqual({
      ok: false,
      retryable: false,
      reason: "Resend 422: Invalid `to` field",
    });
  });

  it("treats a network failure as retryable", async () => {
    failResendWith(() => HttpResponse.error());
    expect(await resend.deliver(email, { idempotencyKey: key })).toMatchObject({
      ok: false,
      retryable: true,
    });
  });
});

describe("outbox transport", () => {
  it("writes one .json, .html and .txt per message, and never twice for one key", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-outbox-"));
    const outbox = createOutboxTransport({ dir, clock: () => new Date("2026-11-21T12:00:00Z") });

    const first = await outbox.deliver(email, { idempotencyKey: key });
    const again = await outbox.deliver({ ...email, subject: "changed" }, { idempotencyKey: key });
    const other = await outbox.deliver(email, { idempotencyKey: `${key}-other` });

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
    const outbox = createOutboxTransport({ dir, clock: () => new Date("2026-11-21T12:00:00Z") });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => outbox.deliver(email, { idempotencyKey: key })),
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

  it("sends through Resend to the recipient override and keeps the shopper's copy in the outbox", async () => {
    const dir = outboxDir();
    const transport = createDemoTransport({
      resend: createResendTransport({ apiKey: "re_demo" }),
      outbox: createOutboxTransport({ dir, clock: () => new Date("2026-11-21T12:00:00Z") }),
      recipient: "me@developer.example",
    });
    const result = await transport.deliver(email, { idempotencyKey: key });
    expect(result.ok).toBe(true);
    expect(resendEmails.map((sent) => sent.body.to)).toEqual(["me@developer.example"]);
    const copy = JSON.parse(fs.readFileSync(path.join(dir, `${outboxIdFor(key)}.json`), "utf8"));
    expect(copy.to).toBe("jane@example.org");
    expect(fs.existsSync(path.join(dir, `${outboxIdFor(key)}.html`))).toBe(true);
  });

  it("writes no outbox copy when Resend refuses, so the retry is the one that lands", async () => {
    const dir = outboxDir();
    failResendWith(() =>
      HttpResponse.json(
        { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
        { status: 429 },
      ),
    );
    const transport = createDemoTransport({
      resend: createResendTransport({ apiKey: "re_demo" }),
      outbox: createOutboxTransport({ dir, clock: () => new Date("2026-11-21T12:00:00Z") }),
      recipient: undefined,
    });
    const result = await transport.deliver(email, { idempotencyKey: key });
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect((await transport.deliver(email, { idempotencyKey: key })).ok).toBe(true);
    expect(resendEmails.map((sent) => sent.body.to)).toEqual(["jane@example.org"]);
    expect(fs.readdirSync(dir).sort()).toHaveLength(3);
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
      now: new Date("2026-11-21T12:00:00Z"),
    });
    expect(result).toEqual({ ok: true, providerMessageId: "msg_1", subject: "Ihr Warenkorb wartet auf Sie" });
  });
});
