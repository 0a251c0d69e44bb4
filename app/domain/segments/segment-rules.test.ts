import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  conditionHolds,
  describeCondition,
  evaluateRule,
  factNeeds,
  matchSegment,
  SegmentConditionSchema,
  SegmentRuleSchema,
  type SegmentCondition,
  type SegmentForMatching,
  type ShopperFacts,
} from "./segment-rules";

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
const FALLBACK = { id: "default", name: "Everyone else" };

function facts(overrides: Partial<ShopperFacts> = {}): ShopperFacts {
  return {
    shopCurrency: "USD",
    subtotalMinor: 12_000,
    currency: "USD",
    language: "EN",
    shipping: { country: "US", province: "CA" },
    billing: { country: "US", province: "NY" },
    cart: { productTypes: ["sofa"], vendors: ["acme"], tags: ["sale"], collections: ["living room"] },
    customer: {
      orderCount: 3,
      totalSpentMinor: 210_000,
      lastOrderAt: new Date(NOW.getTime() - 40 * DAY),
      source: "SHOPIFY",
    },
    valueTier: "HIGH",
    favourite: { productType: "lamp", vendor: "lumen" },
    shopifySegmentIds: new Set(["gid://shopify/Segment/7"]),
    lastAbandonedAt: new Date(NOW.getTime() - 5 * DAY),
    clickedBefore: true,
    recoveredBefore: false,
    ...overrides,
  };
}

const holds = (condition: unknown, shopper = facts()) =>
  conditionHolds(SegmentConditionSchema.parse(condition), shopper, NOW);

