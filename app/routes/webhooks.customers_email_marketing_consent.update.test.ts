import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { hashEmail } from "~/lib/encryption.server";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action } from "./webhooks.customers_email_marketing_consent.update";

const TOPIC = "customers_email_marketing_consent/update";
const EMAIL = "zephyrine.quill@example.org";

interface ConsentChange {
  state: string;
  at: string | null;
  email?: string | null;
  customerId?: string | number | null;
}

const consentBody = ({
  state,
  at,
  email = " Zephyrine.Quill@Example.ORG",
  customerId = "7700112233445566778",
}: ConsentChange) => ({
  customer_id: customerId,
  email_address: email,
  email_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: at },
});

const deliver = (
  change: ConsentChange,
  options: { shop?: string; secret?: string; webhookId?: string; triggeredAt?: Date } = {},
) =>
  callAction(
    action,
    signedWebhookRequest({
      topic: TOPIC,
      shop: options.shop ?? SHOP_A,
      body: consentBody(change),
      ...options,
    }),
  );

const stored = (shop = SHOP_A) =>
  prisma.marketingConsent.findUnique({
    where: { shop_emailHash: { shop, emailHash: hashEmail(shop, EMAIL) } },
  });

describe("POST /webhooks/customers_email_marketing_consent/update", () => {
  it("records a subscription under the shop's hash of the normalised address", async () => {
    await installTestShop(SHOP_A);

    const response = await deliver({ state: "subscribed", at: "2026-03-01T10:00:00Z" });

    expect(response.status).toBe(200);
    expect(await stored()).toMatchObject({
      customerId: "7700112233445566778",
      state: "SUBSCRIBED",
      consentUpdatedAt: new Date("2026-03-01T10:00:00Z"),
    });
    // Only the hash is kept: no address, masked or not.
    expect(JSON.stringify(await prisma.marketingConsent.findMany())).not.toMatch(/zephyrine/i);
  });

  it("records an unsubscribe that follows", async () => {
    await installTestShop(SHOP_A);
    await deliver({ state: "subscribed", at: "2026-03-01T10:00:00Z" });

    await deliver({ state: "unsubscribed", at: "2026-03-02T10:00:00Z" });

    expect(await stored()).toMatchObject({
      state: "UNSUBSCRIBED",
      consentUpdatedAt: new Date("2026-03-02T10:00:00Z"),
    });
    expect(await prisma.marketingConsent.count()).toBe(1);
  });

  it("ignores a change older than the one stored (deliveries arrive out of order)", async () => {
    await installTestShop(SHOP_A);
    await deliver({ state: "unsubscribed", at: "2026-03-02T10:00:00Z" });

    const response = await deliver({ state: "subscribed", at: "2026-03-01T10:00:00Z" });

    expect(response.status).toBe(200);
    expect(await stored()).toMatchObject({
      state: "UNSUBSCRIBED",
      consentUpdatedAt: new Date("2026-03-02T10:00:00Z"),
    });
  });

  it.each([
    ["subscribed", "SUBSCRIBED"],
    ["not_subscribed", "NOT_SUBSCRIBED"],
    ["pending", "PENDING"],
    ["unsubscribed", "UNSUBSCRIBED"],
    ["redacted", "REDACTED"],
    ["invalid", "INVALID"],
    ["SUBSCRIBED", "SUBSCRIBED"],
  ])("accepts the state %s as %s", async (state, expected) => {
    await installTestShop(SHOP_A);

    expect((await deliver({ state, at: "2026-03-01T10:00:00Z" })).status).toBe(200);

    expect((await stored())?.state).toBe(expected);
  });

  it("keeps each shop's consent to itself", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await deliver({ state: "subscribed", at: "2026-03-01T10:00:00Z" }, { shop: SHOP_A });

    await deliver({ state: "unsubscribed", at: "2026-03-02T10:00:00Z" }, { shop: SHOP_B });

    expect((await stored(SHOP_A))?.state).toBe("SUBSCRIBED");
    expect((await stored(SHOP_B))?.state).toBe("UNSUBSCRIBED");
    expect(hashEmail(SHOP_A, EMAIL)).not.toBe(hashEmail(SHOP_B, EMAIL));
  });

  it("dates a change without consent_updated_at by when Shopify triggered it", async () => {
    await installTestShop(SHOP_A);
    const triggeredAt = new Date("2026-03-05T08:00:00Z");
    await deliver({ state: "subscribed", at: "2026-03-01T10:00:00Z" });

    await deliver({ state: "pending", at: null }, { triggeredAt });

    expect(await stored()).toMatchObject({ state: "PENDING", consentUpdatedAt: triggeredAt });
  });

  it("acknowledges a customer without a usable address and stores nothing", async () => {
    await installTestShop(SHOP_A);

    expect((await deliver({ state: "subscribed", at: "2026-03-01T10:00:00Z", email: null })).status).toBe(
      200,
    );
    expect(
      (await deliver({ state: "subscribed", at: "2026-03-01T10:00:00Z", email: "not an address" })).status,
    ).toBe(200);

    expect(await prisma.marketingConsent.count()).toBe(0);
  });

  it("is safe to receive twice", async () => {
    await installTestShop(SHOP_A);
    const change = { state: "subscribed", at: "2026-03-01T10:00:00Z" };

    const statuses = [
      (await deliver(change, { webhookId: "consent-1" })).status,
      (await deliver(change, { webhookId: "consent-1" })).status,
      (await deliver(change, { webhookId: "consent-2" })).status,
    ];

    expect(statuses).toEqual([200, 200, 200]);
    expect(
      await prisma.marketingConsent.findMany({ select: { state: true, consentUpdatedAt: true } }),
    ).toEqual([{ state: "SUBSCRIBED", consentUpdatedAt: new Date("2026-03-01T10:00:00Z") }]);
  });

  it("answers 401 to a wrong signature and 400 to a malformed payload, storing nothing", async () => {
    await installTestShop(SHOP_A);

    const forged = await deliver({ state: "subscribed", at: "2026-03-01T10:00:00Z" }, { secret: "forged" });
    const malformed = await deliver({ state: "subscribed", at: "yesterday" });

    expect([forged.status, malformed.status]).toEqual([401, 400]);
    expect(await prisma.marketingConsent.count()).toBe(0);
  });

  it("ignores a shop the app is not installed on", async () => {
    expect((await deliver({ state: "subscribed", at: "2026-03-01T10:00:00Z" })).status).toBe(200);
    expect(await prisma.marketingConsent.count()).toBe(0);
  });
});
