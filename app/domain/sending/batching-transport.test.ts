import { describe, expect, it } from "vitest";
import type { ComposedEmail } from "~/domain/email";
import type { Deadline } from "~/lib/clock.server";
import { NO_DEADLINE, PASSED_DEADLINE } from "../../../test/helpers/deadlines";
import { createProviderStandIn } from "../../../test/helpers/provider-stand-in";
import { batchKeyFor } from "./batch-transport";
import {
  createBatchingTransport,
  QUOTA_RECHECK_MS,
  type BatchKeys,
  type ProviderPacer,
} from "./batching-transport.server";

const NOW = new Date("2026-03-02T10:00:00Z");

const email = (n: number): ComposedEmail => ({
  from: "Shop <shop@example.com>",
  to: `shopper${n}@example.com`,
  subject: `Your cart ${n}`,
  html: `<p>${n}</p>`,
  text: `${n}`,
  headers: {},
  tags: [],
  replyTo: null,
});

function world({ deadline = NO_DEADLINE, maxBatch = 100 }: { deadline?: Deadline; maxBatch?: number } = {}) {
  const provider = createProviderStandIn({ maxBatch });
  const pauses: number[] = [];
  let acquired = 0;
  const pacer: ProviderPacer = {
    acquire: async (until) => {
      acquired++;
      return !until.isPast();
    },
    pause: async (ms) => void pauses.push(ms),
    pausedForMs: async () => pauses.at(-1) ?? 0,
  };
  const kept = new Map<string, string | null>();
  const events: string[] = [];
  const batchKeys: BatchKeys = {
    remember: async ({ batchKey, sendIds }) => {
      events.push(`remember ${sendIds.length}`);
      for (const id of sendIds) kept.set(id, batchKey);
    },
    forget: async ({ batchKey, sendIds }) => {
      for (const id of sendIds) if (kept.get(id) === batchKey) kept.set(id, null);
    },
  };
  const transport = createBatchingTransport({ provider, pacer, batchKeys, sleep: async () => {} });
  const deliver = (n: number, shop = "a.myshopify.com", batchKey?: string) =>
    transport.deliver(email(n), {
      idempotencyKey: `cartback:${shop}:c${n}:step-1`,
      now: NOW,
      shop,
      sendId: `send-${n}`,
      deadline,
      ...(batchKey ? { batchKey } : {}),
    });
  return { provider, pauses, kept, events, deliver, acquired: () => acquired };
}

const range = (n: number) => Array.from({ length: n }, (_, index) => index + 1);

