import type { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NO_DEADLINE } from "../../test/helpers/deadlines";
import { closeTestRedis, connectTestRedis, testRedisUrl, uniqueKeyPrefix } from "../../test/helpers/redis";
import type { Deadline } from "./clock.server";
import { createSendPacer, type SendPacer } from "./send-pacer.server";

const T0 = 1_750_000_000_000;

/**
 * Simulated time: `sleep` moves the clock by what was asked, so one sender's waits add up to the time its
 * requests took, and a test waits for nothing. `frozen` keeps the clock still instead, for senders that ask at
 * the same moment: each one's start is then the moment plus the wait it was given.
 */
function simulatedClock({ frozen = false } = {}) {
  let now = T0;
  const starts: number[] = [];
  let duringSleep: (() => Promise<void>) | undefined;
  return {
    now: () => now,
    async sleep(ms: number) {
      const work = duringSleep;
      duringSleep = undefined;
      await work?.();
      if (frozen) starts.push(now + ms);
      else now += ms;
    },
    /** Runs `work` (another sender's doing) while the next sleeper waits. */
    whileNextSleeps(work: () => Promise<void>) {
      duringSleep = work;
    },
    deadlineIn(ms: number): Deadline {
      const end = now + ms;
      return { isPast: () => now > end, remainingMs: () => Math.max(0, end - now) };
    },
    starts,
  };
}

async function startsOfSequentialRequests(pacer: SendPacer, clock: { now(): number }, count: number) {
  const starts = [];
  for (let request = 0; request < count; request++) {
    expect(await pacer.acquire(NO_DEADLINE)).toBe(true);
    starts.push(clock.now() - T0);
  }
  return starts;
}

describe("send pacer", () => {
  it.each([2, 5, 0.5])("starts requests 1/rate apart at %s per second: N take (N - 1)/rate", async (rate) => {
    const clock = simulatedClock();
    const pacer = createSendPacer({ requestsPerSecond: rate, now: clock.now, sleep: clock.sleep });
    const starts = await startsOfSequentialRequests(pacer, clock, 7);
    expect(starts.at(-1)).toBeCloseTo((6 / rate) * 1000, 6);
    starts.forEach((start, index) => expect(start).toBeCloseTo((index * 1000) / rate, 6));
  });

  it("gives senders asking at the same moment one slot each, in turn", async () => {
    const clock = simulatedClock({ frozen: true });
    const pacer = createSendPacer({ requestsPerSecond: 4, now: clock.now, sleep: clock.sleep });
    const granted = await Promise.all(Array.from({ length: 6 }, () => pacer.acquire(NO_DEADLINE)));
    expect(granted).toEqual(Array(6).fill(true));
    // The first goes at once; the others at 250 ms steps.
    expect(clock.starts.map((start) => start - T0).sort((a, b) => a - b)).toEqual([
      250, 500, 750, 1000, 1250,
    ]);
  });

  it("starts nothing before a pause ends, not even a sender already waiting for its slot", async () => {
    const clock = simulatedClock();
    const pacer = createSendPacer({ requestsPerSecond: 2, now: clock.now, sleep: clock.sleep });
    expect(await pacer.acquire(NO_DEADLINE)).toBe(true);
    // This sender's slot is at 500 ms; while it waits, another sender's request is answered 429, retry in 2 s.
    clock.whileNextSleeps(() => pacer.pause(2_000));
    expect(await pacer.acquire(NO_DEADLINE)).toBe(true);
    expect(clock.now() - T0).toBe(2_000);
    // Then the rate again.
    expect(await pacer.acquire(NO_DEADLINE)).toBe(true);
    expect(clock.now() - T0).toBe(2_500);
  });

  it("refuses at once, taking no slot, when the deadline would pass first", async () => {
    const clock = simulatedClock();
    const pacer = createSendPacer({ requestsPerSecond: 0.5, now: clock.now, sleep: clock.sleep });
    expect(await pacer.acquire(NO_DEADLINE)).toBe(true);
    expect(await pacer.acquire(clock.deadlineIn(1_999))).toBe(false);
    expect(clock.now(), "no time spent waiting").toBe(T0);
    expect(await pacer.acquire(clock.deadlineIn(2_000))).toBe(true);
    expect(clock.now() - T0, "the refused request took no slot").toBe(2_000);

    expect(await pacer.pausedForMs()).toBe(0);
    await pacer.pause(10_000);
    expect(await pacer.pausedForMs()).toBe(10_000);
    expect(await pacer.acquire(clock.deadlineIn(9_999))).toBe(false);
    expect(clock.now() - T0).toBe(2_000);
  });

  it("refuses a rate that is not a positive number", () => {
    for (const rate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => createSendPacer({ requestsPerSecond: rate })).toThrow(/positive/);
  });
});

