import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { callAction } from "../../test/helpers/routes";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action } from "./webhooks.app.uninstalled";

const uninstall = (shop: string, options: { secret?: string; triggeredAt?: Date; webhookId?: string } = {}) =>
  signedWebhookRequest({ topic: "app/uninstalled", shop, body: { id: 1, domain: shop }, ...options });

describe("POST /webhooks/app/uninstalled", () => {
  it("deletes that shop's sessions and marks it uninstalled, leaving other shops alone", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);

    const response = await callAction(action, uninstall(SHOP_A));

    expect(response.status).toBe(200);
    expect(await prisma.session.count({ where: { shop: SHOP_A } })).toBe(0);
    expect(await prisma.session.count({ where: { shop: SHOP_B } })).toBe(1);
    const [a, b] = await Promise.all([
      prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } }),
      prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_B } }),
    ]);
    expect(a.installState).toBe("UNINSTALLED");
    expect(a.uninstalledAt).toBeInstanceOf(Date);
    expect(b.installState).toBe("INSTALLED");
  });

  it("answers 401 to a wrong signature and changes nothing", async () => {
    await installTestShop(SHOP_A);

    const response = await callAction(action, uninstall(SHOP_A, { secret: "forged" }));

    expect(response.status).toBe(401);
    expect(await prisma.session.count({ where: { shop: SHOP_A } })).toBe(1);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).installState).toBe(
      "INSTALLED",
    );
  });

  it("answers 401 when the signature header is missing", async () => {
    await installTestShop(SHOP_A);
    const request = uninstall(SHOP_A);
    request.headers.delete("X-Shopify-Hmac-Sha256");

    expect((await callAction(action, request)).status).toBe(401);
    expect(await prisma.session.count({ where: { shop: SHOP_A } })).toBe(1);
  });

  it("is safe to receive twice", async () => {
    await installTestShop(SHOP_A);
    const first = await callAction(action, uninstall(SHOP_A, { webhookId: "same" }));
    const second = await callAction(action, uninstall(SHOP_A, { webhookId: "same" }));

    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).installState).toBe(
      "UNINSTALLED",
    );
  });

  it("ignores a late retry of an uninstall that happened before the shop reinstalled", async () => {
    await installTestShop(SHOP_A);
    const installedAt = (await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).installedAt;

    const response = await callAction(
      action,
      uninstall(SHOP_A, { triggeredAt: new Date(installedAt.getTime() - 3_600_000) }),
    );

    expect(response.status).toBe(200);
    expect(await prisma.session.count({ where: { shop: SHOP_A } })).toBe(1);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).installState).toBe(
      "INSTALLED",
    );
  });

  it("refuses a delivery of another topic sent to this address", async () => {
    await installTestShop(SHOP_A);
    const request = signedWebhookRequest({
      topic: "orders/create",
      shop: SHOP_A,
      body: {},
      path: "/webhooks/app/uninstalled",
    });

    const response = await callAction(action, request);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "BAD_REQUEST" });
    expect(await prisma.session.count({ where: { shop: SHOP_A } })).toBe(1);
  });

  it("refuses a body over 1 MB with 413 before reading it", async () => {
    const request = signedWebhookRequest({
      topic: "app/uninstalled",
      shop: SHOP_A,
      body: "x".repeat(1024 * 1024 + 1),
    });
    expect((await callAction(action, request)).status).toBe(413);
  });
});
