import { HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import type { DiscountTier } from "./discount-tier";
import { unauthenticated } from "~/shopify.server";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { adminCalls, mockAdminOperation, type AdminCall } from "../../../test/mocks/shopify-admin";
import {
  createFreeShippingDiscountCode,
  createPercentageDiscountCode,
  discountCodeNode,
  discountUserError,
  shopifyDiscounts,
} from "../../../test/mocks/shopify-discounts";
import { codeFor, generateCodeStem } from "./discount-code";
import { ensureOffer, type EnsureOfferInput } from ".";

const NOW = new Date("2026-11-21T12:00:00Z");
const hoursLater = (hours: number) => new Date(NOW.getTime() + hours * 60 * 60 * 1000);
const adminFor = async (shop: string) => (await unauthenticated.admin(shop)).admin.graphql;
const noSleep = { sleep: async () => {} };

const TEN_AND_SHIPPING: DiscountTier = { minimumSubtotalMinor: 10_000, percentOff: 10, freeShipping: true };
const FIFTEEN: DiscountTier = { minimumSubtotalMinor: 5_000, percentOff: 15, freeShipping: false };
const SHIPPING: DiscountTier = { minimumSubtotalMinor: 0, percentOff: 0, freeShipping: true };

async function offer(overrides: Partial<EnsureOfferInput> = {}) {
  const shop = overrides.shop ?? SHOP_A;
  return ensureOffer({
    shop,
    enrollmentId: "enr_1",
    customerId: "7001",
    tier: TEN_AND_SHIPPING,
    currency: "USD",
    sendAt: NOW,
    lifetimeHours: 72,
    graphql: await adminFor(shop),
    retry: noSleep,
    ...overrides,
  });
}

const callsOf = (operationName: string) => adminCalls.filter((call) => call.operationName === operationName);
const createCalls = () => adminCalls.filter((call) => call.operationName.startsWith("Create"));
const storedCodes = (shop = SHOP_A) =>
  prisma.discountCode.findMany({ where: { shop }, orderBy: [{ createdAt: "asc" }, { kind: "desc" }] });
const inputOf = (call: AdminCall | undefined) => call?.variables.input as Record<string, unknown>;

const THROTTLED = {
  errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
  extensions: {
    cost: { requestedQueryCost: 10, throttleStatus: { currentlyAvailable: 0, restoreRate: 50 } },
  },
};

describe("ensureOffer", () => {
  it("draws another stem when a code is already taken in the shop, and leaves nothing of the first behind", async () => {
    await installTestShop(SHOP_A);
    const random = vi.spyOn(globalThis.crypto, "getRandomValues");
    const fill = (value: number) => (array: ArrayBufferView | null) => {
      new Uint8Array((array as Uint8Array).buffer).fill(value);
      return array;
    };
    random.mockImplementationOnce(fill(1) as typeof globalThis.crypto.getRandomValues);
    const taken = generateCodeStem();
    await prisma.discountCode.create({
      data: {
        shop: SHOP_A,
        enrollmentId: "enr_other",
        code: codeFor(taken, "FREE_SHIPPING"),
        kind: "FREE_SHIPPING",
        minimumSubtotalMinor: 0,
        currency: "USD",
        status: "ACTIVE",
        startsAt: NOW,
        expiresAt: hoursLater(72),
      },
    });
    random
      .mockImplementationOnce(fill(1) as typeof globalThis.crypto.getRandomValues)
      .mockImplementationOnce(fill(2) as typeof globalThis.crypto.getRandomValues);

    const result = await offer();
    random.mockRestore();
    expect(result.ok).toBe(true);
    const codes = result.ok ? result.offer.codes : [];
    expect(codes).toHaveLength(2);
    expect(codes.some((code) => code.startsWith(taken))).toBe(false);
    expect(await prisma.discountCode.count({ where: { shop: SHOP_A, enrollmentId: "enr_1" } })).toBe(2);
    expect(await prisma.discountCode.count({ where: { shop: SHOP_A, enrollmentId: "enr_other" } })).toBe(1);
  });

  it("creates one single-use percentage code for the customer, stored before Shopify is asked", async () => {
    await installTestShop(SHOP_A);
    let storedWhenAsked: unknown[] = [];
    mockAdminOperation("CreatePercentageDiscountCode", async (call) => {
      storedWhenAsked = await prisma.discountCode.findMany({ where: { shop: SHOP_A } });
      return createPercentageDiscountCode(call);
    });

    const result = await offer({ tier: FIFTEEN });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [code] = result.offer.codes;
    expect(code).toMatch(/^CB-[2-9A-HJ-NP-Z]{8}$/);
    expect(result.offer).toEqual({
      codes: [code],
      percentOff: 15,
      freeShipping: false,
      expiresAt: hoursLater(72),
      minimumSubtotal: { amountMinor: 5_000, currency: "USD" },
    });
    expect(storedWhenAsked).toMatchObject([{ code, status: "PENDING", shopifyId: null }]);
    expect(callsOf("CreatePercentageDiscountCode")).toHaveLength(1);
    expect(inputOf(callsOf("CreatePercentageDiscountCode")[0])).toEqual({
      title: `Cartback recovery: 15% off (${code})`,
      code,
      startsAt: "2026-11-21T12:00:00.000Z",
      endsAt: "2026-11-24T12:00:00.000Z",
      context: { customers: { add: ["gid://shopify/Customer/7001"] } },
      customerGets: { value: { percentage: 0.15 }, items: { all: true } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "50.00" } },
      usageLimit: 1,
      appliesOncePerCustomer: true,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    });
    const [discount] = shopifyDiscounts(SHOP_A);
    const rows = await storedCodes();
    expect(rows).toMatchObject([
      {
        id: result.discountCodeIds[0],
        enrollmentId: "enr_1",
        code,
        kind: "PERCENTAGE",
        percentOff: 15,
        minimumSubtotalMinor: 5_000,
        currency: "USD",
        status: "ACTIVE",
        shopifyId: discount?.id,
        startsAt: NOW,
        expiresAt: hoursLater(72),
      },
    ]);
    expect(shopifyDiscounts(SHOP_A)).toHaveLength(1);
  });

  it("creates a free-shipping code alone, with no minimum when the threshold is zero", async () => {
    await installTestShop(SHOP_A);

    const result = await offer({ tier: SHIPPING });

    expect(result).toMatchObject({ ok: true, offer: { percentOff: 0, freeShipping: true } });
    if (!result.ok) return;
    expect(result.offer.codes).toEqual([expect.stringMatching(/^CB-[2-9A-HJ-NP-Z]{8}-SHIP$/)]);
    expect(callsOf("CreatePercentageDiscountCode")).toHaveLength(0);
    const input = inputOf(callsOf("CreateFreeShippingDiscountCode")[0]);
    expect(input).toEqual({
      title: `Cartback recovery: free shipping (${result.offer.codes[0]})`,
      code: result.offer.codes[0],
      startsAt: "2026-11-21T12:00:00.000Z",
      endsAt: "2026-11-24T12:00:00.000Z",
      context: { customers: { add: ["gid://shopify/Customer/7001"] } },
      destination: { all: true },
      usageLimit: 1,
      appliesOncePerCustomer: true,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    });
    expect(input).not.toHaveProperty("minimumRequirement");
    expect(await storedCodes()).toMatchObject([
      { kind: "FREE_SHIPPING", percentOff: null, status: "ACTIVE" },
    ]);
  });

  it("gives a tier with both two codes of one stem that combine with each other", async () => {
    await installTestShop(SHOP_A);

    const result = await offer();

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [percentage, shipping] = result.offer.codes;
    expect(shipping).toBe(`${percentage}-SHIP`);
    expect(result.offer).toMatchObject({ percentOff: 10, freeShipping: true, expiresAt: hoursLater(72) });
    expect(inputOf(callsOf("CreatePercentageDiscountCode")[0])).toMatchObject({
      code: percentage,
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    });
    expect(inputOf(callsOf("CreateFreeShippingDiscountCode")[0])).toMatchObject({
      code: shipping,
      combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: false },
    });
    const rows = await storedCodes();
    expect(rows.map((row) => [row.code, row.kind, row.percentOff, row.status])).toEqual([
      [percentage, "PERCENTAGE", 10, "ACTIVE"],
      [shipping, "FREE_SHIPPING", null, "ACTIVE"],
    ]);
    expect(result.discountCodeIds).toEqual(rows.map((row) => row.id));
    expect(shopifyDiscounts(SHOP_A).map((discount) => discount.code)).toEqual([percentage, shipping]);
  });

  it("limits the codes to the customer when there is one, and opens them to all for a guest", async () => {
    await installTestShop(SHOP_A);

    await offer({ enrollmentId: "enr_customer", customerId: "7001", tier: FIFTEEN });
    await offer({ enrollmentId: "enr_gid", customerId: "gid://shopify/Customer/7002", tier: FIFTEEN });
    await offer({ enrollmentId: "enr_guest", customerId: null, tier: SHIPPING });

    expect(createCalls().map((call) => inputOf(call).context)).toEqual([
      { customers: { add: ["gid://shopify/Customer/7001"] } },
      { customers: { add: ["gid://shopify/Customer/7002"] } },
      { all: "ALL" },
    ]);
    expect(createCalls().every((call) => !("customerSelection" in inputOf(call)))).toBe(true);
  });

  it("opens the codes to all when the shop does not bind codes to customers (customerBoundCodes off)", async () => {
    await installTestShop(SHOP_A);

    await offer({ enrollmentId: "enr_open", customerId: "7001", customerBound: false });
    await offer({ enrollmentId: "enr_bound", customerId: "7001", customerBound: true, tier: FIFTEEN });

    expect(createCalls().map((call) => inputOf(call).context)).toEqual([
      { all: "ALL" },
      { all: "ALL" },
      { customers: { add: ["gid://shopify/Customer/7001"] } },
    ]);
  });

  it("sends the threshold as an exact decimal of the currency: USD, EUR, JPY", async () => {
    await installTestShop(SHOP_A);
    const tier = (minimumSubtotalMinor: number): DiscountTier => ({ ...FIFTEEN, minimumSubtotalMinor });

    await offer({ enrollmentId: "enr_usd", currency: "USD", tier: tier(10_000) });
    await offer({ enrollmentId: "enr_eur", currency: "EUR", tier: tier(2_550) });
    await offer({ enrollmentId: "enr_jpy", currency: "JPY", tier: tier(5_000) });
    await offer({ enrollmentId: "enr_usd_cents", currency: "USD", tier: tier(1) });

    expect(createCalls().map((call) => inputOf(call).minimumRequirement)).toEqual([
      { subtotal: { greaterThanOrEqualToSubtotal: "100.00" } },
      { subtotal: { greaterThanOrEqualToSubtotal: "25.50" } },
      { subtotal: { greaterThanOrEqualToSubtotal: "5000" } },
      { subtotal: { greaterThanOrEqualToSubtotal: "0.01" } },
    ]);
  });

  it("adopts a code Shopify already has (TAKEN) after checking it is the one asked for", async () => {
    await installTestShop(SHOP_A);
    // Shopify makes the discount, but every answer is lost on the way back.
    mockAdminOperation("CreatePercentageDiscountCode", (call) => {
      createPercentageDiscountCode(call);
      return new HttpResponse("upstream timeout", { status: 504 });
    });

    const lost = await offer({ tier: FIFTEEN });

    expect(lost).toMatchObject({ ok: false, retryable: true });
    const [pending] = await storedCodes();
    expect(pending).toMatchObject({ status: "PENDING", shopifyId: null });
    expect(shopifyDiscounts(SHOP_A)).toHaveLength(1);

    mockAdminOperation("CreatePercentageDiscountCode", createPercentageDiscountCode);
    const adopted = await offer({ tier: FIFTEEN, sendAt: hoursLater(0.1) });

    expect(adopted).toMatchObject({ ok: true, offer: { codes: [pending?.code] } });
    expect(callsOf("FindDiscountCode")).toMatchObject([{ variables: { code: pending?.code } }]);
    expect(await storedCodes()).toMatchObject([
      { id: pending?.id, status: "ACTIVE", shopifyId: shopifyDiscounts(SHOP_A)[0]?.id },
    ]);
    expect(shopifyDiscounts(SHOP_A)).toHaveLength(1);
  });

  it("does not adopt a taken code whose discount has other terms: a permanent failure", async () => {
    await installTestShop(SHOP_A);
    mockAdminOperation("CreatePercentageDiscountCode", () => ({
      data: {
        discountCodeBasicCreate: {
          codeDiscountNode: null,
          userErrors: [discountUserError("TAKEN", "Code must be unique. Please try a different code.")],
        },
      },
    }));
    mockAdminOperation("FindDiscountCode", ({ shop, variables }) => ({
      data: {
        codeDiscountNodeByCode: discountCodeNode({
          id: "gid://shopify/DiscountCodeNode/1",
          shop,
          code: String(variables.code),
          type: "DiscountCodeBasic",
          input: { customerGets: { value: { percentage: 0.5 } } },
        }),
      },
    }));

    const result = await offer({ tier: FIFTEEN });

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok ? "" : result.reason).toMatch(/already belongs to another discount/);
    expect(await storedCodes()).toMatchObject([{ status: "FAILED", shopifyId: null }]);
  });

  it("retries THROTTLED and HTTP 429, then succeeds with the same code", async () => {
    await installTestShop(SHOP_A);
    const answers = [
      () => THROTTLED,
      () => new HttpResponse("Too Many Requests", { status: 429, headers: { "Retry-After": "0" } }),
    ];
    const codesAsked: unknown[] = [];
    mockAdminOperation("CreatePercentageDiscountCode", (call) => {
      codesAsked.push(inputOf(call).code);
      const next = answers.shift();
      return next ? next() : createPercentageDiscountCode(call);
    });

    const result = await offer({ tier: FIFTEEN });

    expect(result).toMatchObject({ ok: true });
    expect(codesAsked).toHaveLength(3);
    expect(new Set(codesAsked).size).toBe(1);
    expect(await storedCodes()).toMatchObject([{ code: codesAsked[0], status: "ACTIVE" }]);
  });

  it("leaves the codes PENDING when throttling outlasts the retries; the next call resumes them", async () => {
    await installTestShop(SHOP_A);
    mockAdminOperation("CreatePercentageDiscountCode", () => THROTTLED);

    const throttled = await offer();

    expect(throttled).toEqual({
      ok: false,
      retryable: true,
      reason: "Shopify did not confirm discount code: throttled (THROTTLED)",
    });
    const pending = await storedCodes();
    expect(pending.map((row) => row.status)).toEqual(["PENDING", "PENDING"]);
    expect(callsOf("CreateFreeShippingDiscountCode")).toHaveLength(0);
    expect(shopifyDiscounts(SHOP_A)).toHaveLength(0);

    mockAdminOperation("CreatePercentageDiscountCode", createPercentageDiscountCode);
    const resumed = await offer({ sendAt: hoursLater(0.25) });

    expect(resumed).toMatchObject({
      ok: true,
      offer: { codes: pending.map((row) => row.code), expiresAt: hoursLater(72) },
      discountCodeIds: pending.map((row) => row.id),
    });
    expect((await storedCodes()).map((row) => [row.id, row.status])).toEqual(
      pending.map((row) => [row.id, "ACTIVE"]),
    );
    expect(shopifyDiscounts(SHOP_A).map((discount) => discount.code)).toEqual(pending.map((row) => row.code));
  });

  it("fails for good on a user error, marks the codes FAILED and never offers them", async () => {
    await installTestShop(SHOP_A);
    mockAdminOperation("CreatePercentageDiscountCode", () => ({
      data: {
        discountCodeBasicCreate: {
          codeDiscountNode: null,
          userErrors: [
            discountUserError("VALUE_OUTSIDE_RANGE", "Value must be between 0.0 and 1.0", [
              "basicCodeDiscount",
              "customerGets",
              "value",
              "percentage",
            ]),
          ],
        },
      },
    }));

    const result = await offer();

    expect(result).toEqual({
      ok: false,
      retryable: false,
      reason: expect.stringMatching(
        /^Shopify refused discount code CB-\w{8}: VALUE_OUTSIDE_RANGE: Value must be/,
      ),
    });
    expect(await storedCodes()).toMatchObject([
      { kind: "PERCENTAGE", status: "FAILED", failureReason: expect.stringContaining("VALUE_OUTSIDE_RANGE") },
      { kind: "FREE_SHIPPING", status: "FAILED", failureReason: expect.stringMatching(/^not created: /) },
    ]);
    expect(callsOf("CreateFreeShippingDiscountCode")).toHaveLength(0);

    // The failed set is never handed out; a later step starts over with new codes.
    mockAdminOperation("CreatePercentageDiscountCode", createPercentageDiscountCode);
    const later = await offer({ sendAt: hoursLater(24) });
    expect(later.ok).toBe(true);
    const codes = await storedCodes();
    expect(codes).toHaveLength(4);
    expect(later.ok && later.offer.codes).toEqual(codes.slice(2).map((row) => row.code));
  });

  it("fails the whole offer when the second code is refused, keeping the first out of any offer", async () => {
    await installTestShop(SHOP_A);
    mockAdminOperation("CreateFreeShippingDiscountCode", () => ({
      data: {
        discountCodeFreeShippingCreate: {
          codeDiscountNode: null,
          userErrors: [discountUserError("INVALID", "Destination is invalid", ["freeShippingCodeDiscount"])],
        },
      },
    }));

    const result = await offer();

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect((await storedCodes()).map((row) => [row.kind, row.status])).toEqual([
      ["PERCENTAGE", "ACTIVE"],
      ["FREE_SHIPPING", "FAILED"],
    ]);

    mockAdminOperation("CreateFreeShippingDiscountCode", createFreeShippingDiscountCode);
    const retried = await offer({ sendAt: hoursLater(1) });
    const rows = await storedCodes();
    expect(retried.ok && retried.offer.codes).toEqual([rows[2]?.code, rows[3]?.code]);
  });

  it("refuses a tier that offers nothing, or input it cannot use, without calling Shopify", async () => {
    await installTestShop(SHOP_A);

    expect(await offer({ tier: { minimumSubtotalMinor: 0, percentOff: 0, freeShipping: false } })).toEqual({
      ok: false,
      retryable: false,
      reason: "the tier offers no discount",
    });
    expect(await offer({ lifetimeHours: 0 })).toMatchObject({ ok: false, retryable: false });
    expect(await offer({ currency: "usd" })).toMatchObject({ ok: false, retryable: false });
    expect(adminCalls).toHaveLength(0);
    expect(await storedCodes()).toEqual([]);
  });

  describe("across steps", () => {
    it("reuses the enrolment's codes while they have a day left", async () => {
      await installTestShop(SHOP_A);
      const first = await offer();

      const second = await offer({ sendAt: hoursLater(47) });

      expect(second).toEqual(first);
      expect(createCalls()).toHaveLength(2);
      expect(await storedCodes()).toHaveLength(2);
    });

    it("makes new codes once the old ones have less than a day left", async () => {
      await installTestShop(SHOP_A);
      const first = await offer();

      const second = await offer({ sendAt: hoursLater(49) });

      expect(second).toMatchObject({ ok: true, offer: { expiresAt: hoursLater(49 + 72) } });
      expect(
        second.ok && first.ok && second.offer.codes.some((code) => first.offer.codes.includes(code)),
      ).toBe(false);
      expect(createCalls()).toHaveLength(4);
      expect((await storedCodes()).map((row) => row.status)).toEqual([
        "ACTIVE",
        "ACTIVE",
        "ACTIVE",
        "ACTIVE",
      ]);
    });

    it("with a lifetime under a day, reuses codes while they are still valid at the send", async () => {
      await installTestShop(SHOP_A);
      const first = await offer({ lifetimeHours: 12 });

      expect(await offer({ lifetimeHours: 12, sendAt: hoursLater(11.9) })).toEqual(first);
      const renewed = await offer({ lifetimeHours: 12, sendAt: hoursLater(12) });

      expect(renewed).toMatchObject({ ok: true, offer: { expiresAt: hoursLater(24) } });
      expect(createCalls()).toHaveLength(4);
    });

    it("makes new codes when the tier changed", async () => {
      await installTestShop(SHOP_A);
      const first = await offer();

      const higher = await offer({
        sendAt: hoursLater(24),
        tier: { minimumSubtotalMinor: 50_000, percentOff: 20, freeShipping: true },
      });
      const shippingOnly = await offer({ sendAt: hoursLater(25), tier: SHIPPING });

      expect(higher).toMatchObject({ ok: true, offer: { percentOff: 20 } });
      expect(shippingOnly).toMatchObject({ ok: true, offer: { percentOff: 0, freeShipping: true } });
      const codes = [first, higher, shippingOnly].flatMap((result) => (result.ok ? result.offer.codes : []));
      expect(new Set(codes).size).toBe(5);
      // Back to the first tier: its codes are still good.
      expect(await offer({ sendAt: hoursLater(26) })).toEqual(first);
    });

    it("never hands out a code that was used, nor another enrolment's or shop's", async () => {
      await installTestShop(SHOP_A);
      await installTestShop(SHOP_B);
      const first = await offer({ tier: FIFTEEN });
      const otherShop = await offer({ shop: SHOP_B, tier: FIFTEEN });
      const otherEnrolment = await offer({ enrollmentId: "enr_2", tier: FIFTEEN });

      const codes = [first, otherShop, otherEnrolment].map((result) => result.ok && result.offer.codes[0]);
      expect(new Set(codes).size).toBe(3);

      await prisma.discountCode.updateMany({
        where: { shop: SHOP_A, code: first.ok ? first.offer.codes[0] : "" },
        data: { usedOrderId: "5001", usedAt: hoursLater(1) },
      });
      const after = await offer({ tier: FIFTEEN, sendAt: hoursLater(2) });
      expect(after.ok && after.offer.codes[0]).not.toBe(codes[0]);
      expect(callsOf("CreatePercentageDiscountCode").filter((call) => call.shop === SHOP_B)).toHaveLength(1);
    });
  });
});
