import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { editFixture, editJson, fixtureText } from "../../test/helpers/fixtures";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action as deleteAction } from "./webhooks.checkouts.delete";
import { action as updateAction } from "./webhooks.checkouts.update";
import { action as orderAction } from "./webhooks.orders.create";

const FIXTURE = "checkouts-update.shopify-sample-2026-07.json";

// The id is above 2^53: it is written into the JSON text, never through a JavaScript number.
const WITH_BIG_ID = fixtureText(FIXTURE).replace(
  '"token": "123123123"',
  '"id": 9007199254740993123, "token": "123123123"',
);

async function storeCheckout(shop: string, changes: Record<string, unknown> = {}) {
  const body = editJson(WITH_BIG_ID, changes);
  expect(
    (await callAction(updateAction, signedWebhookRequest({ topic: "checkouts/update", shop, body }))).status,
  ).toBe(200);
}

const deleteDelivery = (shop: string, body: unknown) =>
  callAction(
    deleteAction,
    signedWebhookRequest({
      topic: "checkouts/delete",
      shop,
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

describe("POST /webhooks/checkouts/delete", () => {
  it("marks the checkout deleted by its exact id and drops its personal fields", async () => {
    // The cart token below belongs to another checkout, so only the exact id can match.
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await storeCheckout(SHOP_A);
    await storeCheckout(SHOP_B);

    const response = await deleteDelivery(
      SHOP_A,
      '{"id": 9007199254740993123, "cart_token": "some-other-cart"}',
    );

    expect(response.status).toBe(200);
    const a = await prisma.checkout.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(a.deletedAt).toBeInstanceOf(Date);
    expect(a).toMatchObject({ email: null, firstName: null, recoveryUrl: null });
    expect((await prisma.checkout.findFirstOrThrow({ where: { shop: SHOP_B } })).deletedAt).toBeNull();
  });

  it("matches by cart token when no id was ever stored", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout(SHOP_A, { id: undefined });
    await deleteDelivery(SHOP_A, { cart_token: "eeafa272cebfd4b22385bc4b645e762c" });
    expect((await prisma.checkout.findFirstOrThrow({ where: { shop: SHOP_A } })).deletedAt).toBeInstanceOf(
      Date,
    );
  });

  it("answers 400 to a payload that names no checkout, 200 to one it does not know", async () => {
    await installTestShop(SHOP_A);
    const empty = await deleteDelivery(SHOP_A, {});
    expect(empty.status).toBe(400);
    expect((await empty.json()).message).toMatch(/needs id, token or cart_token/);
    expect((await deleteDelivery(SHOP_A, { id: 1 })).status).toBe(200);
    // A near miss of the exact id must not match: 9007199254740993123 rounds to ...3000 as a float.
    await installTestShop(SHOP_B);
    await storeCheckout(SHOP_B);
    await deleteDelivery(SHOP_B, '{"id": 9007199254740993000}');
    expect((await prisma.checkout.findFirstOrThrow({ where: { shop: SHOP_B } })).deletedAt).toBeNull();
  });

  describe("a checkouts/update arriving after the delete", () => {
    const LATER = { updated_at: "2030-01-01T00:00:00Z" };

    it("brings none of the deleted checkout's personal fields back", async () => {
      await installTestShop(SHOP_A);
      await storeCheckout(SHOP_A);
      expect((await deleteDelivery(SHOP_A, '{"id": 9007199254740993123}')).status).toBe(200);

      await storeCheckout(SHOP_A, LATER);

      const checkouts = await prisma.checkout.findMany({ where: { shop: SHOP_A } });
      expect(checkouts).toHaveLength(1);
      expect(checkouts[0]?.deletedAt).toBeInstanceOf(Date);
      expect(checkouts[0]).toMatchObject({
        email: null,
        firstName: null,
        firstNameHash: null,
        recoveryUrl: null,
      });
    });

    it("stores nothing when the delete came first, whether the update names the checkout's id or only its cart", async () => {
      await installTestShop(SHOP_A);
      await installTestShop(SHOP_B);
      const deleted = '{"id": 9007199254740993123, "cart_token": "eeafa272cebfd4b22385bc4b645e762c"}';
      expect((await deleteDelivery(SHOP_A, deleted)).status).toBe(200);

      await storeCheckout(SHOP_A, LATER);
      await storeCheckout(SHOP_A, { ...LATER, id: undefined, token: "another-checkout-of-that-cart" });
      // Another shop's checkout with the same identifiers is not this shop's deletion.
      await storeCheckout(SHOP_B, LATER);

      expect(await prisma.checkout.count({ where: { shop: SHOP_A } })).toBe(0);
      expect(await prisma.checkout.count({ where: { shop: SHOP_B } })).toBe(1);
    });

    it("leaves the order of a deleted checkout to be recorded: it is still a purchase", async () => {
      await installTestShop(SHOP_A);
      await storeCheckout(SHOP_A);
      await deleteDelivery(
        SHOP_A,
        '{"id": 9007199254740993123, "cart_token": "eeafa272cebfd4b22385bc4b645e762c"}',
      );

      const order = editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
        checkout_token: "123123123",
        cart_token: "eeafa272cebfd4b22385bc4b645e762c",
      });
      const response = await callAction(
        orderAction,
        signedWebhookRequest({ topic: "orders/create", shop: SHOP_A, body: order }),
      );

      expect(response.status).toBe(200);
      expect(await prisma.order.count({ where: { shop: SHOP_A } })).toBe(1);
      expect((await prisma.checkout.findFirstOrThrow({ where: { shop: SHOP_A } })).orderedAt).toBeInstanceOf(
        Date,
      );
    });
  });
});
