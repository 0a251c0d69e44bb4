import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { decryptField, hashEmail } from "~/lib/encryption.server";
import { editFixture, fixtureText } from "../../test/helpers/fixtures";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action as checkoutAction } from "./webhooks.checkouts.update";
import { action } from "./webhooks.orders.create";

const ORDER = "orders-create.shopify-sample-2026-07.trimmed.json";
const CHECKOUT = "checkouts-update.shopify-sample-2026-07.json";

async function storeCheckout(changes: Record<string, unknown>, shop = SHOP_A) {
  const body = editFixture(CHECKOUT, changes);
  expect(
    (await callAction(checkoutAction, signedWebhookRequest({ topic: "checkouts/update", shop, body })))
      .status,
  ).toBe(200);
}

const deliverOrder = (body: string, options: { shop?: string; webhookId?: string; secret?: string } = {}) =>
  callAction(
    action,
    signedWebhookRequest({ topic: "orders/create", shop: options.shop ?? SHOP_A, body, ...options }),
  );

const checkoutOf = (token: string, shop = SHOP_A) =>
  prisma.checkout.findUniqueOrThrow({ where: { shop_token: { shop, token } } });

describe("POST /webhooks/orders/create", () => {
  it("records Shopify's sample order with exact ids, money in both currencies and codes", async () => {
    await installTestShop(SHOP_A);
    const body = editFixture(ORDER, {
      discount_codes: [{ code: "CB-7Q2KX9", amount: "41.50", type: "percentage" }],
      test: false,
    });

    expect((await deliverOrder(body)).status).toBe(200);

    const order = await prisma.order.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(order).toMatchObject({
      orderId: "820982911946154508",
      name: "#9999",
      currency: "USD",
      totalMinor: 40495,
      subtotalMinor: 40495,
      customerId: "115310627314723954",
      presentmentCurrency: "USD",
      isTest: false,
      sourceName: "web",
      emailHash: hashEmail(SHOP_A, "jon@example.com"),
      matchedCheckoutId: null,
    });
    expect(decryptField(SHOP_A, order.email)).toBe("jon@example.com");
    expect(JSON.parse(order.discountCodes)).toEqual([
      { code: "CB-7Q2KX9", amountMinor: 4150, type: "percentage" },
    ]);
    expect(JSON.parse(order.lines)[0]).toMatchObject({ quantity: expect.any(Number) });
  });

  it("marks the checkout it completed, by checkout token, so no email follows the purchase", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout({ token: "tok-1", email: "someone@example.com", customer: null });

    await deliverOrder(
      editFixture(ORDER, { checkout_token: "tok-1", email: "other@example.com", customer: null }),
    );

    const checkout = await checkoutOf("tok-1");
    expect(checkout.orderId).toBe("820982911946154508");
    expect(checkout.orderedAt?.toISOString()).toBe("2022-01-01T00:00:00.000Z");
    expect((await prisma.order.findFirstOrThrow()).matchedCheckoutId).toBe(checkout.id);
  });

  it("falls back to the cart token", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout({ token: "tok-2", cart_token: "cart-xyz", email: null, customer: null });
    await deliverOrder(editFixture(ORDER, { cart_token: "cart-xyz", email: "", customer: null }));
    expect((await checkoutOf("tok-2")).orderedAt).toBeInstanceOf(Date);
  });

  it("ends every earlier open checkout of the same shopper, by email or customer id, and not later ones", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout({
      token: "by-email",
      email: "JON@example.com ",
      customer: null,
      created_at: "2021-12-30T10:00:00Z",
    });
    // The sample order's customer id is above 2^53: it travels as exact digits.
    await storeCheckout({
      token: "by-customer",
      email: null,
      customer: { id: "115310627314723954" },
      created_at: "2021-12-30T11:00:00Z",
    });
    await storeCheckout({
      token: "later",
      email: "jon@example.com",
      customer: null,
      created_at: "2022-02-01T10:00:00Z",
      updated_at: "2022-02-01T10:00:00Z",
    });
    await storeCheckout({
      token: "stranger",
      email: "stranger@example.com",
      customer: null,
      created_at: "2021-12-30T10:00:00Z",
    });

    await deliverOrder(fixtureText(ORDER));

    expect((await checkoutOf("by-email")).orderedAt).toBeInstanceOf(Date);
    expect((await checkoutOf("by-customer")).orderedAt).toBeInstanceOf(Date);
    expect((await checkoutOf("later")).orderedAt).toBeNull();
    expect((await checkoutOf("stranger")).orderedAt).toBeNull();
  });

  it("records a test order as a test", async () => {
    await installTestShop(SHOP_A);
    await deliverOrder(editFixture(ORDER, { test: true }));
    expect((await prisma.order.findFirstOrThrow()).isTest).toBe(true);
  });

  it("stores a redelivery once and another shop's order separately", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await deliverOrder(fixtureText(ORDER), { webhookId: "w1" });
    await deliverOrder(fixtureText(ORDER), { webhookId: "w1" });
    await deliverOrder(fixtureText(ORDER), { webhookId: "w2" });
    await deliverOrder(fixtureText(ORDER), { shop: SHOP_B });
    expect(await prisma.order.count({ where: { shop: SHOP_A } })).toBe(1);
    expect(await prisma.order.count({ where: { shop: SHOP_B } })).toBe(1);
  });

  it("answers 401 to a forged order and 400 to one without an id", async () => {
    await installTestShop(SHOP_A);
    expect((await deliverOrder(fixtureText(ORDER), { secret: "nope" })).status).toBe(401);
    const noId = await deliverOrder(editFixture(ORDER, { id: undefined }));
    expect(noId.status).toBe(400);
    expect((await noId.json()).message).toMatch(/^not a valid orders\/create payload: id/);
    expect(await prisma.order.count()).toBe(0);
  });
});
