import type { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeTestRedis, connectTestRedis, testRedisUrl, uniqueKeyPrefix } from "../../test/helpers/redis";
import { createRateLimiter } from "./rate-limit.server";

describe("rate limiter", () => {
  it("allows `limit` requests per key and window, then says when to come back", async () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    const results = [];
    for (const offset of [0, 1, 2, 3]) results.push(await limiter.hit("1.2.3.4", 1_000 + offset));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect((await limiter.hit("5.6.7.8", 1_010)).allowed).toBe(true);
    expect((await limiter.hit("1.2.3.4", 61_000)).allowed).toBe(true);
  });

  it("keeps memory bounded under a flood of new keys", async () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100 });
    for (let index = 0; index < 10_000; index++) await limiter.hit(`key-${index}`, 1_000);
    // The newest keys are still counted: a repeat is refused.
    expect((await limiter.hit("key-9999", 1_001)).allowed).toBe(false);
  });

  it("starts from zero after the in-process caches are cleared (between tests)", async () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000 });
    await limiter.hit("1.2.3.4", 1_000);
    for (const cache of globalThis.cartbackCaches ?? []) cache.clear();
    expect((await limiter.hit("1.2.3.4", 1_001)).allowed).toBe(true);
  });
});

describe.skipIf(!testRedisUrl)("rate limiter shared through Redis", () => {
  // Two instances of the app: each its own limiter and its own connection, one limit between them.
  let prefix: string;
  let first: Redis;
  let second: Redis;

  beforeEach(async () => {
    prefix = uniqueKeyPrefix("rate-limit");
    [first, second] = await Promise.all([connectTestRedis(), connectTestRedis()]);
  });
  afterEach(() => closeTestRedis(prefix, [first, second]));

  const limiterOn = (redis: Redis, limit: number) =>
    createRateLimiter({ limit, windowMs: 60_000, shared: { redis, keyPrefix: prefix } });

  it("counts every instance's requests against one limit and says when to come back", async () => {
    const [one, other] = [limiterOn(first, 3), limiterOn(second, 3)];
    const allowed = [];
    for (const limiter of [one, other, one]) allowed.push((await limiter.hit("203.0.113.9", 0)).allowed);
    expect(allowed).toEqual([true, true, true]);
    expect(await other.hit("203.0.113.9", 0)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect((await one.hit("198.51.100.1", 0)).allowed, "another address has its own count").toBe(true);
  });

  it("counts concurrent requests from both instances exactly", async () => {
    const [one, other] = [limiterOn(first, 10), limiterOn(second, 10)];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) => (index % 2 ? one : other).hit("shop-a.myshopify.com", 0)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
  });

  it("counts in this instance when Redis fails, with the same limit", async () => {
    const limiter = limiterOn(first, 2);
    first.disconnect();
    const allowed = [];
    for (let hit = 0; hit < 3; hit++) allowed.push((await limiter.hit("203.0.113.9", 5_000)).allowed);
    expect(allowed).toEqual([true, true, false]);
    first = await connectTestRedis();
  });
});
