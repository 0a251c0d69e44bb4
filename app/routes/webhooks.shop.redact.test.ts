import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import {
  countRowsPerModel,
  MODEL_NAMES,
  readAllRows,
  type ModelName,
} from "../../test/helpers/database-scan";
import { editFixture, fixtureText } from "../../test/helpers/fixtures";
import { seedShopperRecovery } from "../../test/helpers/recovery-seed";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { storeCheckout, storeConsent, storeOrder, type TestShopper } from "../../test/helpers/shoppers";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action as dataRequestAction } from "./webhooks.customers.data_request";
import { action as redactCustomerAction } from "./webhooks.customers.redact";
import { action as uninstallAction } from "./webhooks.app.uninstalled";
import { action } from "./webhooks.shop.redact";

const ZOE: TestShopper = {
  email: "zephyrine.quill@example.org",
  firstName: "Zephyrine",
  customerId: "7700112233445566778",
};
const MARGUERITE: TestShopper = {
  email: "marguerite.holt@example.net",
  firstName: "Marguerite",
  customerId: "7700998877665544332",
};

const shopRedact = (
  shop: string,
  options: { webhookId?: string; secret?: string; triggeredAt?: Date; body?: string } = {},
) =>
  signedWebhookRequest({
    topic: "shop/redact",
    shop,
    body: options.body ?? fixtureText("shop-redact.shopify-sample.json"),
    ...options,
  });

async function deliver(route: typeof action, topic: string, shop: string, body: string) {
  expect((await callAction(route, signedWebhookRequest({ topic, shop, body }))).status).toBe(200);
}

/**
 * A shop with a row in every table: ingested shoppers, their recovery sequences, privacy requests, and a
 * synced catalog.
 */
async function seedShop(shop: string) {
  await installTestShop(shop);
  await storeCheckout(shop, ZOE, { token: "zoe-checkout", cartToken: "zoe-cart" });
  const orderId = shop === SHOP_A ? "5550001" : "6660001";
  await storeOrder(shop, ZOE, { orderId, checkoutToken: "zoe-checkout" });
  await storeConsent(shop, ZOE, { state: "subscribed", updatedAt: "2022-01-05T10:00:00Z" });
  // The recovery engine's rows: a sequence with its emails, timeline and code, recovered by email (so the
  // report rollups count it too), and a suppression.
  await seedShopperRecovery(shop, {
    checkoutToken: "zoe-checkout",
    firstName: ZOE.firstName,
    code: "CBK-ZQ7X2K",
    pendingStep: true,
    recovered: { at: new Date("2022-01-01T03:00:00Z"), byEmail: true, minor: 5_000, orderId },
    suppression: "UNSUBSCRIBED",
  });
  const zoeCheckout = await prisma.checkout.findUniqueOrThrow({
    where: { shop_token: { shop, token: "zoe-checkout" } },
  });
  await prisma.flowTrigger.create({
    data: {
      shop,
      handle: "checkout-recovered",
      checkoutId: zoeCheckout.id,
      payload: JSON.stringify({ "Checkout value": 50, Currency: "USD" }),
      createdAt: zoeCheckout.shopifyUpdatedAt,
      nextAttemptAt: zoeCheckout.shopifyUpdatedAt,
    },
  });
  await storeCheckout(shop, MARGUERITE, { token: "marguerite-checkout", cartToken: "marguerite-cart" });
  const customer = { id: MARGUERITE.customerId, email: MARGUERITE.email, phone: null };
  await deliver(
    dataRequestAction,
    "customers/data_request",
    shop,
    editFixture("customers-data_request.shopify-sample-2026-07.json", { customer }),
  );
  await deliver(
    redactCustomerAction,
    "customers/redact",
    shop,
    editFixture("customers-redact.shopify-sample-2026-07.json", { customer }),
  );
  await prisma.product.create({
    data: {
      shop,
      productId: "632910392",
      handle: "ipod-nano",
      title: "IPod Nano - 8GB",
      description: "A small music player.",
      tags: "[]",
      status: "ACTIVE",
      currency: "USD",
      priceMinMinor: 19900,
      priceMaxMinor: 19900,
      availableForSale: true,
      shopifyUpdatedAt: new Date("2022-01-01T00:00:00Z"),
    },
  });
  await prisma.catalogState.create({ data: { shop, version: 1, productCount: 1, syncStatus: "COMPLETED" } });
}

