import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { hashEmail } from "~/lib/encryption.server";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { editFixture } from "../../../test/helpers/fixtures";
import { seedDiscountCode, seedEnrollment, type EnrollmentSeed } from "../../../test/helpers/recovery-seed";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";

/**
 * The profit a recovered order earned, recorded on its enrolment by attribution (inside the orders/create
 * delivery, so the orders go through the route): cost of goods from the synced unit costs, the shop's
 * default margin when a cost is unknown, and our codes' discount.
 */

const HOUR = 60 * 60 * 1000;
const T0 = new Date("2026-03-02T10:00:00Z");
const at = (offset: number) => new Date(T0.getTime() + offset);
const NORA = "nora.ellingsen@example.com";

async function enrolment(token: string, seed: Partial<EnrollmentSeed> = {}) {
  return seedEnrollment(SHOP_A, {
    token,
    emailHash: hashEmail(SHOP_A, NORA),
    anchorAt: T0,
    status: "ACTIVE",
    nextStep: 2,
    sends: [{ step: 1, sentAt: at(HOUR), hasOffer: true }],
    ...seed,
  });
}

async function costs(shop: string, entries: Record<string, number>) {
  await prisma.variantCost.createMany({
    data: Object.entries(entries).map(([variantId, unitCostMinor]) => ({
      shop,
      variantId,
      productId: "501",
      unitCostMinor,
      currency: "USD",
      updatedAt: T0,
    })),
  });
}

interface OrderSpec {
  id: string;
  checkoutToken: string;
  /** [variantId, quantity, price] */
  lines: Array<[string, number, string]>;
  /** After every discount, before shipping and tax. */
  subtotal: string;
  codes?: Array<{ code: string; amount: string; type: string }>;
}

async function placeOrder(order: OrderSpec) {
  const money = (amount: string) => ({
    shop_money: { amount, currency_code: "USD" },
    presentment_money: { amount, currency_code: "USD" },
  });
  const body = editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
    id: order.id,
    email: NORA,
    contact_email: NORA,
    customer: null,
    checkout_token: order.checkoutToken,
    cart_token: null,
    discount_codes: order.codes ?? [],
    line_items: order.lines.map(([variantId, quantity, price]) => ({
      product_id: 501,
      variant_id: Number(variantId),
      title: `Variant ${variantId}`,
      quantity,
      price,
    })),
    subtotal_price: order.subtotal,
    subtotal_price_set: money(order.subtotal),
    total_price: order.subtotal,
    total_price_set: money(order.subtotal),
    test: false,
    created_at: at(2 * HOUR).toISOString(),
  });
  const response = await callAction(
    orderAction,
    signedWebhookRequest({ topic: "orders/create", shop: SHOP_A, body }),
  );
  expect(response.status).toBe(200);
}

const profitOf = async (enrollmentId: string) => {
  const row = await prisma.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } });
  return {
    recoveredOrderId: row.recoveredOrderId,
    merchandiseMinor: row.merchandiseMinor,
    costOfGoodsMinor: row.costOfGoodsMinor,
    discountMinor: row.discountMinor,
    profitMinor: row.profitMinor,
  };
};

describe("profit at attribution", () => {
  it("with every line's cost known: merchandise less cost of goods (another shop's costs play no part)", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await costs(SHOP_A, { "11": 1_250, "12": 3_000 });
    await costs(SHOP_B, { "11": 99_999 });
    const nora = await enrolment("nora-known");

    await placeOrder({
      id: "8001",
      checkoutToken: "nora-known",
      lines: [
        ["11", 2, "40.00"],
        ["12", 1, "70.00"],
      ],
      subtotal: "150.00",
    });

    expect(await profitOf(nora.id)).toEqual({
      recoveredOrderId: "8001",
      merchandiseMinor: 15_000,
      costOfGoodsMinor: 5_500,
      discountMinor: 0,
      profitMinor: 9_500,
    });
  });

  it("with a line's cost unknown: the shop's default margin of the merchandise", async () => {
    await installTestShop(SHOP_A);
    await saveShopSettings(SHOP_A, { ...(await getShopSettings(SHOP_A)), defaultMarginPercent: 35 });
    await costs(SHOP_A, { "11": 1_250 });
    const nora = await enrolment("nora-unknown");

    await placeOrder({
      id: "8002",
      checkoutToken: "nora-unknown",
      lines: [
        ["11", 1, "40.00"],
        ["13", 1, "60.01"],
      ],
      subtotal: "100.01",
    });

    // 35% of 100.01 is 35.0035: 35.00.
    expect(await profitOf(nora.id)).toEqual({
      recoveredOrderId: "8002",
      merchandiseMinor: 10_001,
      costOfGoodsMinor: null,
      discountMinor: 0,
      profitMinor: 3_500,
    });
  });

  it("with our codes used: the percentage added back to the merchandise, the whole offer as its cost", async () => {
    await installTestShop(SHOP_A);
    await costs(SHOP_A, { "11": 2_000 });
    const nora = await enrolment("nora-code");
    await seedDiscountCode(SHOP_A, nora.id, { code: "CB-7Q2KX9AB" });
    await seedDiscountCode(SHOP_A, nora.id, { code: "CB-7Q2KX9AB-SHIP", kind: "FREE_SHIPPING" });
    // Another shopper's code on the same order: not this enrolment's offer, so neither its cost nor added back.
    const other = await enrolment("someone-else", { emailHash: hashEmail(SHOP_A, "else@example.com") });
    await seedDiscountCode(SHOP_A, other.id, { code: "CB-OTHER001" });

    await placeOrder({
      id: "8003",
      checkoutToken: "nora-code",
      lines: [["11", 3, "30.00"]],
      // 90.00 less Nora's 10% (9.00) less the other code's 5.00.
      subtotal: "76.00",
      codes: [
        { code: "cb-7q2kx9ab", amount: "9.00", type: "percentage" },
        { code: "CB-7Q2KX9AB-SHIP", amount: "6.50", type: "shipping" },
        { code: "CB-OTHER001", amount: "5.00", type: "fixed_amount" },
      ],
    });

    expect(await profitOf(nora.id)).toEqual({
      recoveredOrderId: "8003",
      merchandiseMinor: 8_500,
      costOfGoodsMinor: 6_000,
      discountMinor: 1_550,
      profitMinor: 950,
    });
    expect(await profitOf(other.id)).toMatchObject({ recoveredOrderId: null, profitMinor: null });
  });

  it("a holdout checkout recovered on its own: no discount, the default margin when costs are unknown", async () => {
    await installTestShop(SHOP_A);
    const held = await enrolment("held-out", {
      arm: "HOLDOUT",
      status: "HOLDOUT",
      nextStep: null,
      sends: [],
    });

    await placeOrder({
      id: "8004",
      checkoutToken: "held-out",
      lines: [["21", 2, "25.00"]],
      subtotal: "50.00",
    });

    expect(await prisma.enrollment.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({
      recoveredByEmail: false,
      attributionMethod: "CHECKOUT_TOKEN",
    });
    expect(await profitOf(held.id)).toEqual({
      recoveredOrderId: "8004",
      merchandiseMinor: 5_000,
      costOfGoodsMinor: null,
      discountMinor: 0,
      profitMinor: 2_500,
    });
  });
});
