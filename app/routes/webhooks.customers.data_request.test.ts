import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getPrivacyExport, type CustomerDataExport } from "~/domain/privacy";
import { markShopUninstalled } from "~/domain/shops";
import { decryptField, hashEmail, isEnvelope } from "~/lib/encryption.server";
import { countRowsPerModel, MODEL_NAMES, readAllRows } from "../../test/helpers/database-scan";
import { seedShopperRecovery } from "../../test/helpers/recovery-seed";
import { editFixture } from "../../test/helpers/fixtures";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { storeCheckout, storeConsent, storeOrder, type TestShopper } from "../../test/helpers/shoppers";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action } from "./webhooks.customers.data_request";

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

const dataRequest = (
  shop: string,
  changes: Record<string, unknown> = {},
  options: { webhookId?: string; secret?: string } = {},
) =>
  signedWebhookRequest({
    topic: "customers/data_request",
    shop,
    // The sample's shop_domain is "{shop}.myshopify.com": the header names the shop, not the body.
    body: editFixture("customers-data_request.shopify-sample-2026-07.json", {
      customer: { id: ZOE.customerId, email: " Zephyrine.Quill@Example.ORG", phone: "555-625-1199" },
      orders_requested: [],
      data_request: { id: 9999 },
      ...changes,
    }),
    ...options,
  });

async function exportOf(shop: string): Promise<CustomerDataExport> {
  const row = await prisma.privacyRequest.findFirstOrThrow({ where: { shop, kind: "DATA_REQUEST" } });
  const found = await getPrivacyExport(shop, row.id);
  if (!found) throw new Error("no export");
  return found.export;
}

const tokensOf = (rows: unknown[]) => rows.map((row) => (row as { token: string }).token).sort();

