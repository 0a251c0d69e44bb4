import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { updateShopSettings } from "~/domain/shops";
import { adminGraphqlFor } from "~/shopify.server";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { editFixture } from "../../../test/helpers/fixtures";
import { abandonCheckout, at, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { callAction } from "../../../test/helpers/routes";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { adminCalls, mockAdminOperation } from "../../../test/mocks/shopify-admin";
import { FLOW_TRIGGERS } from "./flow-triggers";
import { queueFlowTrigger } from "./queue-flow-trigger.server";
import { sendFlowTriggers } from "./send-flow-triggers.server";
import { NO_DEADLINE } from "../../../test/helpers/deadlines";

const NOW = at("2026-11-10T15:00:00Z");
const send = (now: Date) => sendFlowTriggers({ now, adminFor: adminGraphqlFor, deadline: NO_DEADLINE });
const flowCalls = () => adminCalls.filter((call) => call.operationName === "FlowTriggerReceive");

async function queueOne(checkoutId = "checkout-1") {
  await prisma.$transaction((tx) =>
    queueFlowTrigger(tx, SHOP_A, {
      handle: FLOW_TRIGGERS.CHECKOUT_ABANDONED,
      checkoutId,
      payload: { "Checkout value": 10, Currency: "USD" },
      now: NOW,
    }),
  );
}

describe("Flow triggers", () => {
  it("fire 'Checkout abandoned' when a sequence starts, never for the holdout, once per checkout", async () => {
    await installTestShop(SHOP_A);
    await updateShopSettings(SHOP_A, (settings) => ({ ...settings, holdoutPercent: 50 }));
    const tokens = Array.from({ length: 12 }, (_, index) => `flow-${index}`);
    for (const token of tokens)
      await abandonCheckout(SHOP_A, {
        token,
        updatedAt: at("2026-11-10T12:00:00Z"),
        customerId: "7300000001",
      });
    const mailer = createRecordingMailer();
    await tickRecovery(SHOP_A, NOW, mailer);
    await tickRecovery(SHOP_A, plus(NOW, 60_000), mailer);

    const enrollments = await prisma.enrollment.findMany({
      where: { shop: SHOP_A },
      select: { checkoutId: true, arm: true },
    });
    const treatment = enrollments
      .filter((row) => row.arm === "TREATMENT")
      .map((row) => row.checkoutId)
      .sort();
    expect(treatment.length).toBeGreaterThan(0);
    expect(treatment.length).toBeLessThan(12);
    const triggers = await prisma.flowTrigger.findMany({ where: { shop: SHOP_A } });
    expect(triggers.map((row) => row.checkoutId).sort()).toEqual(treatment);
    expect(triggers.every((row) => row.handle === FLOW_TRIGGERS.CHECKOUT_ABANDONED)).toBe(true);
    expect(JSON.parse(triggers[0]!.payload)).toMatchObject({ Currency: "USD", customer_id: 7300000001 });

    expect(await send(NOW)).toEqual({ SENT: treatment.length });
    expect(flowCalls()).toHaveLength(treatment.length);
    expect(flowCalls()[0]!.variables).toMatchObject({ handle: "checkout-abandoned" });
    expect(await send(plus(NOW, HOUR))).toEqual({});
  });

  it("fire 'Checkout recovered' for an order credited to the emails, with the step it came after", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, {
      token: "won-back",
      updatedAt: at("2026-11-10T12:00:00Z"),
      customerId: "7300000009",
    });
    const mailer = createRecordingMailer();
    await tickRecovery(SHOP_A, NOW, mailer);
    expect(mailer.delivered).toHaveLength(1);
    const order = editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
      id: 820982911946154500,
      checkout_token: "won-back",
      cart_token: null,
      created_at: plus(NOW, 2 * HOUR).toISOString(),
      test: false,
    });
    const delivered = await callAction(
      orderAction,
      signedWebhookRequest({ topic: "orders/create", shop: SHOP_A, body: order }),
    );
    expect(delivered.status).toBe(200);

    const recovered = await prisma.flowTrigger.findFirstOrThrow({
      where: { handle: FLOW_TRIGGERS.CHECKOUT_RECOVERED },
    });
    expect(JSON.parse(recovered.payload)).toMatchObject({
      "Step reached": 1,
      "Recovery method": "CHECKOUT_TOKEN",
      Currency: "USD",
      customer_id: 7300000009,
    });
    expect(recovered.createdAt).toEqual(plus(NOW, 2 * HOUR));
  });

  it("retry a failure Shopify may get over, without sending anything twice", async () => {
    await installTestShop(SHOP_A);
    await queueOne();
    mockAdminOperation("FlowTriggerReceive", () =>
      HttpResponse.json({ errors: "unavailable" }, { status: 503 }),
    );
    expect(await send(NOW)).toEqual({ RETRY_LATER: 1 });
    const waiting = await prisma.flowTrigger.findFirstOrThrow();
    expect(waiting).toMatchObject({ attempts: 1, sentAt: null, failedAt: null });
    expect(waiting.nextAttemptAt).toEqual(plus(NOW, 60_000));
    // Not due yet: nothing is tried.
    expect(await send(plus(NOW, 30_000))).toEqual({});

    mockAdminOperation("FlowTriggerReceive", () => ({ data: { flowTriggerReceive: { userErrors: [] } } }));
    expect(await send(plus(NOW, 61_000))).toEqual({ SENT: 1 });
    expect(await prisma.flowTrigger.findFirstOrThrow()).toMatchObject({ attempts: 2, lastError: null });
  });

  it("keep a trigger Shopify refuses with its reason, and do not retry it", async () => {
    await installTestShop(SHOP_A);
    await queueOne();
    mockAdminOperation("FlowTriggerReceive", () => ({
      data: { flowTriggerReceive: { userErrors: [{ field: ["handle"], message: "Invalid handle" }] } },
    }));
    expect(await send(NOW)).toEqual({ FAILED: 1 });
    expect(await prisma.flowTrigger.findFirstOrThrow()).toMatchObject({
      failedAt: NOW,
      lastError: "Invalid handle",
    });
    expect(await send(plus(NOW, 24 * HOUR))).toEqual({});
  });

  it("give up after the last retry", async () => {
    await installTestShop(SHOP_A);
    await queueOne();
    mockAdminOperation("FlowTriggerReceive", () => HttpResponse.json({ errors: "down" }, { status: 500 }));
    let now = NOW;
    const outcomes = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      outcomes.push(Object.keys(await send(now))[0] ?? "NOTHING_DUE");
      now = plus(now, 24 * HOUR);
    }
    expect(outcomes).toEqual([
      "RETRY_LATER",
      "RETRY_LATER",
      "RETRY_LATER",
      "RETRY_LATER",
      "RETRY_LATER",
      "FAILED",
      "NOTHING_DUE",
      "NOTHING_DUE",
    ]);
  });

  it("are claimed, so two ticks at once send each trigger once", async () => {
    await installTestShop(SHOP_A);
    for (let index = 0; index < 20; index++) await queueOne(`checkout-${index}`);
    const [first, second] = await Promise.all([send(NOW), send(NOW)]);
    expect((first.SENT ?? 0) + (second.SENT ?? 0)).toBe(20);
    expect(flowCalls()).toHaveLength(20);
    expect(new Set(flowCalls().map((call) => JSON.stringify(call.variables))).size).toBeGreaterThan(0);
    expect(await prisma.flowTrigger.count({ where: { sentAt: null } })).toBe(0);
  });
});