describe("segment conditions", () => {
  it("judges each kind from the facts, and 'not' turns it around", () => {
    expect(holds({ kind: "CUSTOMER_TYPE", value: "RETURNING" })).toBe(true);
    expect(holds({ kind: "CUSTOMER_TYPE", value: "NEW" })).toBe(false);
    expect(holds({ kind: "CUSTOMER_TYPE", value: "NEW", negate: true })).toBe(true);
    expect(holds({ kind: "ORDER_COUNT", comparison: "AT_LEAST", value: 3 })).toBe(true);
    expect(holds({ kind: "ORDER_COUNT", comparison: "AT_MOST", value: 2 })).toBe(false);
    expect(holds({ kind: "TOTAL_SPENT", comparison: "AT_LEAST", amountMinor: 200_000 })).toBe(true);
    expect(holds({ kind: "DAYS_SINCE_LAST_ORDER", comparison: "AT_LEAST", days: 30 })).toBe(true);
    expect(holds({ kind: "DAYS_SINCE_LAST_ORDER", comparison: "AT_MOST", days: 30 })).toBe(false);
    // No order at all: "days since the last order" holds for no bound.
    const fresh = facts({
      customer: { orderCount: 0, totalSpentMinor: 0, lastOrderAt: null, source: "APP_ORDERS" },
    });
    expect(holds({ kind: "DAYS_SINCE_LAST_ORDER", comparison: "AT_LEAST", days: 0 }, fresh)).toBe(false);
    expect(holds({ kind: "SHOPIFY_SEGMENT", segmentId: "gid://shopify/Segment/7", name: "VIP" })).toBe(true);
    expect(holds({ kind: "SHOPIFY_SEGMENT", segmentId: "gid://shopify/Segment/8", name: "Other" })).toBe(
      false,
    );
    expect(holds({ kind: "CART_SUBTOTAL", comparison: "AT_LEAST", amountMinor: 12_000 })).toBe(true);
    expect(holds({ kind: "CART_SUBTOTAL", comparison: "AT_MOST", amountMinor: 11_999 })).toBe(false);
    expect(holds({ kind: "VALUE_TIER", tiers: ["HIGH", "MEDIUM"] })).toBe(true);
    expect(holds({ kind: "COUNTRY", address: "SHIPPING", codes: ["us", "ca"] })).toBe(true);
    expect(holds({ kind: "COUNTRY", address: "BILLING", codes: ["FR"] })).toBe(false);
    expect(holds({ kind: "COUNTRY", address: "BILLING", codes: ["FR"], negate: true })).toBe(true);
    expect(holds({ kind: "PROVINCE", address: "SHIPPING", codes: ["US-CA"] })).toBe(true);
    expect(holds({ kind: "PROVINCE", address: "BILLING", codes: ["US-CA"] })).toBe(false);
    expect(holds({ kind: "LOCALE", codes: ["en"] })).toBe(true);
    expect(holds({ kind: "CURRENCY", codes: ["EUR"] })).toBe(false);
    expect(holds({ kind: "CART_PRODUCT_TYPE", values: ["Sofa"] })).toBe(true);
    expect(holds({ kind: "CART_VENDOR", values: ["Other"] })).toBe(false);
    expect(holds({ kind: "CART_TAG", values: [" SALE "] })).toBe(true);
    expect(holds({ kind: "CART_COLLECTION", values: ["Living Room"] })).toBe(true);
    expect(holds({ kind: "FAVOURITE_PRODUCT_TYPE", values: ["Lamp"] })).toBe(true);
    expect(holds({ kind: "FAVOURITE_VENDOR", values: ["acme"] })).toBe(false);
    expect(holds({ kind: "ABANDONED_BEFORE", withinDays: 7 })).toBe(true);
    expect(holds({ kind: "ABANDONED_BEFORE", withinDays: 3 })).toBe(false);
    expect(holds({ kind: "CLICKED_BEFORE" })).toBe(true);
    expect(holds({ kind: "RECOVERED_BEFORE" })).toBe(false);
    expect(holds({ kind: "RECOVERED_BEFORE", negate: true })).toBe(true);
  });

  it("rejects conditions a merchant could not mean, with a reason", () => {
    const bad = [
      { kind: "COUNTRY", address: "SHIPPING", codes: ["USA"] },
      { kind: "COUNTRY", address: "SHIPPING", codes: [] },
      { kind: "ORDER_COUNT", comparison: "AT_LEAST", value: -1 },
      { kind: "SHOPIFY_SEGMENT", segmentId: "123", name: "VIP" },
      { kind: "ABANDONED_BEFORE", withinDays: 0 },
      { kind: "UNKNOWN" },
    ];
    for (const condition of bad) expect(SegmentConditionSchema.safeParse(condition).success).toBe(false);
    expect(SegmentRuleSchema.safeParse({ match: "ALL", conditions: [] }).error?.issues[0]?.message).toBe(
      "needs at least one condition",
    );
  });

  it("ALL needs every condition, ANY one of them", () => {
    const conditions = SegmentRuleSchema.parse({
      match: "ALL",
      conditions: [
        { kind: "CUSTOMER_TYPE", value: "RETURNING" },
        { kind: "CURRENCY", codes: ["EUR"] },
      ],
    }).conditions;
    expect(evaluateRule({ match: "ALL", conditions }, facts(), NOW).matched).toBe(false);
    expect(evaluateRule({ match: "ANY", conditions }, facts(), NOW).matched).toBe(true);
  });

  it("says which conditions held, in words a merchant reads", () => {
    const segments: SegmentForMatching[] = [
      {
        id: "s1",
        name: "Returning, high-value",
        rule: SegmentRuleSchema.parse({
          match: "ANY",
          conditions: [
            { kind: "VALUE_TIER", tiers: ["HIGH"] },
            { kind: "CURRENCY", codes: ["EUR"] },
          ],
        }),
      },
    ];
    const match = matchSegment(segments, facts(), NOW, FALLBACK);
    expect(match.segmentId).toBe("s1");
    expect(match.held.map((condition) => describeCondition(condition, "USD"))).toEqual([
      "Value tier is high",
    ]);
    expect(
      describeCondition(
        SegmentConditionSchema.parse({ kind: "TOTAL_SPENT", comparison: "AT_LEAST", amountMinor: 50_000 }),
        "USD",
      ),
    ).toBe("Total spent at least $500.00");
  });

  it("reads only the fact groups the segments use", () => {
    const needs = factNeeds([
      {
        id: "a",
        name: "A",
        rule: SegmentRuleSchema.parse({
          match: "ALL",
          conditions: [{ kind: "COUNTRY", address: "SHIPPING", codes: ["FR"] }],
        }),
      },
    ]);
    expect(needs).toEqual({
      customer: false,
      valueTiers: false,
      shopifySegmentIds: [],
      cartCatalog: false,
      favourites: false,
      behaviour: false,
    });
    expect(
      factNeeds([
        {
          id: "b",
          name: "B",
          rule: SegmentRuleSchema.parse({
            match: "ANY",
            conditions: [
              { kind: "SHOPIFY_SEGMENT", segmentId: "gid://shopify/Segment/1", name: "VIP" },
              { kind: "VALUE_TIER", tiers: ["HIGH"] },
            ],
          }),
        },
      ]),
    ).toMatchObject({ customer: true, valueTiers: true, shopifySegmentIds: ["gid://shopify/Segment/1"] });
  });
});