describe("POST /webhooks/customers/data_request", () => {
  it("exports that shopper's checkouts, orders, consent and recovery emails, decrypted, and nothing of anyone else", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await storeCheckout(SHOP_A, ZOE, { token: "zoe-checkout-1", cartToken: "zoe-cart-1" });
    // Same address, no customer id, after the order (so not ended by it): found by the email hash alone.
    await storeCheckout(
      SHOP_A,
      { ...ZOE, customerId: null },
      { token: "zoe-checkout-2", cartToken: "zoe-cart-2", createdAt: "2022-03-01T10:00:00Z" },
    );
    await storeOrder(SHOP_A, ZOE, { orderId: "5550001112223334445", checkoutToken: "zoe-checkout-1" });
    await storeConsent(SHOP_A, ZOE, { state: "subscribed", updatedAt: "2022-01-05T10:00:00Z" });
    await storeCheckout(SHOP_A, MARGUERITE, { token: "marguerite-checkout", cartToken: "marguerite-cart" });
    await storeOrder(SHOP_A, MARGUERITE, { orderId: "5550001112223339999" });
    await storeConsent(SHOP_A, MARGUERITE, { state: "subscribed", updatedAt: "2022-01-05T10:00:00Z" });
    await storeCheckout(SHOP_B, ZOE, { token: "zoe-in-shop-b", cartToken: "zoe-cart-b" });
    // The recovery engine's rows: Zoe's first checkout was emailed, then recovered by her order with the
    // email's code; her second is mid-sequence (its second email claimed) and she has since unsubscribed.
    await seedShopperRecovery(SHOP_A, {
      checkoutToken: "zoe-checkout-1",
      firstName: ZOE.firstName,
      code: "CBK-ZQ7X2K",
      status: "STOPPED",
      anchorAt: new Date("2021-12-30T00:00:00Z"),
      recovered: {
        at: new Date("2022-01-01T00:00:00Z"),
        byEmail: true,
        method: "DISCOUNT_CODE",
        minor: 40495,
        orderId: "5550001112223334445",
        discountMinor: 2500,
      },
    });
    await seedShopperRecovery(SHOP_A, {
      checkoutToken: "zoe-checkout-2",
      firstName: ZOE.firstName,
      code: "CBK-ZQ8Y3L",
      anchorAt: new Date("2022-03-01T10:00:00Z"),
      pendingStep: true,
      suppression: "UNSUBSCRIBED",
    });
    await seedShopperRecovery(SHOP_A, {
      checkoutToken: "marguerite-checkout",
      firstName: MARGUERITE.firstName,
      code: "CBK-MARG01",
      suppression: "HARD_BOUNCE",
    });
    await seedShopperRecovery(SHOP_B, {
      checkoutToken: "zoe-in-shop-b",
      firstName: ZOE.firstName,
      code: "CBK-ZOEB",
    });

    const response = await callAction(action, dataRequest(SHOP_A));

    expect(response.status).toBe(200);
    const row = await prisma.privacyRequest.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(row).toMatchObject({
      kind: "DATA_REQUEST",
      shopifyRequestId: "9999",
      customerId: ZOE.customerId,
      emailHash: hashEmail(SHOP_A, ZOE.email),
    });
    expect(row.completedAt).toBeInstanceOf(Date);
    expect(JSON.parse(row.summary ?? "{}")).toEqual({
      recoveryEvents: 6,
      flowTriggers: 0,
      recoverySends: 3,
      discountCodes: 2,
      enrollments: 2,
      suppressions: 1,
      checkouts: 2,
      orders: 1,
      marketingConsent: 1,
      privacyRequests: 1,
    });

    const exported = await exportOf(SHOP_A);
    expect(exported).toMatchObject({
      format: "cartback.customer-data/1",
      shop: SHOP_A,
      shopifyRequestId: "9999",
      subject: { customerId: ZOE.customerId },
    });
    expect(tokensOf(exported.data.checkouts ?? [])).toEqual(["zoe-checkout-1", "zoe-checkout-2"]);
    expect(exported.data.checkouts?.[0]).toMatchObject({
      token: "zoe-checkout-1",
      cartToken: "zoe-cart-1",
      customerId: ZOE.customerId,
      email: ZOE.email,
      firstName: ZOE.firstName,
      recoveryUrl: "https://checkout.local/548380009/checkouts/zoe-checkout-1/recover?key=key-zoe-checkout-1",
      locale: "en-CA",
      currency: "USD",
      subtotalMinor: 39800,
      totalMinor: 42188,
      createdAt: "2022-01-01T00:00:00.000Z",
      orderId: "5550001112223334445",
      lineItems: [
        expect.objectContaining({ title: "IPod Nano - 8GB", quantity: 1, unitPriceMinor: 19900 }),
        expect.objectContaining({ title: "IPod Nano - 8GB", quantity: 1, unitPriceMinor: 19900 }),
      ],
    });
    expect(exported.data.orders).toEqual([
      expect.objectContaining({
        orderId: "5550001112223334445",
        name: "#9999",
        email: ZOE.email,
        customerId: ZOE.customerId,
        checkoutToken: "zoe-checkout-1",
        totalMinor: 40495,
        currency: "USD",
      }),
    ]);
    expect(exported.data.marketingConsent).toEqual([
      { customerId: ZOE.customerId, state: "SUBSCRIBED", consentUpdatedAt: "2022-01-05T10:00:00.000Z" },
    ]);
    expect(exported.data.privacyRequests).toEqual([
      { kind: "DATA_REQUEST", shopifyRequestId: "9999", receivedAt: row.receivedAt.toISOString() },
    ]);
    expect(exported.data.enrollments).toEqual([
      expect.objectContaining({
        checkoutToken: "zoe-checkout-1",
        status: "STOPPED",
        stepsSent: 1,
        recoveredOrderId: "5550001112223334445",
        recoveredAt: "2022-01-01T00:00:00.000Z",
        attributionMethod: "DISCOUNT_CODE",
        recoveredByEmail: true,
        recoveredMinor: 40495,
      }),
      expect.objectContaining({ checkoutToken: "zoe-checkout-2", status: "ACTIVE", recoveredOrderId: null }),
    ]);
    expect(exported.data.recoverySends).toEqual([
      expect.objectContaining({
        step: 1,
        status: "SENT",
        subject: "Zephyrine, you left something in your cart",
        providerMessageId: "msg-zoe-checkout-1",
        sentAt: "2021-12-30T01:00:00.000Z",
        clickCount: 1,
      }),
      expect.objectContaining({ step: 1, status: "SENT", providerMessageId: "msg-zoe-checkout-2" }),
      expect.objectContaining({ step: 2, status: "CLAIMED", sentAt: null }),
    ]);
    expect(exported.data.discountCodes).toEqual([
      expect.objectContaining({
        code: "CBK-ZQ7X2K",
        usedOrderId: "5550001112223334445",
        usedAt: "2022-01-01T00:00:00.000Z",
        discountMinor: 2500,
      }),
      expect.objectContaining({ code: "CBK-ZQ8Y3L", usedOrderId: null }),
    ]);
    expect(exported.data.suppressions).toEqual([{ reason: "UNSUBSCRIBED", createdAt: expect.any(String) }]);
    expect(exported.data.recoveryEvents?.map((event) => (event as { type: string }).type)).toEqual([
      "ENROLLED",
      "SENT",
      "CLICKED",
      "ENROLLED",
      "SENT",
      "CLICKED",
    ]);
    const text = JSON.stringify(exported);
    for (const stranger of [
      MARGUERITE.email,
      MARGUERITE.firstName,
      "marguerite-checkout",
      "5550001112223339999",
      "zoe-in-shop-b",
      "CBK-MARG01",
      "CBK-ZOEB",
      "HARD_BOUNCE",
    ])
      expect(text).not.toContain(stranger);
  });

  it("includes the orders Shopify lists, and the guest checkouts they completed", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout(SHOP_A, null, { token: "guest-checkout", cartToken: "guest-cart" });
    await storeOrder(SHOP_A, null, { orderId: "5550001112223334441", checkoutToken: "guest-checkout" });
    await storeOrder(SHOP_A, null, { orderId: "5550001112223334442" });

    await callAction(action, dataRequest(SHOP_A, { orders_requested: ["5550001112223334441"] }));

    const exported = await exportOf(SHOP_A);
    expect(tokensOf(exported.data.checkouts ?? [])).toEqual(["guest-checkout"]);
    expect(exported.data.orders?.map((order) => (order as { orderId: string }).orderId)).toEqual([
      "5550001112223334441",
    ]);
  });

  it("stores the export sealed with the shop's key", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout(SHOP_A, ZOE, { token: "zoe-checkout-1", cartToken: "zoe-cart-1" });

    await callAction(action, dataRequest(SHOP_A));

    const row = await prisma.privacyRequest.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(isEnvelope(row.export)).toBe(true);
    for (const clear of [ZOE.email, ZOE.firstName, "zoe-checkout-1", ZOE.customerId.slice(4)])
      expect(row.export).not.toContain(clear);
    expect(decryptField(SHOP_A, row.export)).toContain(ZOE.email);
    expect(() => decryptField(SHOP_B, row.export)).toThrow();
  });

  it("keeps each shop's answer to itself: another shop's request id finds nothing", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await storeCheckout(SHOP_B, ZOE, { token: "zoe-in-shop-b", cartToken: "zoe-cart-b" });
    await callAction(action, dataRequest(SHOP_B));
    const row = await prisma.privacyRequest.findFirstOrThrow({ where: { shop: SHOP_B } });

    expect(await getPrivacyExport(SHOP_A, row.id)).toBeNull();
    expect((await getPrivacyExport(SHOP_B, row.id))?.export.data.checkouts).toHaveLength(1);
  });

  it("is harmless to receive twice: one row per request, refreshed by a second delivery", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout(SHOP_A, ZOE, { token: "zoe-checkout-1", cartToken: "zoe-cart-1" });

    await callAction(action, dataRequest(SHOP_A, {}, { webhookId: "request-1" }));
    const first = await prisma.privacyRequest.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect((await callAction(action, dataRequest(SHOP_A, {}, { webhookId: "request-1" }))).status).toBe(200);
    expect(await prisma.privacyRequest.findMany({ where: { shop: SHOP_A } })).toEqual([first]);

    await storeCheckout(SHOP_A, ZOE, { token: "zoe-checkout-2", cartToken: "zoe-cart-2" });
    expect((await callAction(action, dataRequest(SHOP_A, {}, { webhookId: "request-2" }))).status).toBe(200);

    const rows = await prisma.privacyRequest.findMany({ where: { shop: SHOP_A } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(first.id);
    const exported = await exportOf(SHOP_A);
    expect(tokensOf(exported.data.checkouts ?? [])).toEqual(["zoe-checkout-1", "zoe-checkout-2"]);
    expect(exported.data.privacyRequests).toHaveLength(1);
  });

  it("answers 401 to a wrong signature and stores nothing", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout(SHOP_A, ZOE, { token: "zoe-checkout-1", cartToken: "zoe-cart-1" });
    const before = await readAllRows();

    const response = await callAction(action, dataRequest(SHOP_A, {}, { secret: "forged" }));

    expect(response.status).toBe(401);
    expect(await readAllRows()).toEqual(before);
  });

  it("answers 400 to a malformed payload and stores nothing", async () => {
    await installTestShop(SHOP_A);
    const before = await readAllRows();

    const missingRequest = await callAction(action, dataRequest(SHOP_A, { data_request: undefined }));
    const badCustomer = await callAction(
      action,
      dataRequest(SHOP_A, { customer: { id: "gid://shopify/Customer/1" } }),
    );

    expect([missingRequest.status, badCustomer.status]).toEqual([400, 400]);
    expect(await readAllRows()).toEqual(before);
  });

  it("answers for a shop that has uninstalled (no session)", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout(SHOP_A, ZOE, { token: "zoe-checkout-1", cartToken: "zoe-cart-1" });
    await markShopUninstalled(SHOP_A, { now: new Date(), triggeredAt: null });

    expect((await callAction(action, dataRequest(SHOP_A))).status).toBe(200);

    expect(tokensOf((await exportOf(SHOP_A)).data.checkouts ?? [])).toEqual(["zoe-checkout-1"]);
  });

  it("stores nothing for a shop whose data was already erased", async () => {
    expect((await callAction(action, dataRequest(SHOP_A))).status).toBe(200);

    expect(Object.values(await countRowsPerModel(SHOP_A))).toEqual(MODEL_NAMES.map(() => 0));
  });
});
