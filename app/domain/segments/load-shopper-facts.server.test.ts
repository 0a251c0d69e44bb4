import crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import type { CheckoutLine } from "~/domain/checkouts";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { hashEmail } from "~/lib/encryption.server";
import { checkoutLine } from "../../../test/helpers/checkouts";
import { SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { loadShopperFacts, type CheckoutForSegments } from "./load-shopper-facts.server";
import type { FactNeeds } from "./segment-rules";
import { getValueTierThresholds } from "./value-tiers.server";

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const CONTEXT = { shop: SHOP_A, currency: "USD" };
const NONE: FactNeeds = {
  customer: false,
  valueTiers: false,
  shopifySegmentIds: [],
  cartCatalog: false,
  favourites: false,
  behaviour: false,
};
const ALL: FactNeeds = {
  customer: true,
  valueTiers: true,
  shopifySegmentIds: [],
  cartCatalog: true,
  favourites: true,
  behaviour: true,
};
const noSleep = { sleep: async () => {} };

function checkout(overrides: Partial<CheckoutForSegments> & { email?: string; lines?: CheckoutLine[] } = {}) {
  const { email, lines, ...rest } = overrides;
  return {
    id: crypto.randomUUID(),
    emailHash: email ? hashEmail(SHOP_A, email) : null,
    customerId: null,
    subtotalMinor: 4_500,
    currency: "USD",
    presentmentCurrency: null,
    locale: null,
    lineItems: JSON.stringify(lines ?? [checkoutLine()]),
    shippingCountryCode: null,
    shippingProvinceCode: null,
    billingCountryCode: null,
    billingProvinceCode: null,
    shopifyUpdatedAt: daysAgo(1),
    ...rest,
  } satisfies CheckoutForSegments;
}

let orderNumber = 1;
async function seedOrder(
  shop: string,
  order: {
    email?: string;
    customerId?: string;
    totalMinor: number;
    at: Date;
    isTest?: boolean;
    redacted?: boolean;
    lines?: { productId: string; quantity: number }[];
  },
) {
  await prisma.order.create({
    data: {
      shop,
      orderId: String(orderNumber++),
      customerId: order.customerId ?? null,
      emailHash: order.email ? hashEmail(shop, order.email) : null,
      discountCodes: "[]",
      lines: JSON.stringify(order.lines ?? []),
      currency: "USD",
      totalMinor: order.totalMinor,
      subtotalMinor: order.totalMinor,
      presentmentCurrency: "USD",
      presentmentTotalMinor: order.totalMinor,
      isTest: order.isTest ?? false,
      redactedAt: order.redacted ? NOW : null,
      shopifyCreatedAt: order.at,
    },
  });
}

async function seedProduct(
  shop: string,
  productId: string,
  facts: { productType?: string; vendor?: string; tags?: string[]; collections?: string[] },
) {
  await prisma.product.create({
    data: {
      shop,
      productId,
      handle: `p-${productId}`,
      title: `Product ${productId}`,
      description: "",
      productType: facts.productType ?? null,
      vendor: facts.vendor ?? null,
      tags: JSON.stringify(facts.tags ?? []),
      collections: JSON.stringify(
        (facts.collections ?? []).map((title, index) => ({ id: `gid://shopify/Collection/${index}`, title })),
      ),
      status: "ACTIVE",
      currency: "USD",
      priceMinMinor: 1000,
      priceMaxMinor: 1000,
      availableForSale: true,
      shopifyUpdatedAt: daysAgo(100),
    },
  });
}

/** Stores a checkout row (the behaviour facts read other checkouts from the table). */
async function storeCheckout(
  row: CheckoutForSegments,
  enrollment?: { recoveredByEmail?: boolean; clicked?: boolean },
) {
  await prisma.checkout.create({
    data: {
      id: row.id,
      shop: SHOP_A,
      token: `tok-${row.id}`,
      emailHash: row.emailHash,
      customerId: row.customerId,
      currency: row.currency,
      subtotalMinor: row.subtotalMinor,
      totalMinor: row.subtotalMinor,
      lineItems: row.lineItems,
      lineItemCount: 1,
      shopifyCreatedAt: row.shopifyUpdatedAt,
      shopifyUpdatedAt: row.shopifyUpdatedAt,
    },
  });
  if (!enrollment) return;
  const enrollmentId = crypto.randomUUID();
  await prisma.enrollment.create({
    data: {
      id: enrollmentId,
      shop: SHOP_A,
      checkoutId: row.id,
      emailHash: row.emailHash,
      status: "STOPPED",
      anchorAt: row.shopifyUpdatedAt,
      enrolledAt: row.shopifyUpdatedAt,
      recoveredByEmail: enrollment.recoveredByEmail ?? null,
    },
  });
  if (enrollment.clicked)
    await prisma.recoverySend.create({
      data: {
        shop: SHOP_A,
        enrollmentId,
        checkoutId: row.id,
        step: 1,
        emailHash: row.emailHash,
        status: "SENT",
        idempotencyKey: `${SHOP_A}:${row.id}:1`,
        sentAt: row.shopifyUpdatedAt,
        firstClickedAt: row.shopifyUpdatedAt,
        clickCount: 1,
      },
    });
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** An Admin API that answers customers' figures and segment memberships from the tables given. */
function fakeAdmin(
  customers: Record<string, { orders: number; spent: string; currency?: string; lastOrder?: string | null }>,
  members: Record<string, string[]> = {},
) {
  const calls: { operation: string; variables: Record<string, unknown> }[] = [];
  const graphql = vi.fn<AdminGraphql>(async (query, options) => {
    const variables = options?.variables ?? {};
    const operation = /query (\w+)/.exec(query)?.[1] ?? "?";
    calls.push({ operation, variables });
    if (operation === "GetCustomerOrderFacts") {
      const nodes = (variables.ids as string[]).map((gid) => {
        const customer = customers[gid.split("/").pop() as string];
        if (!customer) return null;
        return {
          id: gid,
          numberOfOrders: String(customer.orders),
          amountSpent: { amount: customer.spent, currencyCode: customer.currency ?? "USD" },
          lastOrder: customer.lastOrder ? { createdAt: customer.lastOrder } : null,
        };
      });
      return json({ data: { nodes } });
    }
    if (operation === "CustomerSegmentMembership") {
      // Ten aliases, c0..c9, each one customer (customer-segment-membership.ts).
      const data = Object.fromEntries(
        Array.from({ length: 10 }, (_, index) => {
          const id = (variables[`c${index}`] as string).split("/").pop() as string;
          const memberships = (variables.segmentIds as string[]).map((segmentId) => ({
            segmentId,
            isMember: (members[id] ?? []).includes(segmentId),
          }));
          return [`c${index}`, { memberships }];
        }),
      );
      return json({ data });
    }
    return json({ errors: [{ message: "unexpected" }] });
  });
  return { graphql, calls, adminFor: async () => graphql };
}

describe("loadShopperFacts: the checkout's own facts", () => {
  it("reads place, language, currency and subtotal without touching any other table", async () => {
    const row = checkout({
      locale: "fr-CA",
      presentmentCurrency: "cad",
      subtotalMinor: 12_345,
      shippingCountryCode: "CA",
      shippingProvinceCode: "QC",
      billingCountryCode: "US",
      billingProvinceCode: "NY",
    });
    const findOrders = vi.spyOn(prisma.order, "findMany");
    const facts = (await loadShopperFacts(CONTEXT, [row], NONE, { now: NOW })).get(row.id);
    expect(findOrders).not.toHaveBeenCalled();
    findOrders.mockRestore();
    expect(facts).toMatchObject({
      shopCurrency: "USD",
      subtotalMinor: 12_345,
      currency: "CAD",
      language: "FR",
      shipping: { country: "CA", province: "QC" },
      billing: { country: "US", province: "NY" },
      cart: { productTypes: [], vendors: [], tags: [], collections: [] },
      customer: { orderCount: 0, totalSpentMinor: 0, lastOrderAt: null, source: "APP_ORDERS" },
      valueTier: "NEW",
      shopifySegmentIds: new Set(),
      lastAbandonedAt: null,
      clickedBefore: false,
      recoveredBefore: false,
    });
  });

  it("falls back to the checkout's currency and reads no language from a malformed locale", async () => {
    const row = checkout({ currency: "usd", locale: "x" });
    const facts = (await loadShopperFacts(CONTEXT, [row], NONE, { now: NOW })).get(row.id);
    expect(facts).toMatchObject({ currency: "USD", language: null });
  });
});

describe("loadShopperFacts: customer facts from the orders Cartback saw", () => {
  it("counts earlier orders by customer id or email, each once, leaving out later, test and redacted ones", async () => {
    await seedOrder(SHOP_A, { customerId: "77", email: "ann@shop.co", totalMinor: 10_000, at: daysAgo(40) });
    await seedOrder(SHOP_A, { email: "ann@shop.co", totalMinor: 5_000, at: daysAgo(10) });
    await seedOrder(SHOP_A, { customerId: "77", totalMinor: 2_500, at: daysAgo(5) });
    await seedOrder(SHOP_A, { customerId: "77", totalMinor: 99_999, at: daysAgo(3), isTest: true });
    await seedOrder(SHOP_A, { customerId: "77", totalMinor: 99_999, at: daysAgo(3), redacted: true });
    await seedOrder(SHOP_A, { customerId: "77", totalMinor: 99_999, at: NOW }); // after the checkout
    await seedOrder(SHOP_B, { customerId: "77", email: "ann@shop.co", totalMinor: 99_999, at: daysAgo(3) });
    await seedOrder(SHOP_A, { email: "bob@shop.co", totalMinor: 700, at: daysAgo(3) });
    const ann = checkout({ customerId: "77", email: "ann@shop.co" });
    const guest = checkout({ email: "new@shop.co" });

    const facts = await loadShopperFacts(CONTEXT, [ann, guest], { ...NONE, customer: true }, { now: NOW });
    expect(facts.get(ann.id)?.customer).toEqual({
      orderCount: 3,
      totalSpentMinor: 17_500,
      lastOrderAt: daysAgo(5),
      source: "APP_ORDERS",
    });
    expect(facts.get(ann.id)?.valueTier).toBe("MEDIUM");
    expect(facts.get(guest.id)?.customer).toMatchObject({ orderCount: 0, source: "APP_ORDERS" });
    expect(facts.get(guest.id)?.valueTier).toBe("NEW");
  });

  it("reads 200 checkouts with a constant number of queries, not one per checkout", async () => {
    for (let index = 0; index < 20; index++)
      await seedOrder(SHOP_A, { email: `s${index}@shop.co`, totalMinor: 1_000, at: daysAgo(20), lines: [] });
    await seedProduct(SHOP_A, "1001", { productType: "Shirts" });
    const rows = Array.from({ length: 200 }, (_, index) =>
      checkout({ email: `s${index}@shop.co`, customerId: String(5000 + index) }),
    );
    const orders = vi.spyOn(prisma.order, "findMany");
    const products = vi.spyOn(prisma.product, "findMany");
    const checkouts = vi.spyOn(prisma.checkout, "findMany");
    const facts = await loadShopperFacts(CONTEXT, rows, ALL, { now: NOW });
    const calls = [orders, products, checkouts].map((spy) => spy.mock.calls.length);
    [orders, products, checkouts].forEach((spy) => spy.mockRestore());
    expect(calls).toEqual([2, 1, 1]);
    expect(facts.size).toBe(200);
    expect(facts.get(rows[3]!.id)?.customer.orderCount).toBe(1);
    expect(facts.get(rows[150]!.id)?.customer.orderCount).toBe(0);
    expect(facts.get(rows[150]!.id)?.cart.productTypes).toEqual(["shirts"]);
  });
});

describe("loadShopperFacts: Shopify's customer figures", () => {
  it("asks Shopify once per 50 customers and prefers its figures in the shop's currency", async () => {
    await seedOrder(SHOP_A, { customerId: "1", totalMinor: 1_000, at: daysAgo(30) });
    const admin = fakeAdmin({
      "1": { orders: 12, spent: "1234.50", lastOrder: "2026-11-01T00:00:00Z" },
      "2": { orders: 3, spent: "90.00", currency: "EUR" },
    });
    const rows = [
      checkout({ customerId: "1" }),
      checkout({ customerId: "2" }),
      ...Array.from({ length: 60 }, (_, index) => checkout({ customerId: String(100 + index) })),
      checkout({ email: "guest@shop.co" }),
    ];
    const facts = await loadShopperFacts(
      CONTEXT,
      rows,
      { ...NONE, customer: true },
      { now: NOW, adminFor: admin.adminFor },
    );
    expect(admin.calls.map((call) => [call.operation, (call.variables.ids as string[]).length])).toEqual([
      ["GetCustomerOrderFacts", 50],
      ["GetCustomerOrderFacts", 12],
    ]);
    expect(admin.calls[0]?.variables.ids).toContain("gid://shopify/Customer/1");
    expect(facts.get(rows[0]!.id)?.customer).toEqual({
      orderCount: 12,
      totalSpentMinor: 123_450,
      lastOrderAt: new Date("2026-11-01T00:00:00Z"),
      source: "SHOPIFY",
    });
    // Spend in another currency cannot be compared: the app's orders stand in.
    expect(facts.get(rows[1]!.id)?.customer).toMatchObject({ orderCount: 0, source: "APP_ORDERS" });
    // Unknown to Shopify (null node): the app's orders.
    expect(facts.get(rows[5]!.id)?.customer.source).toBe("APP_ORDERS");
  });

  it("answers a second batch within 10 minutes from its cache, and asks again after", async () => {
    const admin = fakeAdmin({ "1": { orders: 2, spent: "10.00" } });
    const row = checkout({ customerId: "1" });
    const needs = { ...NONE, customer: true };
    await loadShopperFacts(CONTEXT, [row], needs, { now: NOW, adminFor: admin.adminFor });
    const again = await loadShopperFacts(CONTEXT, [row], needs, {
      now: new Date(NOW.getTime() + 9 * 60_000),
      adminFor: admin.adminFor,
    });
    expect(admin.graphql).toHaveBeenCalledTimes(1);
    expect(again.get(row.id)?.customer).toMatchObject({ orderCount: 2, source: "SHOPIFY" });
    // Another shop's customer 1 is another customer.
    await loadShopperFacts({ ...CONTEXT, shop: SHOP_B }, [row], needs, {
      now: NOW,
      adminFor: admin.adminFor,
    });
    expect(admin.graphql).toHaveBeenCalledTimes(2);
    await loadShopperFacts(CONTEXT, [row], needs, {
      now: new Date(NOW.getTime() + 11 * 60_000),
      adminFor: admin.adminFor,
    });
    expect(admin.graphql).toHaveBeenCalledTimes(3);
  });

  it("falls back to the app's orders when Shopify fails, refuses, or no Admin client can be had", async () => {
    await seedOrder(SHOP_A, { customerId: "1", totalMinor: 1_000, at: daysAgo(30) });
    const row = checkout({ customerId: "1" });
    const needs = { ...NONE, customer: true, shopifySegmentIds: ["gid://shopify/Segment/9"] };
    const failing: Array<() => Promise<AdminGraphql>> = [
      async () => async () => json({}, 500),
      async () => async () =>
        json({ errors: [{ message: "Access denied", extensions: { code: "ACCESS_DENIED" } }] }),
      async () => async () => {
        throw new Error("socket hang up");
      },
      async () => {
        throw new Error("no offline session");
      },
    ];
    for (const adminFor of failing) {
      const facts = await loadShopperFacts(CONTEXT, [row], needs, {
        now: NOW,
        adminFor,
        adminRunOptions: noSleep,
      });
      expect(facts.get(row.id)?.customer).toEqual({
        orderCount: 1,
        totalSpentMinor: 1_000,
        lastOrderAt: daysAgo(30),
        source: "APP_ORDERS",
      });
      expect(facts.get(row.id)?.shopifySegmentIds.size).toBe(0);
    }
  });
});

describe("loadShopperFacts: Shopify customer segments", () => {
  it("asks ten customers a call about the segments the shop's conditions name, cached, and nothing for guests", async () => {
    const admin = fakeAdmin({}, { "1": ["gid://shopify/Segment/9"], "12": ["gid://shopify/Segment/8"] });
    const shoppers = Array.from({ length: 12 }, (_, index) => checkout({ customerId: String(index + 1) }));
    const guest = checkout({ email: "guest@shop.co" });
    const needs = { ...NONE, shopifySegmentIds: ["gid://shopify/Segment/9", "gid://shopify/Segment/8"] };
    const facts = await loadShopperFacts(CONTEXT, [...shoppers, guest], needs, {
      now: NOW,
      adminFor: admin.adminFor,
    });
    const asked = ["gid://shopify/Segment/8", "gid://shopify/Segment/9"];
    const gid = (id: number) => `gid://shopify/Customer/${id}`;
    // Twelve customers: one call of ten, one of two with its last repeated to fill the aliases.
    expect(admin.calls.map((call) => call.variables)).toEqual([
      {
        segmentIds: asked,
        ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i}`, gid(i + 1)])),
      },
      {
        segmentIds: asked,
        ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i}`, gid(i === 0 ? 11 : 12)])),
      },
    ]);
    expect([...(facts.get(shoppers[0]!.id)?.shopifySegmentIds ?? [])]).toEqual(["gid://shopify/Segment/9"]);
    expect([...(facts.get(shoppers[11]!.id)?.shopifySegmentIds ?? [])]).toEqual(["gid://shopify/Segment/8"]);
    expect(facts.get(shoppers[1]!.id)?.shopifySegmentIds.size).toBe(0);
    expect(facts.get(guest.id)?.shopifySegmentIds.size).toBe(0);

    await loadShopperFacts(CONTEXT, [shoppers[0]!], needs, { now: NOW, adminFor: admin.adminFor });
    expect(admin.calls).toHaveLength(2);
  });

  it("is in no Shopify segment without the Admin API", async () => {
    const row = checkout({ customerId: "1" });
    const facts = await loadShopperFacts(
      CONTEXT,
      [row],
      { ...NONE, shopifySegmentIds: ["gid://shopify/Segment/9"] },
      { now: NOW },
    );
    expect(facts.get(row.id)?.shopifySegmentIds.size).toBe(0);
  });
});

