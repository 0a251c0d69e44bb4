import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { DiscountTier } from "./discount-tier";
import { unauthenticated } from "~/shopify.server";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { adminCalls, mockAdminOperation } from "../../../test/mocks/shopify-admin";
import {
  createPercentageDiscountCode,
  deleteDiscountCode,
  discountUserError,
  removeShopifyDiscount,
  shopifyDiscounts,
} from "../../../test/mocks/shopify-discounts";
import { DELETE_CLAIM_LEASE_MS, deleteExpiredDiscountCodes, ensureOffer } from ".";
import type { Deadline } from "~/lib/clock.server";
import { NO_DEADLINE, PASSED_DEADLINE } from "../../../test/helpers/deadlines";

const NOW = new Date("2026-11-21T12:00:00Z");
const hoursLater = (hours: number) => new Date(NOW.getTime() + hours * 60 * 60 * 1000);
const adminFor = async (shop: string) => (await unauthenticated.admin(shop)).admin.graphql;
const noSleep = { sleep: async () => {} };
const SHOP_C = "shop-c.myshopify.com";

const TEN_AND_SHIPPING: DiscountTier = { minimumSubtotalMinor: 10_000, percentOff: 10, freeShipping: true };
const FIFTEEN: DiscountTier = { minimumSubtotalMinor: 5_000, percentOff: 15, freeShipping: false };

/** An offer made the way the engine makes it: codes valid 72 hours from `sendAt`. */
async function makeOffer(shop: string, enrollmentId: string, tier: DiscountTier, sendAt = NOW) {
  const result = await ensureOffer({
    shop,
    enrollmentId,
    customerId: null,
    tier,
    currency: "USD",
    sendAt,
    lifetimeHours: 72,
    graphql: await adminFor(shop),
    retry: noSleep,
  });
  if (!result.ok) throw new Error(result.reason);
  return result.offer.codes;
}

const sweep = (now: Date, options: { limit?: number; deadline?: Deadline } = {}) =>
  deleteExpiredDiscountCodes({
    now,
    adminFor,
    deadline: options.deadline ?? NO_DEADLINE,
    limit: options.limit,
    retry: noSleep,
  });
const deleteCalls = () => adminCalls.filter((call) => call.operationName === "DeleteDiscountCode");
const statusOf = async (code: string, shop = SHOP_A) =>
  (await prisma.discountCode.findUniqueOrThrow({ where: { shop_code: { shop, code } } })).status;
const shopifyCodes = (shop = SHOP_A) => shopifyDiscounts(shop).map((discount) => discount.code);

