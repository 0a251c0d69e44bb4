import { describe, expect, it } from "vitest";
import { quietHoursEnd } from "./quiet-hours";
import {
  chooseSendTime,
  describeSendTime,
  engagementWeights,
  SHOP_MIN_EVENTS,
  SHOPPER_MIN_EVENTS,
  type SendTimeInput,
} from "./send-time";

const HOUR_MS = 60 * 60 * 1000;
const NONE = new Array<number>(24).fill(0);
const NIGHT = { enabled: true, start: "21:00", end: "08:00" };
const OFF = { ...NIGHT, enabled: false };

/** 24 counts with `count` events at each of the given local hours. */
function hours(events: Record<number, number>): number[] {
  return NONE.map((_, hour) => events[hour] ?? 0);
}

function input(overrides: Partial<SendTimeInput> & { earliest: Date; windowHours?: number }): SendTimeInput {
  const { windowHours = 6, ...rest } = overrides;
  return {
    latest: new Date(overrides.earliest.getTime() + windowHours * HOUR_MS),
    timeZone: "America/New_York",
    history: { shopper: NONE, shop: NONE },
    quietHours: NIGHT,
    ...rest,
  };
}

describe("chooseSendTime", () => {
  it("sends at 20:00 local to a shopper who always shops at 20:00, in a zone off UTC", () => {
    // 12:10 EST; the window reaches 20:10 EST.
    const choice = chooseSendTime(
      input({
        earliest: new Date("2026-11-20T17:10:00Z"),
        windowHours: 8,
        history: { shopper: hours({ 20: 5 }), shop: NONE },
      }),
    );
    expect(choice).toEqual({
      at: new Date("2026-11-21T01:00:00Z"),
      basis: "SHOPPER",
      hold: "ENGAGEMENT",
      localHour: 20,
      localTime: "20:00",
    });
    expect(describeSendTime(choice)).toBe("held until 20:00, when this shopper usually shops");
  });

  it("finds 20:00 local across the night the clocks go forward", () => {
    // 22:00 EST on 7 March 2026; New York moves to EDT (UTC-4) at 02:00 on the 8th. 20:00 EDT is 00:00 UTC on
    // the 9th: with the winter offset it would be 01:00 UTC, 21:00 local.
    const choice = chooseSendTime(
      input({
        earliest: new Date("2026-03-08T03:00:00Z"),
        latest: new Date("2026-03-09T01:30:00Z"),
        history: { shopper: hours({ 20: 5 }), shop: NONE },
        quietHours: OFF,
      }),
    );
    expect(choice.at).toEqual(new Date("2026-03-09T00:00:00Z"));
    expect(choice.localTime).toBe("20:00");
  });

  it("takes the first 01:00 of the night the clocks go back, when both weigh the same", () => {
    // 00:30 EDT on 1 November 2026; 01:00 happens at 05:00 UTC (EDT) and again at 06:00 UTC (EST).
    const choice = chooseSendTime(
      input({
        earliest: new Date("2026-11-01T04:30:00Z"),
        latest: new Date("2026-11-01T07:30:00Z"),
        history: { shopper: hours({ 1: 5 }), shop: NONE },
        quietHours: OFF,
      }),
    );
    expect(choice.at).toEqual(new Date("2026-11-01T05:00:00Z"));
    expect(choice.localHour).toBe(1);
  });

  it("uses the local top of the hour in a zone half an hour off UTC", () => {
    // Kolkata is UTC+5:30: 15:30 local at 10:00 UTC; 20:00 local is 14:30 UTC.
    const choice = chooseSendTime(
      input({
        earliest: new Date("2026-11-20T10:00:00Z"),
        timeZone: "Asia/Kolkata",
        history: { shopper: hours({ 20: 5 }), shop: NONE },
      }),
    );
    expect(choice.at).toEqual(new Date("2026-11-20T14:30:00Z"));
    expect(choice.localTime).toBe("20:00");
  });

  it("reads an unknown time zone as UTC", () => {
    const choice = chooseSendTime(
      input({
        earliest: new Date("2026-11-20T15:10:00Z"),
        windowHours: 8,
        timeZone: "Mars/Olympus",
        history: { shopper: hours({ 20: 5 }), shop: NONE },
        quietHours: OFF,
      }),
    );
    expect(choice.at).toEqual(new Date("2026-11-20T20:00:00Z"));
  });

  it("never chooses an hour inside quiet hours, even the shopper's best", () => {
    // 17:10 EST; the window reaches 23:10 EST, and quiet hours start at 21:00.
    const history = { shopper: hours({ 22: 6, 18: 2 }), shop: NONE };
    const earliest = new Date("2026-11-20T22:10:00Z");
    const withoutQuiet = chooseSendTime(input({ earliest, history, quietHours: OFF }));
    expect(withoutQuiet.localHour).toBe(22);

    const choice = chooseSendTime(input({ earliest, history }));

    expect(choice.at).toEqual(new Date("2026-11-20T23:00:00Z")); // 18:00 EST, the best hour outside them
    expect(quietHoursEnd(choice.at, "America/New_York", NIGHT)).toBeNull();
  });

  it("returns earliest when every candidate is inside quiet hours (the engine defers it as before)", () => {
    const earliest = new Date("2026-11-21T03:00:00Z"); // 22:00 EST
    const choice = chooseSendTime(
      input({ earliest, windowHours: 3, history: { shopper: hours({ 20: 5 }), shop: NONE } }),
    );
    expect(choice).toMatchObject({ at: earliest, hold: null, localTime: "22:00" });
  });

  it("may send when quiet hours end off the hour, and says that is why", () => {
    // 06:10 EST inside quiet hours that end at 08:30; the shopper shops at 08:00.
    const choice = chooseSendTime(
      input({
        earliest: new Date("2026-11-21T11:10:00Z"),
        history: { shopper: hours({ 8: 5 }), shop: NONE },
        quietHours: { enabled: true, start: "21:00", end: "08:30" },
      }),
    );
    expect(choice).toMatchObject({ at: new Date("2026-11-21T13:30:00Z"), hold: "QUIET_HOURS" });
    expect(describeSendTime(choice)).toBe("held until 08:30, when quiet hours end");
  });

  it("falls back to the shop's hours when the shopper has no history, or too little", () => {
    const earliest = new Date("2026-11-20T13:10:00Z"); // 08:10 EST
    for (const shopper of [NONE, hours({ 13: SHOPPER_MIN_EVENTS - 1 })]) {
      const choice = chooseSendTime(input({ earliest, history: { shopper, shop: hours({ 11: 40 }) } }));
      expect(choice).toMatchObject({ at: new Date("2026-11-20T16:00:00Z"), basis: "SHOP", localHour: 11 });
      expect(describeSendTime(choice)).toBe(
        "held until 11:00, when this shop's shoppers usually click and buy",
      );
    }
  });

  it("falls back to the prior when the shop has no history, or too little", () => {
    const earliest = new Date("2026-11-20T13:10:00Z"); // 08:10 EST; the window reaches 14:10 EST
    for (const shop of [NONE, hours({ 9: SHOP_MIN_EVENTS - 1 })]) {
      const choice = chooseSendTime(input({ earliest, history: { shopper: NONE, shop } }));
      expect(choice).toMatchObject({ at: new Date("2026-11-20T17:00:00Z"), basis: "PRIOR" });
      expect(describeSendTime(choice)).toBe(
        "held until 12:00, around lunch, when many shoppers read email (no history yet)",
      );
    }
    // 14:10 EST to 22:10 EST, quiet hours off: the prior's evening.
    const evening = chooseSendTime(
      input({ earliest: new Date("2026-11-20T19:10:00Z"), windowHours: 8, quietHours: OFF }),
    );
    expect(evening.localTime).toBe("19:00");
    expect(describeSendTime(evening)).toBe(
      "held until 19:00, the evening hours most shoppers read email (no history yet)",
    );
  });

  it("picks the best reachable hour when the window ends before the best one", () => {
    // 12:10 to 17:10 EST: the shopper's 20:00 is out of reach, their 15:00 is not.
    const choice = chooseSendTime(
      input({
        earliest: new Date("2026-11-20T17:10:00Z"),
        windowHours: 5,
        history: { shopper: hours({ 20: 5, 15: 2 }), shop: NONE },
      }),
    );
    expect(choice.at).toEqual(new Date("2026-11-20T20:00:00Z"));
    expect(choice.localHour).toBe(15);
  });

  it("sends at earliest when the history is flat", () => {
    const earliest = new Date("2026-11-20T17:10:00Z");
    const flat = new Array<number>(24).fill(2);
    const choice = chooseSendTime(
      input({ earliest, windowHours: 8, history: { shopper: flat, shop: flat.map((count) => count * 5) } }),
    );
    expect(choice).toMatchObject({ at: earliest, basis: "SHOPPER", hold: null });
    expect(describeSendTime(choice)).toBe("sent when due: no later hour in its window was clearly better");
  });

  it("prefers the sooner hour unless a later one is at least 10% better", () => {
    // From 12:10 EST: the shop's 16:00 weighs less than 10% more than its 13:00, then more than 10% more.
    const earliest = new Date("2026-11-20T17:10:00Z");
    const shop = hours({ 13: 100, 16: 105 });
    expect(chooseSendTime(input({ earliest, history: { shopper: NONE, shop } })).localHour).toBe(13);
    const clearlyLater = hours({ 13: 100, 16: 125 });
    expect(
      chooseSendTime(input({ earliest, history: { shopper: NONE, shop: clearlyLater } })).localHour,
    ).toBe(16);
  });

  it("sends at earliest when there is no window", () => {
    const earliest = new Date("2026-11-20T17:10:00Z");
    const history = { shopper: hours({ 20: 5 }), shop: NONE };
    for (const latest of [earliest, new Date(earliest.getTime() - HOUR_MS)]) {
      expect(chooseSendTime(input({ earliest, latest, history }))).toMatchObject({
        at: earliest,
        hold: null,
      });
    }
  });
});

