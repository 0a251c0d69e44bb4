import { describe, expect, it } from "vitest";
import { maxAttemptsFor, nextRetryAt, type RetryDelays } from "./retry-delays";

const NOW = new Date("2026-11-21T12:00:00Z");
const MINUTE = 60_000;
const DELAYS: RetryDelays = [MINUTE, 5 * MINUTE, 5 * MINUTE, 60 * MINUTE];
const waitAfter = (attempts: number) => {
  const at = nextRetryAt(DELAYS, attempts, NOW);
  return at === null ? null : (at.getTime() - NOW.getTime()) / MINUTE;
};

describe("nextRetryAt", () => {
  it("waits the table's n-th entry after the n-th failed attempt, repeated entries included", () => {
    expect([1, 2, 3, 4].map(waitAfter)).toEqual([1, 5, 5, 60]);
  });

  it("gives up once the table has no wait left: a table of n waits allows n + 1 attempts", () => {
    expect(maxAttemptsFor(DELAYS)).toBe(5);
    expect(waitAfter(maxAttemptsFor(DELAYS))).toBeNull();
    expect(waitAfter(50)).toBeNull();
    expect(maxAttemptsFor([])).toBe(1);
    expect(nextRetryAt([], 1, NOW)).toBeNull();
  });

  it("has no wait before any attempt was made, nor for a count that is not a whole number", () => {
    expect(waitAfter(0)).toBeNull();
    expect(waitAfter(-1)).toBeNull();
    expect(waitAfter(1.5)).toBeNull();
    expect(waitAfter(Number.NaN)).toBeNull();
  });

  it("counts from the `now` it is given, and leaves it unchanged", () => {
    const now = new Date(NOW.getTime());
    expect(nextRetryAt(DELAYS, 2, now)).toEqual(new Date("2026-11-21T12:05:00Z"));
    expect(now).toEqual(NOW);
  });
});