const uninstall = (shop: string) =>
  callAction(
    uninstallAction,
    signedWebhookRequest({ topic: "app/uninstalled", shop, body: { id: 1, domain: shop } }),
  );

const noRows = () => Object.fromEntries(MODEL_NAMES.map((model) => [model, 0])) as Record<ModelName, number>;

describe("POST /webhooks/shop/redact", () => {
  it("erases everything of the shop, 48 hours after it uninstalled, and leaves other shops as they were", async () => {
    await seedShop(SHOP_A);
    await seedShop(SHOP_B);
    await uninstall(SHOP_A);
    // Every table but Session (gone with the uninstall) holds something of shop A, so the final check
    // is not vacuous.
    const countsBefore = await countRowsPerModel(SHOP_A);
    for (const model of MODEL_NAMES) {
      if (model !== "Session")
        expect(countsBefore[model], `${model} rows of ${SHOP_A} before`).toBeGreaterThan(0);
    }
    const shopB = await readAllRows(SHOP_B);

    const response = await callAction(action, shopRedact(SHOP_A));

    expect(response.status).toBe(200);
    expect(await countRowsPerModel(SHOP_A)).toEqual(noRows());
    expect(await readAllRows(SHOP_B)).toEqual(shopB);
  });

  it("erases the shop's sessions too when it arrives for a shop that still has them", async () => {
    await seedShop(SHOP_A);

    expect((await callAction(action, shopRedact(SHOP_A))).status).toBe(200);

    expect(await countRowsPerModel(SHOP_A)).toEqual(noRows());
  });

  it("is harmless to receive twice, under the same webhook id or another", async () => {
    await seedShop(SHOP_A);
    await seedShop(SHOP_B);
    await uninstall(SHOP_A);
    const shopB = await readAllRows(SHOP_B);

    const responses = [
      await callAction(action, shopRedact(SHOP_A, { webhookId: "redact-1" })),
      await callAction(action, shopRedact(SHOP_A, { webhookId: "redact-1" })),
      await callAction(action, shopRedact(SHOP_A, { webhookId: "redact-2" })),
    ];

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(await countRowsPerModel(SHOP_A)).toEqual(noRows());
    expect(await readAllRows(SHOP_B)).toEqual(shopB);
  });

  it("answers 401 to a wrong signature and erases nothing", async () => {
    await seedShop(SHOP_A);
    await uninstall(SHOP_A);
    const before = await readAllRows();

    const response = await callAction(action, shopRedact(SHOP_A, { secret: "forged" }));

    expect(response.status).toBe(401);
    expect(await readAllRows()).toEqual(before);
  });

  it("answers 400 to a malformed payload and erases nothing", async () => {
    await seedShop(SHOP_A);
    await uninstall(SHOP_A);
    const before = await readAllRows();

    const response = await callAction(
      action,
      shopRedact(SHOP_A, { body: JSON.stringify({ shop_id: "not-an-id" }) }),
    );

    expect(response.status).toBe(400);
    expect(await readAllRows()).toEqual(before);
  });

  it("ignores a late copy triggered before the merchant reinstalled", async () => {
    await seedShop(SHOP_A);
    const { installedAt } = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    const before = await countRowsPerModel(SHOP_A);

    const response = await callAction(
      action,
      shopRedact(SHOP_A, { triggeredAt: new Date(installedAt.getTime() - 60 * 60 * 1000) }),
    );

    expect(response.status).toBe(200);
    expect(await countRowsPerModel(SHOP_A)).toEqual({
      ...before,
      WebhookDelivery: before.WebhookDelivery + 1,
    });
  });
});