describe("engagementWeights", () => {
  it("is a distribution over the 24 hours, whatever the counts look like", () => {
    const ragged = { shopper: [Number.NaN, -3, 2, 2], shop: [Number.POSITIVE_INFINITY] };
    const { weights, basis } = engagementWeights(ragged);
    expect(weights).toHaveLength(24);
    expect(weights.reduce((total, weight) => total + weight, 0)).toBeCloseTo(1, 10);
    expect(weights.every((weight) => weight > 0)).toBe(true);
    expect(basis).toBe("SHOPPER");
  });

  it("switches basis at the documented minimums", () => {
    const basisOf = (shopper: number, shop: number) =>
      engagementWeights({ shopper: hours({ 20: shopper }), shop: hours({ 11: shop }) }).basis;
    expect(basisOf(SHOPPER_MIN_EVENTS, 0)).toBe("SHOPPER");
    expect(basisOf(SHOPPER_MIN_EVENTS - 1, SHOP_MIN_EVENTS)).toBe("SHOP");
    expect(basisOf(0, SHOP_MIN_EVENTS - 1)).toBe("PRIOR");
  });

  it("shrinks a shopper's few events toward the shop's hours rather than trusting them alone", () => {
    const shop = hours({ 11: 200 });
    const few = engagementWeights({ shopper: hours({ 20: 3 }), shop }).weights;
    const many = engagementWeights({ shopper: hours({ 20: 60 }), shop }).weights;
    // With three events the shop's hour still counts for much; with sixty the shopper's own decides.
    expect(few[11]).toBeGreaterThan(0.1);
    expect(many[11]).toBeLessThan(0.05);
    expect(many[20]).toBeGreaterThan(few[20] as number);
  });
});
