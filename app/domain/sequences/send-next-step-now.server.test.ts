import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { unsubscribe } from "~/domain/consent";
import { unsubscribeToken } from "~/domain/messages";
import { claimStep } from "~/domain/sequences";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { isAppError } from "~/lib/app-error";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { adminGraphqlFor } from "~/shopify.server";
import { seedCheckouts } from "../../../test/helpers/checkouts";
import { editFixture } from "../../../test/helpers/fixtures";
import { abandonCheckout, at, enrollmentOf, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { signedWebhookRequest, TEST_APP_URL } from "../../../test/helpers/webhooks";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { adminCalls } from "../../../test/mocks/shopify-admin";
import { describeSendNextStepOutcome } from "~/domain/checkouts";
import { sendNextStepNow } from "./send-next-step-now.server";

// Noon UTC in a shop on UTC time: outside the default quiet hours (21:00-08:00).
const T0 = at("2026-11-20T12:00:00Z");

/** A checkout whose sequence sent step 1 an hour after the abandonment; step 2 is due a day after it. */
async function afterStepOne(
  mailer = createRecordingMailer(),
  { shop = SHOP_A, token = "t1", timezone = "UTC", abandonedAt = T0 } = {},
) {
  await installTestShop(shop, { timezone });
  const checkoutId = await abandonCheckout(shop, { token, updatedAt: abandonedAt });
  await tickRecovery(shop, plus(abandonedAt, HOUR), mailer);
  expect(mailer.delivered).toHaveLength(1);
  return { checkoutId, mailer };
}

async function sendNow(
  checkoutId: string,
  now: Date,
  mailer: ReturnType<typeof createRecordingMailer>,
  shop = SHOP_A,
) {
  return sendNextStepNow(shop, checkoutId, {
    now,
    mailer,
    graphql: await adminGraphqlFor(shop),
    appUrl: TEST_APP_URL,
  });
}

async function placeOrder(shop: string, checkoutToken: string, createdAt: Date) {
  const body = editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
    id: "820982911946154508",
    checkout_token: checkoutToken,
    email: `${checkoutToken}@shopper.co`,
    test: false,
    created_at: createdAt.toISOString(),
    customer: null,
  });
  const response = await callAction(
    orderAction,
    signedWebhookRequest({ topic: "orders/create", shop, body }),
  );
  expect(response.status).toBe(200);
}

/** What a refusal must leave as it was. */
async function snapshot(checkoutId: string) {
  const [enrollment, sends, events] = await Promise.all([
    prisma.enrollment.findUniqueOrThrow({ where: { checkoutId } }),
    prisma.recoverySend.findMany({ where: { checkoutId }, orderBy: { step: "asc" } }),
    prisma.recoveryEvent.count({ where: { checkoutId } }),
  ]);
  return { enrollment, sends, events };
}