describe("loadShopperFacts: value tiers", () => {
  it("puts customers at or above the shop's 80th percentile of spend in HIGH", async () => {
    // Five customers spent 10, 20, 30, 40 and 50 dollars: the 80th percentile is $42.00.
    for (const [index, dollars] of [10, 20, 30, 40, 50].entries())
      await seedOrder(SHOP_A, { email: `c${index}@shop.co`, totalMinor: dollars * 100, at: daysAgo(60) });
    expect(await getValueTierThresholds(SHOP_A, NOW)).toEqual({
      highAtLeastMinor: 4_200,
      customersCounted: 5,
    });
    const rows = [0, 3, 4].map((index) => checkout({ email: `c${index}@shop.co` }));
    const facts = await loadShopperFacts(
      CONTEXT,
      [...rows, checkout()],
      { ...NONE, customer: true, valueTiers: true },
      { now: NOW },
    );
    expect([...facts.values()].map((shopper) => shopper.valueTier)).toEqual([
      "MEDIUM",
      "MEDIUM",
      "HIGH",
      "NEW",
    ]);
  });

  it("has no threshold with fewer than five customers, leaves out old, test and redacted orders, and caches", async () => {
    await seedOrder(SHOP_A, { customerId: "1", totalMinor: 100, at: daysAgo(10) });
    await seedOrder(SHOP_A, { customerId: "1", email: "one@shop.co", totalMinor: 100, at: daysAgo(11) });
    await seedOrder(SHOP_A, { email: "two@shop.co", totalMinor: 100, at: daysAgo(10) });
    await seedOrder(SHOP_A, { email: "three@shop.co", totalMinor: 100, at: daysAgo(400) });
    await seedOrder(SHOP_A, { email: "four@shop.co", totalMinor: 100, at: daysAgo(10), isTest: true });
    await seedOrder(SHOP_A, { email: "five@shop.co", totalMinor: 100, at: daysAgo(10), redacted: true });
    await seedOrder(SHOP_A, { totalMinor: 100, at: daysAgo(10) });
    await seedOrder(SHOP_B, { email: "six@shop.co", totalMinor: 100, at: daysAgo(10) });
    expect(await getValueTierThresholds(SHOP_A, NOW)).toEqual({
      highAtLeastMinor: null,
      customersCounted: 2,
    });
    for (let index = 0; index < 5; index++)
      await seedOrder(SHOP_A, { email: `more${index}@shop.co`, totalMinor: 100, at: daysAgo(10) });
    expect(await getValueTierThresholds(SHOP_A, new Date(NOW.getTime() + 60_000))).toMatchObject({
      customersCounted: 2,
    });
    expect(await getValueTierThresholds(SHOP_A, new Date(NOW.getTime() + 11 * 60_000))).toEqual({
      highAtLeastMinor: 100,
      customersCounted: 7,
    });
  });
});

