import crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { hashEmail } from "~/lib/encryption.server";
import { checkoutLine } from "../../../test/helpers/checkouts";
import { SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { countSegmentMatches, MAX_COUNTED_CHECKOUTS } from "./count-segment-matches.server";
import type { SegmentForMatching } from "./segment-rules";

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

function row(
  shop: string,
  overrides: {
    email?: string | null;
    country?: string;
    subtotalMinor?: number;
    at?: Date;
    items?: number;
    deleted?: boolean;
  },
) {
  const id = crypto.randomUUID();
  const email = overrides.email === undefined ? `${id.slice(0, 8)}@shop.co` : overrides.email;
  return {
    id,
    shop,
    token: `tok-${id}`,
    emailHash: email ? hashEmail(shop, email) : null,
    currency: "USD",
    subtotalMinor: overrides.subtotalMinor ?? 4_500,
    totalMinor: overrides.subtotalMinor ?? 4_500,
    lineItems: JSON.stringify([checkoutLine()]),
    lineItemCount: overrides.items ?? 1,
    shippingCountryCode: overrides.country ?? null,
    shopifyCreatedAt: overrides.at ?? daysAgo(2),
    shopifyUpdatedAt: overrides.at ?? daysAgo(2),
    deletedAt: overrides.deleted ? NOW : null,
  };
}

const FRANCE: SegmentForMatching = {
  id: "seg-fr",
  name: "France",
  rule: {
    match: "ALL",
    conditions: [{ kind: "COUNTRY", address: "SHIPPING", codes: ["FR"], negate: false }],
  },
};
const BIG_CARTS: SegmentForMatching = {
  id: "seg-big",
  name: "Big carts",
  rule: {
    match: "ALL",
    conditions: [{ kind: "CART_SUBTOTAL", comparison: "AT_LEAST", amountMinor: 10_000, negate: false }],
  },
};
const RETURNING: SegmentForMatching = {
  id: "seg-returning",
  name: "Returning",
  rule: { match: "ALL", conditions: [{ kind: "CUSTOMER_TYPE", value: "RETURNING", negate: false }] },
};

describe("countSegmentMatches", () => {
  it("counts the last 30 days' checkouts with an email and items, first match wins, the rest in the default", async () => {
    await prisma.checkout.createMany({
      data: [
        row(SHOP_A, { country: "FR", subtotalMinor: 20_000 }), // France first, though also a big cart
        row(SHOP_A, { country: "FR" }),
        row(SHOP_A, { subtotalMinor: 15_000 }),
        row(SHOP_A, { email: "ann@shop.co" }),
        row(SHOP_A, {}),
        row(SHOP_A, { country: "FR", email: null }), // no email: never a candidate
        row(SHOP_A, { country: "FR", items: 0 }), // empty cart
        row(SHOP_A, { country: "FR", at: daysAgo(31) }), // too old
        row(SHOP_A, { country: "FR", deleted: true }),
        row(SHOP_B, { country: "FR" }), // another shop's
      ],
    });
    await prisma.order.create({
      data: {
        shop: SHOP_A,
        orderId: "1",
        emailHash: hashEmail(SHOP_A, "ann@shop.co"),
        discountCodes: "[]",
        lines: "[]",
        currency: "USD",
        totalMinor: 5_000,
        subtotalMinor: 5_000,
        presentmentCurrency: "USD",
        presentmentTotalMinor: 5_000,
        shopifyCreatedAt: daysAgo(40),
      },
    });
    const counts = await countSegmentMatches(SHOP_A, {
      segments: [FRANCE, BIG_CARTS, RETURNING],
      currency: "USD",
      now: NOW,
    });
    expect(counts).toEqual({
      checkouts: 5,
      bySegment: [
        { id: "seg-fr", count: 2 },
        { id: "seg-big", count: 1 },
        { id: "seg-returning", count: 1 },
      ],
      defaultCount: 1,
      usedShopifyData: false,
    });
  });

  it("with no segments, every checkout is the default's", async () => {
    await prisma.checkout.createMany({ data: [row(SHOP_A, {}), row(SHOP_A, { country: "FR" })] });
    expect(await countSegmentMatches(SHOP_A, { segments: [], currency: "USD", now: NOW })).toEqual({
      checkouts: 2,
      bySegment: [],
      defaultCount: 2,
      usedShopifyData: false,
    });
  });

  it("reads at most the latest 5,000, in batches of 500", async () => {
    const rows = Array.from({ length: MAX_COUNTED_CHECKOUTS + 20 }, (_, index) =>
      row(SHOP_A, {
        // The 20 oldest are in France: they fall outside the 5,000 counted.
        country: index < 20 ? "FR" : "DE",
        at: new Date(daysAgo(20).getTime() + index * 60_000),
      }),
    );
    for (let at = 0; at < rows.length; at += 1_000)
      await prisma.checkout.createMany({ data: rows.slice(at, at + 1_000) });
    const reads = vi.spyOn(prisma.checkout, "findMany");
    const counts = await countSegmentMatches(SHOP_A, { segments: [FRANCE], currency: "USD", now: NOW });
    const takes = reads.mock.calls.map((call) => (call[0] as { take?: number }).take);
    reads.mockRestore();
    expect(counts).toMatchObject({
      checkouts: 5_000,
      bySegment: [{ id: "seg-fr", count: 0 }],
      defaultCount: 5_000,
    });
    expect(takes).toEqual(Array(10).fill(500));
  });
});
