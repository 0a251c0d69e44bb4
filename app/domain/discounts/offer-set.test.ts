import { describe, expect, it } from "vitest";
import type { DiscountTier } from "./discount-tier";
import {
  chooseOfferSet,
  groupOfferSets,
  isOfferSetUsable,
  offerSetMatchesTier,
  type StoredDiscountCode,
} from "./offer-set";

const NOW = new Date("2026-11-21T12:00:00Z");
const hoursLater = (hours: number) => new Date(NOW.getTime() + hours * 60 * 60 * 1000);
const TIER: DiscountTier = { minimumSubtotalMinor: 10_000, percentOff: 10, freeShipping: true };

function code(overrides: Partial<StoredDiscountCode> & Pick<StoredDiscountCode, "code">): StoredDiscountCode {
  const isShipping = overrides.code.endsWith("-SHIP");
  return {
    id: `id_${overrides.code}`,
    kind: isShipping ? "FREE_SHIPPING" : "PERCENTAGE",
    status: "ACTIVE",
    percentOff: isShipping ? null : 10,
    minimumSubtotalMinor: 10_000,
    currency: "USD",
    startsAt: NOW,
    expiresAt: hoursLater(72),
    usedOrderId: null,
    shopifyId: `gid://shopify/DiscountCodeNode/${overrides.code}`,
    ...overrides,
  };
}
const pair = (stem: string, overrides: Partial<StoredDiscountCode> = {}) => [
  code({ code: `${stem}-SHIP`, ...overrides }),
  code({ code: stem, ...overrides }),
];
const [set] = groupOfferSets(pair("CB-AAAAAAAA"));

describe("offer sets", () => {
  it("group the codes of one stem, percentage first, expiring with the first of them", () => {
    const sets = groupOfferSets([
      ...pair("CB-AAAAAAAA"),
      code({ code: "CB-BBBBBBBB-SHIP", expiresAt: hoursLater(10) }),
    ]);
    expect(sets.map((item) => item.codes.map((row) => row.code))).toEqual([
      ["CB-AAAAAAAA", "CB-AAAAAAAA-SHIP"],
      ["CB-BBBBBBBB-SHIP"],
    ]);
    expect(sets[1]?.expiresAt).toEqual(hoursLater(10));
  });

  it("match a tier only when kinds, percentage, threshold and currency are all the same", () => {
    const match = (tier: DiscountTier, currency = "USD") => offerSetMatchesTier(set!, tier, currency);
    expect(match(TIER)).toBe(true);
    expect(match({ ...TIER, percentOff: 15 })).toBe(false);
    expect(match({ ...TIER, minimumSubtotalMinor: 10_001 })).toBe(false);
    expect(match({ ...TIER, freeShipping: false })).toBe(false);
    expect(match({ ...TIER, percentOff: 0 })).toBe(false);
    expect(match(TIER, "EUR")).toBe(false);
  });

  it("are usable for a day after the send, or while valid when the lifetime is a day or less", () => {
    const usable = (sendAt: Date, lifetimeHours = 72) => isOfferSetUsable(set!, { sendAt, lifetimeHours });
    expect(usable(hoursLater(48))).toBe(true);
    expect(usable(hoursLater(48.01))).toBe(false);
    expect(usable(hoursLater(71), 24)).toBe(true);
    expect(usable(hoursLater(72), 24)).toBe(false);
    expect(usable(hoursLater(-1))).toBe(false);
  });

  it("choose ACTIVE codes to reuse first, then PENDING ones to resume, never used or partial ones", () => {
    const input = { tier: TIER, currency: "USD", sendAt: hoursLater(1), lifetimeHours: 72 };
    const active = pair("CB-AAAAAAAA");
    const pending = pair("CB-BBBBBBBB", { status: "PENDING", shopifyId: null, expiresAt: hoursLater(73) });

    expect(chooseOfferSet([...pending, ...active], input)).toMatchObject({
      action: "REUSE",
      set: { stem: "CB-AAAAAAAA" },
    });
    expect(chooseOfferSet(pending, input)).toMatchObject({ action: "RESUME", set: { stem: "CB-BBBBBBBB" } });
    expect(chooseOfferSet([code({ code: "CB-AAAAAAAA" })], input)).toBeNull();
    expect(
      chooseOfferSet(
        [code({ code: "CB-AAAAAAAA" }), code({ code: "CB-AAAAAAAA-SHIP", status: "FAILED" })],
        input,
      ),
    ).toBeNull();
    expect(chooseOfferSet(pair("CB-AAAAAAAA", { usedOrderId: "5001" }), input)).toBeNull();
    expect(chooseOfferSet(pair("CB-AAAAAAAA", { status: "DELETING" }), input)).toBeNull();
  });
});
