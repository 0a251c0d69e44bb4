import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { CheckoutLineSchema } from "~/domain/checkouts";
import { decryptField, hashEmail } from "~/lib/encryption.server";
import { editFixture, fixtureText } from "../../test/helpers/fixtures";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action as createAction } from "./webhooks.checkouts.create";
import { action } from "./webhooks.checkouts.update";

const FIXTURE = "checkouts-update.shopify-sample-2026-07.json";

const deliver = (
  body: string,
  options: { shop?: string; webhookId?: string; secret?: string; topic?: string } = {},
) =>
  callAction(
    options.topic === "checkouts/create" ? createAction : action,
    signedWebhookRequest({
      topic: options.topic ?? "checkouts/update",
      shop: options.shop ?? SHOP_A,
      body,
      ...options,
    }),
  );

const stored = (token = "123123123", shop = SHOP_A) =>
  prisma.checkout.findUnique({ where: { shop_token: { shop, token } } });

describe("POST /webhooks/checkouts/update", () => {
  it("stores Shopify's sample checkout: exact money, exact ids, personal fields sealed", async () => {
    await installTestShop(SHOP_A);

    const response = await deliver(
      editFixture(FIXTURE, { email: "  Example@Email.COM ", customer_locale: "fr-CA" }),
    );

    expect(response.status).toBe(200);
    const checkout = await stored();
    expect(checkout).toMatchObject({
      shop: SHOP_A,
      token: "123123123",
      cartToken: "eeafa272cebfd4b22385bc4b645e762c",
      customerId: "603851970716743426",
      currency: "USD",
      presentmentCurrency: "USD",
      subtotalMinor: 39800,
      totalMinor: 42188,
      lineItemCount: 2,
      acceptsMarketing: false,
      locale: "fr-CA",
      sourceName: "web",
      completedAt: null,
      emailHash: hashEmail(SHOP_A, "example@email.com"),
    });
    expect(checkout?.shopifyUpdatedAt.toISOString()).toBe("2022-01-01T00:00:00.000Z");
    // Personal fields are envelopes; only the shop's key opens them.
    expect(checkout?.email).toMatch(/^v1\./);
    expect(checkout?.email).not.toContain("example");
    expect(decryptField(SHOP_A, checkout?.email)).toBe("example@email.com");
    expect(decryptField(SHOP_A, checkout?.firstName)).toBe("John");
    expect(decryptField(SHOP_A, checkout?.recoveryUrl)).toBe(
      "https://checkout.local/548380009/checkouts/123123123/recover?key=example-secret-token",
    );
    expect(() => decryptField(SHOP_B, checkout?.email)).toThrow();
    const lines = CheckoutLineSchema.array().parse(JSON.parse(checkout?.lineItems ?? "[]"));
    expect(lines[0]).toEqual({
      productId: "632910392",
      variantId: "808950810",
      title: "IPod Nano - 8GB",
      variantTitle: "Pink",
      quantity: 1,
      unitPriceMinor: 19900,
      linePriceMinor: 19900,
      sku: "IPOD2008PINK",
      imageUrl: null,
    });
  });

  it("keeps ids above 2^53 exactly, never through a float", async () => {
    await installTestShop(SHOP_A);
    const body = fixtureText(FIXTURE)
      .replace('"token": "123123123"', '"id": 9007199254740993123, "token": "123123123"')
      .replace('"product_id": 632910392', '"product_id": 704912205188288575')
      .replace('"variant_id": 808950810', '"variant_id": 704912205188288577');

    expect((await deliver(body)).status).toBe(200);

    const checkout = await stored();
    expect(checkout?.shopifyId).toBe("9007199254740993123");
    expect(checkout?.customerId).toBe("603851970716743426");
    const lines = JSON.parse(checkout?.lineItems ?? "[]");
    expect(lines[0]).toMatchObject({ productId: "704912205188288575", variantId: "704912205188288577" });
  });

  it("stores a guest checkout with shipping_address: [] and customer: null", async () => {
    await installTestShop(SHOP_A);
    const guest = editFixture(FIXTURE, {
      customer: null,
      shipping_address: [],
      billing_address: null,
      email: "guest@example.com",
    });

    expect((await deliver(guest)).status).toBe(200);

    const checkout = await stored();
    expect(checkout).toMatchObject({ customerId: null, countryCode: null, firstName: null });
    expect(decryptField(SHOP_A, checkout?.email)).toBe("guest@example.com");
  });

  it("stores a checkout without an email but never with an address to email", async () => {
    await installTestShop(SHOP_A);
    expect((await deliver(editFixture(FIXTURE, { email: null, customer: null }))).status).toBe(200);
    expect(await stored()).toMatchObject({ email: null, emailHash: null });

    expect(
      (await deliver(editFixture(FIXTURE, { token: "t2", email: "not an email", customer: null }))).status,
    ).toBe(200);
    expect(await stored("t2")).toMatchObject({ email: null, emailHash: null });
  });

  it("answers 401 to a wrong signature and stores nothing", async () => {
    await installTestShop(SHOP_A);
    expect((await deliver(fixtureText(FIXTURE), { secret: "forged" })).status).toBe(401);
    expect(await prisma.checkout.count()).toBe(0);
  });

  it.each([
    ["malformed JSON", "{ token: 123", /not valid JSON/],
    ["a JSON array", "[]", /expected object/],
    ["a JSON string", '"checkout"', /expected object/],
    ["no token", editFixture(FIXTURE, { token: undefined }), /token/],
    ["an empty token", editFixture(FIXTURE, { token: "   " }), /token: is required/],
    ["money that is not an amount", editFixture(FIXTURE, { subtotal_price: "12.3.4" }), /subtotal_price/],
    ["a bad timestamp", editFixture(FIXTURE, { updated_at: "yesterday" }), /updated_at/],
  ])("answers 400 with a reason to %s and changes nothing", async (_case, body, reason) => {
    await installTestShop(SHOP_A);
    const response = await deliver(body);
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(reason);
    expect(await prisma.checkout.count()).toBe(0);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("ignores fields it does not know and accepts a payload without a top-level id", async () => {
    await installTestShop(SHOP_A);
    const body = editFixture(FIXTURE, { brand_new_field: { nested: [1, 2, 3] }, id: undefined });
    expect((await deliver(body)).status).toBe(200);
    expect(await stored()).toMatchObject({ shopifyId: null });
  });

  it("stores a redelivered webhook once, even if its body changed", async () => {
    await installTestShop(SHOP_A);
    await deliver(fixtureText(FIXTURE), { webhookId: "delivery-1" });
    const retry = await deliver(
      editFixture(FIXTURE, { total_price: "1.00", updated_at: "2030-01-01T00:00:00Z" }),
      { webhookId: "delivery-1" },
    );

    expect(retry.status).toBe(200);
    expect(await prisma.checkout.count()).toBe(1);
    expect((await stored())?.totalMinor).toBe(42188);
    expect(await prisma.webhookDelivery.count({ where: { shop: SHOP_A, webhookId: "delivery-1" } })).toBe(1);
  });

  it("lets the newer state win when updates arrive out of order", async () => {
    await installTestShop(SHOP_A);
    const newer = editFixture(FIXTURE, {
      updated_at: "2026-11-20T10:05:00Z",
      total_price: "500.00",
      subtotal_price: "480.00",
    });
    const older = editFixture(FIXTURE, {
      updated_at: "2026-11-20T10:00:00Z",
      total_price: "100.00",
      subtotal_price: "90.00",
    });

    await deliver(newer);
    await deliver(older);
    expect(await stored()).toMatchObject({ totalMinor: 50000, subtotalMinor: 48000 });

    await deliver(
      editFixture(FIXTURE, {
        updated_at: "2026-11-20T10:10:00Z",
        total_price: "600.00",
        subtotal_price: "580.00",
      }),
    );
    expect(await stored()).toMatchObject({ totalMinor: 60000 });
  });

  it("keeps a completed checkout completed", async () => {
    await installTestShop(SHOP_A);
    await deliver(
      editFixture(FIXTURE, { updated_at: "2026-11-20T10:00:00Z", completed_at: "2026-11-20T10:00:00Z" }),
    );
    await deliver(editFixture(FIXTURE, { updated_at: "2026-11-20T11:00:00Z", completed_at: null }));
    expect((await stored())?.completedAt?.toISOString()).toBe("2026-11-20T10:00:00.000Z");
  });

  it("acknowledges and ignores a webhook for a shop without a session", async () => {
    await installTestShop(SHOP_B);
    const response = await deliver(fixtureText(FIXTURE), { shop: SHOP_A });
    expect(response.status).toBe(200);
    expect(await prisma.checkout.count()).toBe(0);
    expect(await prisma.shop.count({ where: { domain: SHOP_A } })).toBe(0);
  });

  it("keys checkouts by (shop, token): the same token in two shops is two checkouts", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await deliver(fixtureText(FIXTURE), { shop: SHOP_A });
    await deliver(editFixture(FIXTURE, { total_price: "9.99" }), { shop: SHOP_B });
    expect((await stored("123123123", SHOP_A))?.totalMinor).toBe(42188);
    expect((await stored("123123123", SHOP_B))?.totalMinor).toBe(999);
  });

  it("accepts checkouts/create at its own address with the same rules", async () => {
    await installTestShop(SHOP_A);
    expect((await deliver(fixtureText(FIXTURE), { topic: "checkouts/create" })).status).toBe(200);
    expect(await prisma.checkout.count()).toBe(1);
  });

  it("answers quickly: no Admin API, email or AI call while storing", async () => {
    await installTestShop(SHOP_A);
    const { adminCalls } = await import("../../test/mocks/shopify-admin");
    await deliver(fixtureText(FIXTURE));
    expect(adminCalls).toEqual([]);
  });
});