describe("loadShopperFacts: cart and favourites", () => {
  it("reads the cart products' types, vendors, tags and collection titles, lower-cased and deduplicated", async () => {
    await seedProduct(SHOP_A, "1", {
      productType: "Shirts",
      vendor: "Acme",
      tags: ["Summer", "Linen"],
      collections: ["Sale", "New In"],
    });
    await seedProduct(SHOP_A, "2", {
      productType: "shirts ",
      vendor: "Bolt",
      tags: ["summer"],
      collections: ["sale"],
    });
    await seedProduct(SHOP_B, "3", { productType: "Hats" });
    const row = checkout({
      lines: [
        checkoutLine({ productId: "1" }),
        checkoutLine({ productId: "2" }),
        checkoutLine({ productId: "3" }),
        checkoutLine({ productId: null }),
      ],
    });
    const broken = checkout({ lineItems: "not json" });
    const facts = await loadShopperFacts(
      CONTEXT,
      [row, broken],
      { ...NONE, cartCatalog: true },
      { now: NOW },
    );
    expect(facts.get(row.id)?.cart).toEqual({
      productTypes: ["shirts"],
      vendors: ["acme", "bolt"],
      tags: ["summer", "linen"],
      collections: ["sale", "new in"],
    });
    expect(facts.get(broken.id)?.cart).toEqual({ productTypes: [], vendors: [], tags: [], collections: [] });
  });

  it("finds the most-bought type and vendor over the shopper's earlier orders, by quantity", async () => {
    await seedProduct(SHOP_A, "1", { productType: "Shirts", vendor: "Acme" });
    await seedProduct(SHOP_A, "2", { productType: "Hats", vendor: "Bolt" });
    await seedOrder(SHOP_A, {
      email: "ann@shop.co",
      totalMinor: 1_000,
      at: daysAgo(20),
      lines: [
        { productId: "1", quantity: 1 },
        { productId: "2", quantity: 3 },
      ],
    });
    await seedOrder(SHOP_A, {
      email: "ann@shop.co",
      totalMinor: 1_000,
      at: daysAgo(10),
      lines: [
        { productId: "1", quantity: 1 },
        { productId: "999", quantity: 50 },
      ],
    });
    // After the checkout: not an earlier purchase.
    await seedOrder(SHOP_A, {
      email: "ann@shop.co",
      totalMinor: 1_000,
      at: NOW,
      lines: [{ productId: "1", quantity: 9 }],
    });
    const ann = checkout({ email: "ann@shop.co" });
    const nobody = checkout({ email: "new@shop.co" });
    const facts = await loadShopperFacts(CONTEXT, [ann, nobody], { ...NONE, favourites: true }, { now: NOW });
    expect(facts.get(ann.id)?.favourite).toEqual({ productType: "hats", vendor: "bolt" });
    expect(facts.get(nobody.id)?.favourite).toEqual({ productType: null, vendor: null });
  });
});