describe.skipIf(!testRedisUrl)("send pacer shared through Redis", () => {
  // Two instances of the app: each its own pacer and connection, one schedule between them.
  let prefix: string;
  let first: Redis;
  let second: Redis;

  beforeEach(async () => {
    prefix = uniqueKeyPrefix("send-pacer");
    [first, second] = await Promise.all([connectTestRedis(), connectTestRedis()]);
  });
  afterEach(() => closeTestRedis(prefix, [first, second]));

  const pacersOf = (rate: number, clock: ReturnType<typeof simulatedClock>) =>
    [first, second].map((redis) =>
      createSendPacer({
        requestsPerSecond: rate,
        redis,
        keyPrefix: prefix,
        now: clock.now,
        sleep: clock.sleep,
      }),
    ) as [SendPacer, SendPacer];

  it("never lets two instances together go over the rate, however many senders ask at once", async () => {
    const clock = simulatedClock({ frozen: true });
    const [one, other] = pacersOf(5, clock);
    const granted = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? one : other).acquire(NO_DEADLINE)),
    );
    expect(granted).toEqual(Array(20).fill(true));
    // One request at once, then one per 200 ms slot: no slot given twice, none closer than 1/rate.
    const starts = clock.starts.map((start) => start - T0).sort((a, b) => a - b);
    expect(starts).toEqual(Array.from({ length: 19 }, (_, index) => (index + 1) * 200));
    const inFirstSecond = [0, ...starts].filter((start) => start < 1_000);
    expect(inFirstSecond).toHaveLength(5);
  });

  it("keeps a fractional rate across instances taking turns", async () => {
    const clock = simulatedClock();
    const [one, other] = pacersOf(0.5, clock);
    const starts = [];
    for (const pacer of [one, other, one, other, one]) {
      expect(await pacer.acquire(NO_DEADLINE)).toBe(true);
      starts.push(clock.now() - T0);
    }
    expect(starts).toEqual([0, 2_000, 4_000, 6_000, 8_000]);
  });

  it("pauses every instance when one is told to retry later, and refuses past a deadline without a slot", async () => {
    const clock = simulatedClock();
    const [one, other] = pacersOf(2, clock);
    expect(await one.acquire(NO_DEADLINE)).toBe(true);
    await one.pause(3_000);
    expect(await other.pausedForMs()).toBe(3_000);
    expect(await other.acquire(clock.deadlineIn(2_999))).toBe(false);
    expect(clock.now()).toBe(T0);
    expect(await other.acquire(NO_DEADLINE)).toBe(true);
    expect(clock.now() - T0).toBe(3_000);
    expect(await one.acquire(NO_DEADLINE)).toBe(true);
    expect(clock.now() - T0).toBe(3_500);
  });

  it("paces this instance alone when Redis fails", async () => {
    const clock = simulatedClock();
    const [pacer] = pacersOf(2, clock);
    first.disconnect();
    expect(await startsOfSequentialRequests(pacer, clock, 3)).toEqual([0, 500, 1_000]);
    first = await connectTestRedis();
  });
});
