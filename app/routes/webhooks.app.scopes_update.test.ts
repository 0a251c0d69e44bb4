import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action } from "./webhooks.app.scopes_update";

describe("POST /webhooks/app/scopes_update", () => {
  it("stores the granted scopes on that shop's sessions only", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const body = {
      id: 1,
      previous: ["read_orders"],
      current: ["read_orders", "read_products"],
      updated_at: "2026-11-20T10:00:00Z",
    };

    const response = await callAction(
      action,
      signedWebhookRequest({ topic: "app/scopes_update", shop: SHOP_A, body }),
    );

    expect(response.status).toBe(200);
    expect((await prisma.session.findFirstOrThrow({ where: { shop: SHOP_A } })).scope).toBe(
      "read_orders,read_products",
    );
    expect((await prisma.session.findFirstOrThrow({ where: { shop: SHOP_B } })).scope).toContain(
      "write_discounts",
    );
  });

  it("answers 400 with a reason to a payload without `current`, and 401 to a forged one", async () => {
    await installTestShop(SHOP_A);
    const bad = await callAction(
      action,
      signedWebhookRequest({ topic: "app/scopes_update", shop: SHOP_A, body: { previous: [] } }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/current/);

    const forged = signedWebhookRequest({
      topic: "app/scopes_update",
      shop: SHOP_A,
      body: { current: [] },
      secret: "x",
    });
    expect((await callAction(action, forged)).status).toBe(401);
    expect((await prisma.session.findFirstOrThrow({ where: { shop: SHOP_A } })).scope).toContain(
      "write_discounts",
    );
  });

  it("answers 400 to a body that is not JSON", async () => {
    await installTestShop(SHOP_A);
    const response = await callAction(
      action,
      signedWebhookRequest({ topic: "app/scopes_update", shop: SHOP_A, body: "{not json" }),
    );
    expect(response.status).toBe(400);
  });
});