describe("sending in provider batches", () => {
  it("puts one shop's emails handed over together in one request, keyed by its emails, written down before it goes", async () => {
    const { provider, kept, deliver, acquired } = world();
    const results = await Promise.all(range(5).map((n) => deliver(n)));
    expect(results.every((result) => result.ok && result.providerMessageId?.startsWith("msg_"))).toBe(true);
    expect(provider.requests).toHaveLength(1);
    const key = batchKeyFor(range(5).map((n) => `cartback:a.myshopify.com:c${n}:step-1`));
    expect(provider.requests[0]).toMatchObject({ batchKey: key, size: 5 });
    expect([...kept.values()]).toEqual(range(5).map(() => key));
    expect(acquired()).toBe(1);
  });

  it("never mixes shops in a batch, and splits a shop's emails at the provider's maximum", async () => {
    const { provider, deliver } = world({ maxBatch: 3 });
    await Promise.all([...range(7).map((n) => deliver(n)), deliver(8, "b.myshopify.com")]);
    expect(provider.requests.map((request) => request.size).sort()).toEqual([1, 1, 3, 3]);
    expect(provider.sent).toHaveLength(8);
  });

  it("waits out a 429 for every instance and sends the same batch again in the tick: each email once", async () => {
    const { provider, pauses, deliver } = world();
    provider.script({ kind: "RATE_LIMITED", retryAfterMs: 2_000 });
    const results = await Promise.all(range(3).map((n) => deliver(n)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(pauses).toEqual([2_000]);
    expect(provider.requests.map((request) => request.answer)).toEqual(["429", "accepted"]);
    expect(new Set(provider.requests.map((request) => request.batchKey)).size).toBe(1);
    expect(provider.sent.sort()).toEqual(
      range(3)
        .map((n) => `cartback:a.myshopify.com:c${n}:step-1`)
        .sort(),
    );
  });

  it("sends the same batch under the same key after a 500 and after a lost answer: the provider sends nothing twice", async () => {
    const { provider, deliver } = world();
    provider.script({ kind: "SERVER_ERROR" }, { kind: "ANSWER_LOST" });
    const results = await Promise.all(range(4).map((n) => deliver(n)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(provider.requests.map((request) => request.answer)).toEqual([
      "500",
      "accepted, answer lost",
      "repeat",
    ]);
    expect(provider.sent).toHaveLength(4);
  });

  it("gives each email its own outcome when the provider refuses one of a batch", async () => {
    const { provider, deliver } = world();
    provider.refuse("cartback:a.myshopify.com:c2:step-1");
    const results = await Promise.all(range(3).map((n) => deliver(n)));
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ retryable: false, reason: expect.stringContaining("invalid `to`") });
    expect(provider.sent).toHaveLength(2);
  });

  it("hands back a rate-limited batch at the tick's end, unsent, and forgets its key so the emails may go in any batch", async () => {
    let checks = 0;
    // Room for the first request only: the 429's wait runs past the tick.
    const deadline: Deadline = { isPast: () => checks++ >= 1, remainingMs: () => (checks >= 1 ? 0 : 60_000) };
    const { provider, kept, deliver } = world({ deadline });
    provider.script({ kind: "RATE_LIMITED", retryAfterMs: 30_000 });
    const results = await Promise.all(range(2).map((n) => deliver(n)));
    for (const result of results)
      expect(result).toMatchObject({ ok: false, retryable: true, rateLimited: true, retryAfterMs: 30_000 });
    expect(provider.sent).toHaveLength(0);
    expect([...kept.values()]).toEqual([null, null]);
  });

  it("keeps the key of a batch whose answer was unknown before a 429 that outlasted the tick: the emails may have gone", async () => {
    let checks = 0;
    // Room for two requests (two checks each): a lost answer, then a 429 whose wait runs past the tick.
    const deadline: Deadline = { isPast: () => checks++ >= 4, remainingMs: () => (checks >= 4 ? 0 : 60_000) };
    const { provider, kept, deliver } = world({ deadline });
    provider.script({ kind: "ANSWER_LOST" }, { kind: "RATE_LIMITED", retryAfterMs: 30_000 });
    const results = await Promise.all(range(2).map((n) => deliver(n)));
    for (const result of results) expect(result).toMatchObject({ ok: false, rateLimited: true });
    expect(provider.requests.map((request) => request.answer)).toEqual(["accepted, answer lost", "429"]);
    expect(provider.sent).toHaveLength(2);
    expect(new Set(kept.values()).size).toBe(1);
    expect([...kept.values()][0]).toMatch(/^cartback-batch:/);
  });

  it("stops at a used-up quota: one request, every instance paused for the Retry-After or half an hour, the key forgotten", async () => {
    const { provider, pauses, kept, deliver } = world();
    provider.script({ kind: "QUOTA_EXCEEDED", retryAfterMs: null });
    const results = await Promise.all(range(2).map((n) => deliver(n)));
    for (const result of results)
      expect(result).toMatchObject({
        ok: false,
        retryable: true,
        rateLimited: true,
        quotaExceeded: true,
        retryAfterMs: QUOTA_RECHECK_MS,
        reason: expect.stringContaining("daily email sending quota"),
      });
    expect(provider.requests).toHaveLength(1);
    expect(pauses).toEqual([QUOTA_RECHECK_MS]);
    expect([...kept.values()]).toEqual([null, null]);

    const withRetryAfter = world();
    withRetryAfter.provider.script({ kind: "QUOTA_EXCEEDED", retryAfterMs: 7_200_000 });
    const [result] = await Promise.all([withRetryAfter.deliver(1)]);
    expect(result).toMatchObject({ quotaExceeded: true, retryAfterMs: 7_200_000 });
    expect(withRetryAfter.pauses).toEqual([7_200_000]);
  });

  it("gives up on an unknown answer after its attempts, keeping the key: the emails may have gone", async () => {
    const { provider, kept, deliver } = world();
    provider.script(...range(4).map(() => ({ kind: "SERVER_ERROR" as const })));
    const results = await Promise.all(range(2).map((n) => deliver(n)));
    for (const result of results) expect(result).toMatchObject({ ok: false, retryable: true });
    expect(results[0]).not.toHaveProperty("rateLimited");
    expect(provider.requests).toHaveLength(4);
    expect(new Set(kept.values()).size).toBe(1);
    expect([...kept.values()][0]).toMatch(/^cartback-batch:/);
  });

  it("sends an email an earlier attempt batched only under that batch's key, with that batch's other emails", async () => {
    const { provider, deliver, events } = world();
    const earlier = batchKeyFor(["x", "y"]);
    await Promise.all([
      deliver(1, "a.myshopify.com", earlier),
      deliver(2, "a.myshopify.com", earlier),
      deliver(3),
    ]);
    const keys = provider.requests.map((request) => [request.batchKey, request.size]);
    expect(keys).toContainEqual([earlier, 2]);
    expect(keys).toHaveLength(2);
    // The earlier batch's key is on its sends already: only the new batch is written down.
    expect(events).toEqual(["remember 1"]);
  });

  it("asks nothing of the provider past the tick's deadline", async () => {
    const { provider, deliver } = world({ deadline: PASSED_DEADLINE });
    const [result] = await Promise.all([deliver(1)]);
    expect(result).toMatchObject({ ok: false, rateLimited: true });
    expect(provider.requests).toHaveLength(0);
  });
});
