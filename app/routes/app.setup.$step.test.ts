import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getShopSettings } from "~/domain/shops";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { loader as homeLoader } from "./app._index";
import { action } from "./app.setup.$step";

const post = async (shop: string, step: string, intent: string) =>
  callAction(
    action,
    await adminRequest(`/app/setup/${step}`, {
      shop,
      init: { method: "POST", body: new URLSearchParams({ intent }) },
    }),
    { step },
  );

const homeStep = async (shop: string, id: string) => {
  const home = await callLoader(homeLoader, await adminRequest("/app", { shop }));
  const body = (await home.json()) as { setup: Array<{ id: string; isDone: boolean }> };
  return body.setup.find((step) => step.id === id);
};

describe("POST /app/setup/:step (a setup step the merchant confirms)", () => {
  it("marks Shopify's own email settled for the session's shop only, and takes it back on undo", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    expect(await homeStep(SHOP_A, "SHOPIFY_EMAIL")).toMatchObject({ isDone: false });

    const response = await post(SHOP_A, "SHOPIFY_EMAIL", "done");

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: "CONFIRMED" });
    expect(await homeStep(SHOP_A, "SHOPIFY_EMAIL")).toMatchObject({ isDone: true });
    expect(await homeStep(SHOP_B, "SHOPIFY_EMAIL")).toMatchObject({ isDone: false });
    expect((await getShopSettings(SHOP_B)).setupChecks.shopifyEmailResolvedAt).toBeNull();

    expect(await (await post(SHOP_A, "SHOPIFY_EMAIL", "undo")).json()).toEqual({ outcome: "UNCONFIRMED" });
    expect(await homeStep(SHOP_A, "SHOPIFY_EMAIL")).toMatchObject({ isDone: false });
  });

  it("lists the permission step as not done while the shop's grant lacks write_marketing_events", async () => {
    await installTestShop(SHOP_A);
    expect(await homeStep(SHOP_A, "MARKETING_EVENTS_PERMISSION")).toMatchObject({ isDone: false });
    await prisma.session.updateMany({
      where: { shop: SHOP_A },
      data: { scope: "read_orders,write_marketing_events" },
    });
    expect(await homeStep(SHOP_A, "MARKETING_EVENTS_PERMISSION")).toMatchObject({ isDone: true });
  });

  it("refuses a step the app judges itself, an unknown intent and a forged session token", async () => {
    await installTestShop(SHOP_A);
    expect((await post(SHOP_A, "CATALOG", "done")).status).toBe(404);
    expect((await post(SHOP_A, "SHOPIFY_EMAIL", "maybe")).status).toBe(400);
    const forged = await forgedAdminRequest("/app/setup/SHOPIFY_EMAIL", { shop: SHOP_A });
    const refused = await callAction(
      action,
      new Request(forged, { method: "POST", body: new URLSearchParams({ intent: "done" }) }),
      { step: "SHOPIFY_EMAIL" },
    );
    expect(refused.status).toBe(401);
    expect((await getShopSettings(SHOP_A)).setupChecks.shopifyEmailResolvedAt).toBeNull();
  });
});