describe("deleteExpiredDiscountCodes", () => {
  it("deletes expired, unused codes from Shopify and keeps used and unexpired ones", async () => {
    await installTestShop(SHOP_A);
    const expired = await makeOffer(SHOP_A, "enr_expired", TEN_AND_SHIPPING);
    const [used = ""] = await makeOffer(SHOP_A, "enr_used", FIFTEEN);
    const [current = ""] = await makeOffer(SHOP_A, "enr_current", FIFTEEN, hoursLater(48));
    await prisma.discountCode.update({
      where: { shop_code: { shop: SHOP_A, code: used } },
      data: { usedOrderId: "5001", usedAt: hoursLater(2), discountMinor: 750 },
    });
    const idsOf = await prisma.discountCode.findMany({
      where: { shop: SHOP_A, code: { in: expired } },
      select: { shopifyId: true },
    });
    adminCalls.length = 0;

    expect(await sweep(hoursLater(73))).toEqual({ DELETED: 2 });

    expect(
      deleteCalls()
        .map((call) => call.variables.id)
        .sort(),
    ).toEqual(idsOf.map((row) => row.shopifyId).sort());
    for (const code of expired) expect(await statusOf(code)).toBe("DELETED");
    expect(await statusOf(used)).toBe("ACTIVE");
    expect(await statusOf(current)).toBe("ACTIVE");
    expect(shopifyCodes().sort()).toEqual([used, current].sort());
  });

  it("is idempotent: a second run finds nothing to do", async () => {
    await installTestShop(SHOP_A);
    await makeOffer(SHOP_A, "enr_1", TEN_AND_SHIPPING);

    expect(await sweep(hoursLater(73))).toEqual({ DELETED: 2 });
    expect(await sweep(hoursLater(74))).toEqual({});
    expect(deleteCalls()).toHaveLength(2);
  });

  it("deletes each shop's codes through that shop's Admin API, and leaves an uninstalled shop's alone", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await installTestShop(SHOP_C);
    const [codeA = ""] = await makeOffer(SHOP_A, "enr_a", FIFTEEN);
    const [codeB = ""] = await makeOffer(SHOP_B, "enr_b", FIFTEEN);
    const [keptB = ""] = await makeOffer(SHOP_B, "enr_b2", FIFTEEN, hoursLater(48));
    const [codeC = ""] = await makeOffer(SHOP_C, "enr_c", FIFTEEN);
    await prisma.shop.update({ where: { domain: SHOP_C }, data: { installState: "UNINSTALLED" } });

    expect(await sweep(hoursLater(73))).toEqual({ DELETED: 2 });

    expect(
      deleteCalls()
        .map((call) => call.shop)
        .sort(),
    ).toEqual([SHOP_A, SHOP_B]);
    expect(await statusOf(codeA)).toBe("DELETED");
    expect(await statusOf(codeB, SHOP_B)).toBe("DELETED");
    expect(await statusOf(keptB, SHOP_B)).toBe("ACTIVE");
    expect(await statusOf(codeC, SHOP_C)).toBe("ACTIVE");
    expect(shopifyCodes(SHOP_C)).toEqual([codeC]);
  });

  it("counts a code Shopify no longer has as deleted", async () => {
    await installTestShop(SHOP_A);
    const codes = await makeOffer(SHOP_A, "enr_1", TEN_AND_SHIPPING);
    for (const code of codes) removeShopifyDiscount(SHOP_A, code);

    expect(await sweep(hoursLater(73))).toEqual({ ALREADY_GONE: 2 });

    for (const code of codes) expect(await statusOf(code)).toBe("DELETED");
    expect(adminCalls.filter((call) => call.operationName === "FindDiscountCode")).toHaveLength(2);
  });

  it("also when Shopify answers the delete of an unknown id with a GraphQL error", async () => {
    await installTestShop(SHOP_A);
    const [gone = "", kept = ""] = await makeOffer(SHOP_A, "enr_1", TEN_AND_SHIPPING);
    removeShopifyDiscount(SHOP_A, gone);
    mockAdminOperation("DeleteDiscountCode", () => ({
      errors: [
        { message: "Invalid id: gid://shopify/DiscountCodeNode/0", extensions: { code: "NOT_FOUND" } },
      ],
    }));

    // The code Shopify lost is done with; the other one it still has cannot be deleted now, so it waits.
    expect(await sweep(hoursLater(73))).toEqual({ ALREADY_GONE: 1, ERROR: 1 });
    expect(await statusOf(gone)).toBe("DELETED");
    expect(await statusOf(kept)).toBe("ACTIVE");
  });

  it("deletes each code once when two ticks run at the same time", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await makeOffer(SHOP_A, "enr_1", TEN_AND_SHIPPING);
    await makeOffer(SHOP_A, "enr_2", TEN_AND_SHIPPING);
    await makeOffer(SHOP_B, "enr_3", FIFTEEN);

    const [first, second] = await Promise.all([sweep(hoursLater(73)), sweep(hoursLater(73))]);

    const deleted = (first?.DELETED ?? 0) + (second?.DELETED ?? 0);
    expect(deleted).toBe(5);
    expect(deleteCalls()).toHaveLength(5);
    expect(new Set(deleteCalls().map((call) => call.variables.id)).size).toBe(5);
    expect(await prisma.discountCode.count({ where: { status: "DELETED" } })).toBe(5);
    expect(shopifyDiscounts()).toEqual([]);
  });

  it("gives a throttled code back for the next tick and stops asking that shop", async () => {
    await installTestShop(SHOP_A);
    const codes = await makeOffer(SHOP_A, "enr_1", TEN_AND_SHIPPING);
    mockAdminOperation("DeleteDiscountCode", () => new HttpResponse("slow down", { status: 429 }));

    expect(await sweep(hoursLater(73))).toEqual({ RETRY: 1 });
    for (const code of codes) expect(await statusOf(code)).toBe("ACTIVE");

    mockAdminOperation("DeleteDiscountCode", deleteDiscountCode);
    expect(await sweep(hoursLater(74))).toEqual({ DELETED: 2 });
    expect(shopifyCodes()).toEqual([]);
  });

  it("takes over a claim whose lease ran out, but not a live one", async () => {
    await installTestShop(SHOP_A);
    const [code = ""] = await makeOffer(SHOP_A, "enr_1", FIFTEEN);
    const now = hoursLater(73);
    const claimAt = (updatedAt: Date) =>
      prisma.discountCode.update({
        where: { shop_code: { shop: SHOP_A, code } },
        data: { status: "DELETING", updatedAt },
      });

    await claimAt(new Date(now.getTime() - DELETE_CLAIM_LEASE_MS + 60_000));
    expect(await sweep(now)).toEqual({});
    expect(await statusOf(code)).toBe("DELETING");

    await claimAt(new Date(now.getTime() - DELETE_CLAIM_LEASE_MS - 60_000));
    expect(await sweep(now)).toEqual({ DELETED: 1 });
    expect(await statusOf(code)).toBe("DELETED");
  });

  it("cleans up codes an attempt abandoned PENDING, whether Shopify made them or not", async () => {
    await installTestShop(SHOP_A);
    // enr_never's code never reaches Shopify; enr_made's is made, but the answer is lost.
    mockAdminOperation(
      "CreatePercentageDiscountCode",
      () => new HttpResponse("bad gateway", { status: 502 }),
    );
    let madeCode = "";
    await ensureOffer({
      shop: SHOP_A,
      enrollmentId: "enr_never",
      customerId: null,
      tier: FIFTEEN,
      currency: "USD",
      sendAt: NOW,
      lifetimeHours: 72,
      graphql: await adminFor(SHOP_A),
      retry: noSleep,
    });
    const never = await prisma.discountCode.findFirstOrThrow({ where: { enrollmentId: "enr_never" } });
    mockAdminOperation("CreatePercentageDiscountCode", (call) => {
      madeCode = (call.variables.input as { code: string }).code;
      createPercentageDiscountCode(call);
      return new HttpResponse("bad gateway", { status: 502 });
    });
    await ensureOffer({
      shop: SHOP_A,
      enrollmentId: "enr_made",
      customerId: null,
      tier: FIFTEEN,
      currency: "USD",
      sendAt: NOW,
      lifetimeHours: 72,
      graphql: await adminFor(SHOP_A),
      retry: noSleep,
    });
    expect(shopifyCodes()).toEqual([madeCode]);
    expect(await statusOf(madeCode)).toBe("PENDING");

    expect(await sweep(hoursLater(73))).toEqual({ NEVER_CREATED: 1, DELETED: 1 });

    expect(await prisma.discountCode.findUniqueOrThrow({ where: { id: never.id } })).toMatchObject({
      status: "FAILED",
      failureReason: "abandoned: never created in Shopify",
    });
    expect(await statusOf(madeCode)).toBe("DELETED");
    expect(shopifyCodes()).toEqual([]);
  });

  it("marks a code Shopify refuses to delete FAILED with the reason, and stops retrying it", async () => {
    await installTestShop(SHOP_A);
    const [code = ""] = await makeOffer(SHOP_A, "enr_1", FIFTEEN);
    mockAdminOperation("DeleteDiscountCode", () => ({
      data: {
        discountCodeDelete: {
          deletedCodeDiscountId: null,
          userErrors: [discountUserError("INVALID", "Discount is locked by an app", ["id"])],
        },
      },
    }));

    expect(await sweep(hoursLater(73))).toEqual({ REFUSED: 1 });
    expect(
      await prisma.discountCode.findUniqueOrThrow({ where: { shop_code: { shop: SHOP_A, code } } }),
    ).toMatchObject({
      status: "FAILED",
      failureReason: "could not delete: INVALID: Discount is locked by an app",
    });
    expect(await sweep(hoursLater(74))).toEqual({});
  });

  it("waits when the shop gives no Admin API access", async () => {
    await installTestShop(SHOP_A);
    const [code = ""] = await makeOffer(SHOP_A, "enr_1", FIFTEEN);

    const counts = await deleteExpiredDiscountCodes({
      now: hoursLater(73),
      adminFor: async () => {
        throw new Error("no offline session");
      },
      deadline: NO_DEADLINE,
    });

    expect(counts).toEqual({ NO_ACCESS: 1 });
    expect(await statusOf(code)).toBe("ACTIVE");
  });

  it("handles at most `limit` codes, and none past the deadline", async () => {
    await installTestShop(SHOP_A);
    await makeOffer(SHOP_A, "enr_1", TEN_AND_SHIPPING);
    await makeOffer(SHOP_A, "enr_2", FIFTEEN);

    expect(await sweep(hoursLater(73), { deadline: PASSED_DEADLINE })).toEqual({});
    expect(await sweep(hoursLater(73), { limit: 2 })).toEqual({ DELETED: 2 });
    expect(await sweep(hoursLater(73), { limit: 2 })).toEqual({ DELETED: 1 });
    expect(shopifyCodes()).toEqual([]);
  });
});