describe("loadShopperFacts: behaviour", () => {
  it("finds the shopper's latest earlier abandoned checkout, clicks and recoveries on other checkouts", async () => {
    const email = "ann@shop.co";
    const older = checkout({ email, shopifyUpdatedAt: daysAgo(30) });
    const previous = checkout({ email, shopifyUpdatedAt: daysAgo(8) });
    const notEnrolled = checkout({ email, shopifyUpdatedAt: daysAgo(5) });
    const current = checkout({ email, shopifyUpdatedAt: daysAgo(1) });
    const later = checkout({ email, shopifyUpdatedAt: NOW });
    await storeCheckout(older, { clicked: true, recoveredByEmail: true });
    await storeCheckout(previous, {});
    await storeCheckout(notEnrolled);
    await storeCheckout(current, { clicked: true });
    await storeCheckout(later, {});
    const stranger = checkout({ email: "bob@shop.co" });
    const clickedOnlyHere = checkout({ email: "cy@shop.co" });
    await storeCheckout(clickedOnlyHere, { clicked: true, recoveredByEmail: true });

    const facts = await loadShopperFacts(
      CONTEXT,
      [current, older, stranger, clickedOnlyHere],
      { ...NONE, behaviour: true },
      { now: NOW },
    );
    expect(facts.get(current.id)).toMatchObject({
      lastAbandonedAt: daysAgo(8),
      clickedBefore: true,
      recoveredBefore: true,
    });
    // Its own click and recovery are not "before"; nothing was abandoned before it.
    expect(facts.get(older.id)).toMatchObject({
      lastAbandonedAt: null,
      clickedBefore: true,
      recoveredBefore: false,
    });
    expect(facts.get(stranger.id)).toMatchObject({
      lastAbandonedAt: null,
      clickedBefore: false,
      recoveredBefore: false,
    });
    expect(facts.get(clickedOnlyHere.id)).toMatchObject({ clickedBefore: false, recoveredBefore: false });
  });
});
