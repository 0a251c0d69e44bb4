import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { unauthenticated } from "~/shopify.server";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { adminCalls, mockAdminOperation } from "../../test/mocks/shopify-admin";
import { defineOperation, runAdminOperation, type AdminGraphql } from "./admin-graphql.server";

const Ping = defineOperation<{ n: number }, { ping: string }>({
  name: "Ping",
  query: "query Ping($n: Int!) { ping(n: $n) }",
  schema: z.object({ ping: z.string() }),
});

/** A graphql function answering with the given responses in turn, recording the waits it was asked for. */
function scripted(...answers: Array<() => Response>) {
  let call = 0;
  const graphql: AdminGraphql = async () => {
    const answer = answers[Math.min(call, answers.length - 1)];
    call++;
    return (answer as () => Response)();
  };
  const waits: number[] = [];
  return { graphql, waits, sleep: async (ms: number) => void waits.push(ms), calls: () => call };
}

const ok = () => Response.json({ data: { ping: "pong" } });
const throttled = () =>
  Response.json({
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
    extensions: {
      cost: { requestedQueryCost: 100, throttleStatus: { currentlyAvailable: 20, restoreRate: 50 } },
    },
  });

describe("runAdminOperation", () => {
  it("refuses an operation whose query does not declare its name", () => {
    expect(() =>
      defineOperation({ name: "Named", query: "query { shop { name } }", schema: z.object({}) }),
    ).toThrow(/Named/);
  });

  it("returns validated data", async () => {
    const { graphql, sleep } = scripted(ok);
    expect(await runAdminOperation(graphql, Ping, { n: 1 }, { sleep })).toEqual({
      ok: true,
      data: { ping: "pong" },
    });
  });

  it("reports the query cost Shopify sent in extensions.cost", async () => {
    const costed = () =>
      Response.json({
        data: { ping: "pong" },
        extensions: { cost: { requestedQueryCost: 112, actualQueryCost: 37 } },
      });
    const { graphql, sleep } = scripted(costed);
    expect(await runAdminOperation(graphql, Ping, { n: 1 }, { sleep })).toEqual({
      ok: true,
      data: { ping: "pong" },
      cost: { requested: 112, actual: 37 },
    });
  });

  it("marks a refusal for want of a scope or permission as access denied, and a rejected token not", async () => {
    const graphqlDenied = scripted(() =>
      Response.json({ errors: [{ message: "Access denied", extensions: { code: "ACCESS_DENIED" } }] }),
    );
    expect(await runAdminOperation(graphqlDenied.graphql, Ping, { n: 1 })).toMatchObject({
      ok: false,
      retryable: false,
      accessDenied: true,
    });
    const forbidden = scripted(() => new Response("", { status: 403 }));
    expect(await runAdminOperation(forbidden.graphql, Ping, { n: 1 })).toMatchObject({ accessDenied: true });
    const unauthorized = scripted(() => new Response("", { status: 401 }));
    expect(await runAdminOperation(unauthorized.graphql, Ping, { n: 1 })).not.toHaveProperty("accessDenied");
  });

  it("waits for the bucket to refill after THROTTLED, then succeeds", async () => {
    const { graphql, waits, sleep } = scripted(throttled, ok);
    expect(await runAdminOperation(graphql, Ping, { n: 1 }, { sleep })).toEqual({
      ok: true,
      data: { ping: "pong" },
    });
    // 80 points missing at 50 points/s is 1.6 s, more than the first backoff step.
    expect(waits).toEqual([1600]);
  });

  it("retries HTTP 429 and 5xx with growing backoff and gives up retryable", async () => {
    const { graphql, waits, sleep, calls } = scripted(() => new Response("", { status: 503 }));
    const result = await runAdminOperation(
      graphql,
      Ping,
      { n: 1 },
      { sleep, maxAttempts: 4, baseDelayMs: 100 },
    );
    expect(result).toMatchObject({ ok: false, retryable: true, status: 503 });
    expect(calls()).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it("honours Retry-After on HTTP 429", async () => {
    const { graphql, waits, sleep } = scripted(
      () => new Response("", { status: 429, headers: { "Retry-After": "2.5" } }),
      ok,
    );
    await runAdminOperation(graphql, Ping, { n: 1 }, { sleep, baseDelayMs: 100 });
    expect(waits).toEqual([2500]);
  });

  it("does not retry what cannot succeed: access denied, a GraphQL error, an unexpected shape", async () => {
    const denied = scripted(() => new Response("", { status: 403 }));
    expect(await runAdminOperation(denied.graphql, Ping, { n: 1 }, { sleep: denied.sleep })).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(denied.calls()).toBe(1);

    const invalid = scripted(() => Response.json({ errors: [{ message: "Field 'ping' doesn't exist" }] }));
    expect(await runAdminOperation(invalid.graphql, Ping, { n: 1 }, { sleep: invalid.sleep })).toMatchObject({
      ok: false,
      retryable: false,
      reason: "GraphQL error: Field 'ping' doesn't exist",
    });

    const shape = scripted(() => Response.json({ data: { ping: 42 } }));
    expect(await runAdminOperation(shape.graphql, Ping, { n: 1 }, { sleep: shape.sleep })).toMatchObject({
      ok: false,
      retryable: false,
    });
  });

  describe("a call that never answers", () => {
    afterEach(() => vi.useRealTimers());
    const hung = () => {
      const signals: AbortSignal[] = [];
      // Ignores the abort, as a stuck client might: the adapter must stop waiting all the same.
      const graphql: AdminGraphql = (_query, options) => {
        if (options?.signal) signals.push(options.signal);
        return new Promise<Response>(() => {});
      };
      return { graphql, signals };
    };

    it("is abandoned after the attempt timeout, aborted, and retried as a passing failure", async () => {
      vi.useFakeTimers();
      const { graphql, signals } = hung();
      const waits: number[] = [];
      const result = runAdminOperation(
        graphql,
        Ping,
        { n: 1 },
        { attemptTimeoutMs: 5_000, maxAttempts: 2, sleep: async (ms) => void waits.push(ms) },
      );
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await result).toEqual({ ok: false, retryable: true, reason: "no answer within 5000 ms" });
      expect(signals).toHaveLength(2);
      expect(signals.every((signal) => signal.aborted)).toBe(true);
      expect(waits).toEqual([500]);
    });

    it("starts no further attempt once the deadline has passed", async () => {
      vi.useFakeTimers();
      const { graphql, signals } = hung();
      const result = runAdminOperation(
        graphql,
        Ping,
        { n: 1 },
        {
          attemptTimeoutMs: 1_000,
          maxAttempts: 4,
          sleep: async () => {},
          deadline: { isPast: () => true, remainingMs: () => 0 },
        },
      );
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await result).toMatchObject({ ok: false, retryable: true, reason: /no time left to retry/ });
      expect(signals).toHaveLength(1);
    });
  });

  it("treats a network failure as retryable", async () => {
    let calls = 0;
    const graphql: AdminGraphql = async () => {
      calls++;
      throw new TypeError("fetch failed");
    };
    const result = await runAdminOperation(
      graphql,
      Ping,
      { n: 1 },
      { sleep: async () => {}, maxAttempts: 2 },
    );
    expect(result).toMatchObject({ ok: false, retryable: true, reason: "network error: fetch failed" });
    expect(calls).toBe(2);
  });

  it("works through the Shopify library's real client, errors included", async () => {
    await installTestShop(SHOP_A);
    const { admin } = await unauthenticated.admin(SHOP_A);
    let attempts = 0;
    mockAdminOperation("Ping", ({ variables }) => {
      attempts++;
      return attempts === 1 ? throttled() : { data: { ping: `pong ${variables.n}` } };
    });

    const result = await runAdminOperation(admin.graphql, Ping, { n: 7 }, { sleep: async () => {} });

    expect(result).toEqual({ ok: true, data: { ping: "pong 7" } });
    expect(adminCalls).toHaveLength(2);
    expect(adminCalls[0]).toMatchObject({ shop: SHOP_A, operationName: "Ping", variables: { n: 7 } });
  });
});