describe("sendNextStepNow: through the engine's path", () => {
  it("sends step 2 at once, with its offer, and records it like a scheduled send", async () => {
    const { checkoutId, mailer } = await afterStepOne();
    const now = plus(T0, 2 * HOUR);

    const result = await sendNow(checkoutId, now, mailer);

    expect(result).toEqual({ outcome: "SENT", step: 2 });
    expect(describeSendNextStepOutcome(result).title).toBe("Step 2 was sent.");
    const delivered = mailer.delivered[1];
    expect(delivered?.message).toMatchObject({ step: 2, to: "t1@shopper.co", offer: { percentOff: 10 } });
    expect(delivered?.message.offer?.codes).toHaveLength(2);
    expect(delivered?.idempotencyKey).toBe(`cartback:${SHOP_A}:${checkoutId}:step-2`);
    // The codes were made with the merchant's Admin API.
    expect(adminCalls.filter((call) => call.shop === SHOP_A).map((call) => call.operationName)).toEqual(
      expect.arrayContaining(["CreatePercentageDiscountCode", "CreateFreeShippingDiscountCode"]),
    );
    expect(await prisma.recoverySend.findFirstOrThrow({ where: { checkoutId, step: 2 } })).toMatchObject({
      status: "SENT",
      outcome: "SENT",
      sentAt: now,
      hasOffer: true,
    });
    expect(
      await prisma.recoveryEvent.findFirst({ where: { checkoutId, type: "SENT", step: 2 } }),
    ).toMatchObject({ at: now });
    expect(await enrollmentOf(SHOP_A, "t1")).toMatchObject({
      status: "ACTIVE",
      stepsSent: 2,
      nextStep: 3,
      dueAt: plus(T0, 72 * HOUR),
    });

    // The tick that follows has nothing to send: step 2 is done and step 3 is not due.
    await tickRecovery(SHOP_A, plus(now, 60_000), mailer);
    expect(mailer.delivered).toHaveLength(2);
  });

  it("waives the 16-hour gap and quiet hours: the merchant's explicit now", async () => {
    // A shop in New York; step 1 at 13:00 local, "send now" at 23:00 local, inside the quiet hours and ten
    // hours after step 1.
    const { checkoutId, mailer } = await afterStepOne(createRecordingMailer(), {
      timezone: "America/New_York",
      abandonedAt: at("2026-11-20T17:00:00Z"),
    });
    const now = at("2026-11-21T04:00:00Z");

    expect(await sendNow(checkoutId, now, mailer)).toEqual({ outcome: "SENT", step: 2 });
    expect(mailer.delivered.map((entry) => entry.message.step)).toEqual([1, 2]);
    expect(await prisma.recoveryEvent.count({ where: { checkoutId, type: "DEFERRED" } })).toBe(0);
  });

  it("takes over a step waiting for its retry, and counts the attempt", async () => {
    const { checkoutId, mailer } = await afterStepOne();
    mailer.failNext({ ok: false, retryable: true, reason: "Resend answered 503" });

    const failed = await sendNow(checkoutId, plus(T0, 2 * HOUR), mailer);
    expect(failed).toEqual({
      outcome: "RETRYING",
      step: 2,
      reason: "Resend answered 503",
      nextAttemptLabel: "Nov 20, 2026, 2:01 PM UTC",
    });
    expect(describeSendNextStepOutcome(failed)).toMatchObject({
      tone: "warning",
      title: "Step 2 could not be sent yet; it will be retried automatically.",
    });

    // Thirty seconds later, before the retry's time: the merchant's "now" is the retry.
    const retried = await sendNow(checkoutId, plus(T0, 2 * HOUR + 30_000), mailer);
    expect(retried).toEqual({ outcome: "SENT", step: 2 });
    expect(await prisma.recoverySend.findFirstOrThrow({ where: { checkoutId, step: 2 } })).toMatchObject({
      status: "SENT",
      attempts: 2,
    });
    expect(mailer.delivered).toHaveLength(2);
  });

  it("says so when sending fails permanently, and the sequence stops as it would on schedule", async () => {
    const { checkoutId, mailer } = await afterStepOne();
    mailer.failNext({ ok: false, retryable: false, reason: "Resend answered 422: invalid recipient" });

    const result = await sendNow(checkoutId, plus(T0, 2 * HOUR), mailer);

    expect(result).toEqual({ outcome: "FAILED", step: 2, reason: "Resend answered 422: invalid recipient" });
    expect(describeSendNextStepOutcome(result).tone).toBe("critical");
    expect(await enrollmentOf(SHOP_A, "t1")).toMatchObject({ status: "STOPPED", reason: "SEND_FAILED" });
  });

  it("does not send a step another worker holds right now", async () => {
    const { checkoutId, mailer } = await afterStepOne();
    const enrollment = await enrollmentOf(SHOP_A, "t1");
    const held = await claimStep({ ...enrollment, nextStep: 2 }, { now: plus(T0, 2 * HOUR) });
    expect(held.claimed).toBe(true);

    expect(await sendNow(checkoutId, plus(T0, 2 * HOUR + 1_000), mailer)).toEqual({
      outcome: "BUSY",
      step: 2,
    });
    expect(mailer.delivered).toHaveLength(1);
  });
});