// Random condition lists and random shoppers: the answer is always exactly one segment, the first whose rule
// holds (recomputed independently here), or the catch-all when none does.
const arbCode = fc.constantFrom("US", "CA", "FR", "DE");
const arbWord = fc.constantFrom("sofa", "lamp", "rug", "acme", "lumen", "sale");
const arbComparison = fc.constantFrom("AT_LEAST" as const, "AT_MOST" as const);
const arbCondition: fc.Arbitrary<SegmentCondition> = fc.oneof(
  fc.record({
    kind: fc.constant("CUSTOMER_TYPE" as const),
    value: fc.constantFrom("NEW" as const, "RETURNING" as const),
    negate: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("ORDER_COUNT" as const),
    comparison: arbComparison,
    value: fc.integer({ min: 0, max: 6 }),
    negate: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("TOTAL_SPENT" as const),
    comparison: arbComparison,
    amountMinor: fc.integer({ min: 0, max: 300_000 }),
    negate: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("CART_SUBTOTAL" as const),
    comparison: arbComparison,
    amountMinor: fc.integer({ min: 0, max: 50_000 }),
    negate: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("VALUE_TIER" as const),
    tiers: fc.subarray(["HIGH", "MEDIUM", "NEW"] as ("HIGH" | "MEDIUM" | "NEW")[], { minLength: 1 }),
    negate: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("COUNTRY" as const),
    address: fc.constantFrom("SHIPPING" as const, "BILLING" as const),
    codes: fc.uniqueArray(arbCode, { minLength: 1, maxLength: 3 }),
    negate: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("CART_PRODUCT_TYPE" as const),
    values: fc.uniqueArray(arbWord, { minLength: 1, maxLength: 3 }),
    negate: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("ABANDONED_BEFORE" as const),
    withinDays: fc.integer({ min: 1, max: 60 }),
    negate: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("CLICKED_BEFORE" as const), negate: fc.boolean() }),
);
const arbSegments = fc
  .array(
    fc.record({
      rule: fc.record({
        match: fc.constantFrom("ALL" as const, "ANY" as const),
        conditions: fc.array(arbCondition, { minLength: 1, maxLength: 4 }),
      }),
    }),
    { maxLength: 20 },
  )
  .map((list) =>
    list.map((segment, index): SegmentForMatching => ({
      id: `s${index}`,
      name: `Segment ${index}`,
      ...segment,
    })),
  );
const arbFacts = fc
  .record({
    orderCount: fc.integer({ min: 0, max: 8 }),
    spent: fc.integer({ min: 0, max: 400_000 }),
    subtotal: fc.integer({ min: 1, max: 60_000 }),
    shipping: fc.option(arbCode, { nil: null }),
    billing: fc.option(arbCode, { nil: null }),
    types: fc.uniqueArray(arbWord, { maxLength: 3 }),
    abandonedDaysAgo: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
    clicked: fc.boolean(),
    tier: fc.constantFrom("HIGH" as const, "MEDIUM" as const, "NEW" as const),
  })
  .map((raw): ShopperFacts =>
    facts({
      subtotalMinor: raw.subtotal,
      shipping: { country: raw.shipping, province: null },
      billing: { country: raw.billing, province: null },
      cart: { productTypes: raw.types, vendors: [], tags: [], collections: [] },
      customer: {
        orderCount: raw.orderCount,
        totalSpentMinor: raw.orderCount === 0 ? 0 : raw.spent,
        lastOrderAt: raw.orderCount === 0 ? null : new Date(NOW.getTime() - 10 * DAY),
        source: "APP_ORDERS",
      },
      valueTier: raw.orderCount === 0 ? "NEW" : raw.tier,
      lastAbandonedAt:
        raw.abandonedDaysAgo === null ? null : new Date(NOW.getTime() - raw.abandonedDaysAgo * DAY),
      clickedBefore: raw.clicked,
    }),
  );

describe("matchSegment on random segment lists and shoppers", () => {
  it("answers exactly one segment: the first whose rule holds, else the catch-all", () => {
    fc.assert(
      fc.property(arbSegments, arbFacts, (segments, shopper) => {
        const match = matchSegment(segments, shopper, NOW, FALLBACK);
        const truths = segments.map((segment) => {
          const results = segment.rule.conditions.map((condition) => conditionHolds(condition, shopper, NOW));
          return segment.rule.match === "ALL" ? results.every(Boolean) : results.some(Boolean);
        });
        const first = truths.indexOf(true);
        const expected = first === -1 ? FALLBACK.id : (segments[first] as SegmentForMatching).id;
        expect(match.segmentId).toBe(expected);
        // Exactly one: the answer is one id from the list or the catch-all, never two, never none.
        expect(
          [...segments.map((segment) => segment.id), FALLBACK.id].filter((id) => id === match.segmentId),
        ).toHaveLength(1);
        // The "why" lists only conditions that held, and for ALL every one of them.
        for (const condition of match.held) expect(conditionHolds(condition, shopper, NOW)).toBe(true);
        if (first !== -1 && segments[first]!.rule.match === "ALL")
          expect(match.held).toHaveLength(segments[first]!.rule.conditions.length);
      }),
      { numRuns: 500 },
    );
  });
});
