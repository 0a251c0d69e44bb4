import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { CheckoutDetail } from "~/domain/checkouts";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { seedCheckouts } from "../../test/helpers/checkouts";
import { editFixture } from "../../test/helpers/fixtures";
import { abandonCheckout, HOUR, tickRecovery } from "../../test/helpers/recovery";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { createRecordingMailer } from "../../test/mocks/recording-mailer";
import { action, loader } from "./app.checkouts.$id";

const view = async (id: string, shop = SHOP_A) =>
  callLoader(loader, await adminRequest(`/app/checkouts/${id}`, { shop }), { id });
const act = async (id: string, intent: string, shop = SHOP_A) =>
  callAction(
    action,
    await adminRequest(`/app/checkouts/${id}`, {
      shop,
      init: { method: "POST", body: new URLSearchParams({ intent }) },
    }),
    { id },
  );

/**
 * The actions run at the real time, so the checkout is abandoned three hours ago and its first step went out
 * two hours ago: step 2 is a day away, and "send now" must not wait for it.
 */
async function checkoutAfterStepOne(shop = SHOP_A, token = "t1") {
  await installTestShop(shop, { timezone: "UTC" });
  // Real time: quiet hours off, or from 23:00 UTC the first step would wait for the morning.
  const settings = await getShopSettings(shop);
  await saveShopSettings(shop, {
    ...settings,
    audience: { ...settings.audience, quietHours: { ...settings.audience.quietHours, enabled: false } },
  });
  const abandonedAt = new Date(Date.now() - 3 * HOUR);
  const checkoutId = await abandonCheckout(shop, { token, updatedAt: abandonedAt, firstName: "Jane" });
  const mailer = createRecordingMailer();
  await tickRecovery(shop, new Date(abandonedAt.getTime() + HOUR), mailer);
  expect(mailer.delivered).toHaveLength(1);
  return checkoutId;
}

/** The emails the app's mailer left in the outbox for this checkout (the outbox lives as long as the file). */
function outboxMessages(checkoutId: string): Array<{ to: string; subject: string; idempotencyKey: string }> {
  const dir = process.env.OUTBOX_DIR as string;
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")))
    .filter((message) => String(message.idempotencyKey).includes(`:${checkoutId}:`));
}

describe("GET /app/checkouts/:id", () => {
  it("answers the checkout's page: cart, shopper, timeline and the actions it allows", async () => {
    const checkoutId = await checkoutAfterStepOne();

    const response = await view(checkoutId);

    expect(response.status).toBe(200);
    const detail = (await response.json()) as CheckoutDetail;
    expect(detail.shopper).toMatchObject({ email: "t1@shopper.co", firstName: "Jane" });
    expect(detail.cart.lines.map((line) => line.title)).toEqual(["IPod Nano - 8GB", "IPod Nano - 8GB"]);
    expect(detail.timeline.map((entry) => entry.title)).toEqual([
      "Checkout started",
      "Enrolled in the recovery sequence",
      "Step 1 sent",
    ]);
    expect(detail.actions).toEqual({ canStop: true, canSendNow: true, unavailableReason: null });
  });

  it("answers 404 for another shop's checkout and for an unknown id, with nothing of it", async () => {
    await installTestShop(SHOP_A);
    const theirs = await checkoutAfterStepOne(SHOP_B);

    for (const id of [theirs, "ckunknown"]) {
      const response = await view(id);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("t1@shopper.co");
    }
    expect((await view(theirs, SHOP_B)).status).toBe(200);
  });

  it("rejects a forged session token", async () => {
    const checkoutId = await checkoutAfterStepOne();
    const response = await callLoader(
      loader,
      await forgedAdminRequest(`/app/checkouts/${checkoutId}`, { shop: SHOP_A }),
      { id: checkoutId },
    );
    expect(response.status).toBe(401);
  });
});

describe("POST /app/checkouts/:id", () => {
  it("stops the sequence and answers with the sentence for the banner", async () => {
    const checkoutId = await checkoutAfterStepOne();

    const response = await act(checkoutId, "stop");

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      intent: "stop",
      outcome: "STOPPED",
      tone: "success",
      title: "The sequence is stopped. No more recovery emails will be sent for this checkout.",
      detail: null,
    });
    expect(await prisma.enrollment.findUniqueOrThrow({ where: { checkoutId } })).toMatchObject({
      status: "STOPPED",
      reason: "STOPPED_BY_MERCHANT",
    });
    const detail = (await (await view(checkoutId)).json()) as CheckoutDetail;
    expect(detail.timeline.at(-1)).toMatchObject({
      title: "Sequence stopped",
      detail: "Stopped by the merchant",
    });
  });

  it("sends the next step now with the app's mailer and the merchant's Admin API", async () => {
    const checkoutId = await checkoutAfterStepOne();

    const response = await act(checkoutId, "send-now");

    expect(await response.json()).toMatchObject({
      outcome: "SENT",
      tone: "success",
      title: "Step 2 was sent.",
    });
    const sent = outboxMessages(checkoutId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: "t1@shopper.co",
      idempotencyKey: `cartback:${SHOP_A}:${checkoutId}:step-2`,
    });
    expect(await prisma.discountCode.count({ where: { shop: SHOP_A } })).toBe(2);
  });

  it("refuses to send to a shopper who ordered, and shows why", async () => {
    const checkoutId = await checkoutAfterStepOne();
    const body = editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
      id: "820982911946154508",
      checkout_token: "t1",
      email: "t1@shopper.co",
      test: false,
      created_at: new Date().toISOString(),
      customer: null,
    });
    expect(
      (await callAction(orderAction, signedWebhookRequest({ topic: "orders/create", shop: SHOP_A, body })))
        .status,
    ).toBe(200);

    const response = await act(checkoutId, "send-now");

    expect(await response.json()).toEqual({
      intent: "send-now",
      outcome: "NOT_ACTIVE",
      tone: "warning",
      title: "Not sent.",
      detail: "The sequence is stopped: The shopper placed an order.",
    });
    expect(outboxMessages(checkoutId)).toHaveLength(0);
  });

  it("answers 404 to either action on another shop's checkout, and leaves it alone", async () => {
    await installTestShop(SHOP_A);
    const theirs = await checkoutAfterStepOne(SHOP_B);

    for (const intent of ["stop", "send-now"]) {
      const response = await act(theirs, intent);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: "NOT_FOUND",
        message: "This checkout does not exist in your shop.",
      });
    }
    expect(await prisma.enrollment.findUniqueOrThrow({ where: { checkoutId: theirs } })).toMatchObject({
      status: "ACTIVE",
      nextStep: 2,
    });
    expect(outboxMessages(theirs)).toHaveLength(0);
  });

  it("answers 400 to an unknown action", async () => {
    await installTestShop(SHOP_A);
    const [checkout] = await seedCheckouts(SHOP_A, [
      { updatedAt: new Date(), enrollment: { status: "ACTIVE" } },
    ]);

    const response = await act(checkout?.id as string, "delete-everything");

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: "Unknown action: expected stop or send-now." });
  });

  it("refuses a forged session token and changes nothing", async () => {
    const checkoutId = await checkoutAfterStepOne();
    const forged = await forgedAdminRequest(`/app/checkouts/${checkoutId}`, { shop: SHOP_A });

    const response = await callAction(
      action,
      new Request(forged, { method: "POST", body: new URLSearchParams({ intent: "stop" }) }),
      { id: checkoutId },
    );

    expect(response.status).toBe(401);
    expect(await prisma.enrollment.findUniqueOrThrow({ where: { checkoutId } })).toMatchObject({
      status: "ACTIVE",
    });
  });
});