describe("sendNextStepNow: what it never waives", () => {
  it("refuses a checkout whose shopper ordered, with the reason, and sends nothing", async () => {
    const { checkoutId, mailer } = await afterStepOne();
    await placeOrder(SHOP_A, "t1", plus(T0, 3 * HOUR));

    const result = await sendNow(checkoutId, plus(T0, 4 * HOUR), mailer);

    expect(result).toEqual({ outcome: "NOT_ACTIVE", why: "STOPPED", reason: "ORDERED" });
    expect(describeSendNextStepOutcome(result)).toMatchObject({
      title: "Not sent.",
      detail: "The sequence is stopped: The shopper placed an order.",
    });
    expect(mailer.delivered).toHaveLength(1);
    expect(await prisma.recoverySend.count({ where: { checkoutId, step: 2 } })).toBe(0);
  });

  it("refuses a shopper who unsubscribed through the email's link", async () => {
    const { checkoutId, mailer } = await afterStepOne();
    const { emailHash } = await prisma.checkout.findUniqueOrThrow({ where: { id: checkoutId } });
    expect(
      await unsubscribe(unsubscribeToken(SHOP_A, emailHash as string), { now: plus(T0, 3 * HOUR) }),
    ).toBe("UNSUBSCRIBED");

    const result = await sendNow(checkoutId, plus(T0, 4 * HOUR), mailer);

    expect(result).toEqual({ outcome: "NOT_ACTIVE", why: "STOPPED", reason: "UNSUBSCRIBED" });
    expect(describeSendNextStepOutcome(result).detail).toBe(
      "The sequence is stopped: The shopper unsubscribed.",
    );
    expect(mailer.delivered).toHaveLength(1);
  });

  it.each([
    [
      "an address that bounced while the sequence was active",
      async (checkoutId: string) => {
        const { emailHash } = await prisma.checkout.findUniqueOrThrow({ where: { id: checkoutId } });
        await prisma.suppression.create({
          data: { shop: SHOP_A, emailHash: emailHash as string, reason: "HARD_BOUNCE" },
        });
      },
      "SUPPRESSED",
    ],
    [
      "paused sending",
      async () => {
        const settings = await getShopSettings(SHOP_A);
        await saveShopSettings(SHOP_A, {
          ...settings,
          sending: { status: "PAUSED", pausedReason: "MERCHANT", pausedAt: T0.toISOString() },
        });
      },
      "SENDING_PAUSED",
    ],
    [
      "an uninstalled app",
      async () => {
        await prisma.shop.update({ where: { domain: SHOP_A }, data: { installState: "UNINSTALLED" } });
      },
      "SHOP_UNINSTALLED",
    ],
    [
      "a shopper who withdrew consent",
      async (checkoutId: string) => {
        const { emailHash } = await prisma.checkout.findUniqueOrThrow({ where: { id: checkoutId } });
        await prisma.marketingConsent.create({
          data: {
            shop: SHOP_A,
            emailHash: emailHash as string,
            state: "NOT_SUBSCRIBED",
            consentUpdatedAt: plus(T0, 90 * 60_000),
          },
        });
      },
      "NOT_SUBSCRIBED",
    ],
  ] as const)("refuses %s and changes nothing", async (_case, arrange, reason) => {
    const { checkoutId, mailer } = await afterStepOne();
    await arrange(checkoutId);
    const before = await snapshot(checkoutId);

    const result = await sendNow(checkoutId, plus(T0, 2 * HOUR), mailer);

    expect(result).toEqual({ outcome: "REFUSED", step: 2, reason });
    expect(describeSendNextStepOutcome(result)).toMatchObject({
      tone: "critical",
      detail: "Nothing was sent and the sequence was not changed.",
    });
    expect(mailer.delivered).toHaveLength(1);
    expect(await snapshot(checkoutId)).toEqual(before);
  });

  it("never emails the holdout group, nor a sequence that finished", async () => {
    await installTestShop(SHOP_A);
    const mailer = createRecordingMailer();
    const [holdout, finished] = await seedCheckouts(SHOP_A, [
      { updatedAt: T0, enrollment: { status: "HOLDOUT", arm: "HOLDOUT" } },
      { updatedAt: T0, enrollment: { status: "COMPLETED", stepsSent: 3 } },
    ]);

    expect(await sendNow(holdout?.id as string, plus(T0, HOUR), mailer)).toEqual({
      outcome: "NOT_ACTIVE",
      why: "HOLDOUT",
      reason: null,
    });
    expect(await sendNow(finished?.id as string, plus(T0, HOUR), mailer)).toMatchObject({
      outcome: "NOT_ACTIVE",
      why: "FINISHED",
    });
    expect(mailer.calls()).toBe(0);
  });

  it("does not find another shop's checkout, and leaves it alone", async () => {
    const { checkoutId: otherShops, mailer } = await afterStepOne(createRecordingMailer(), { shop: SHOP_B });
    await installTestShop(SHOP_A);
    const before = await snapshot(otherShops);

    const error = await sendNow(otherShops, plus(T0, 2 * HOUR), mailer, SHOP_A).catch(
      (thrown: unknown) => thrown,
    );

    expect(isAppError(error) && error.code).toBe("NOT_FOUND");
    expect(mailer.delivered).toHaveLength(1);
    expect(await snapshot(otherShops)).toEqual(before);
  });
});
