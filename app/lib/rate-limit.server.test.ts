import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit.server";

describe("rate limiter", () => {
  it("allows `limit` requests per key and window, then says when to come back", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    const results = [0, 1, 2, 3].map((offset) => limiter.hit("1.2.3.4", 1_000 + offset));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.hit("5.6.7.8", 1_010).allowed).toBe(true);
    expect(limiter.hit("1.2.3.4", 61_000).allowed).toBe(true);
  });

  it("keeps memory bounded under a flood of new keys", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100 });
    for (let index = 0; index < 10_000; index++) limiter.hit(`key-${index}`, 1_000);
    // The newest keys are still counted: a repeat is refused.
    expect(limiter.hit("key-9999", 1_001).allowed).toBe(false);
  });
});
