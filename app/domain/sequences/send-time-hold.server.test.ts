import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getShopSettings, saveShopSettings, type ShopSettings } from "~/domain/shops";
import { action as redactAction } from "~/routes/webhooks.customers.redact";
import { editFixture } from "../../../test/helpers/fixtures";
import {
  abandonCheckout,
  at,
  enrollmentOf,
  HOUR,
  placeOrder,
  plus,
  tickRecovery,
} from "../../../test/helpers/recovery";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";

/**
 * Send-time optimisation in the engine: a step allowed to wait is held for the shopper's hour, with the
 * reason on the timeline, and a held step is checked again from the start when it comes due: never sent
 * twice, never after an order, an unsubscribe or an erasure that arrived while it waited.
 */

// 10:00 in New York (EST): the first step is due at 11:00, its 12-hour window ends at 23:00.
const T0 = at("2026-11-20T15:00:00Z");
const DUE = plus(T0, HOUR);
// 20:00 in New York.
const EVENING = at("2026-11-21T01:00:00Z");

async function setup(controlPercent = 0, { quietHours = true } = {}) {
  await installTestShop(SHOP_A, { timezone: "America/New_York" });
  const settings = await getShopSettings(SHOP_A);
  const steps = settings.steps.map((step, index) => (index === 0 ? { ...step, sendWindowHours: 12 } : step));
  const audience = {
    ...settings.audience,
    quietHours: { ...settings.audience.quietHours, enabled: quietHours },
  };
  await saveShopSettings(SHOP_A, {
    ...settings,
    steps,
    audience,
    sendTime: { controlPercent },
  } satisfies ShopSettings);
}

/** A shopper who bought four evenings at 20:00 local, and the checkout they abandon today. */
let orderNumber = 5_000_000;

async function eveningShopper(token: string) {
  for (const day of [10, 11, 12, 13])
    await placeOrder(SHOP_A, {
      id: String(++orderNumber),
      createdAt: at(`2026-11-${day + 1}T01:00:00Z`),
      email: `${token}@shopper.co`,
    });
  return abandonCheckout(SHOP_A, { token, updatedAt: T0 });
}

const holdsOf = (checkoutId: string) =>
  prisma.recoveryEvent.findMany({
    where: { shop: SHOP_A, checkoutId, type: "DEFERRED", reason: "DEFERRED_SEND_TIME" },
    select: { step: true, data: true },
  });

describe("holding a step for the shopper's best hour", () => {
  it("holds a step due at 11:00 until 20:00 for a shopper who shops at 20:00, then sends it once", async () => {
    await setup();
    const mailer = createRecordingMailer();
    const checkoutId = await eveningShopper("evening");

    await tickRecovery(SHOP_A, DUE, mailer);
    expect(mailer.delivered).toHaveLength(0);
    expect(await enrollmentOf(SHOP_A, "evening")).toMatchObject({
      sendTimeArm: "OPTIMISED",
      nextStep: 1,
      dueAt: EVENING,
    });
    const [hold] = await holdsOf(checkoutId);
    expect(hold?.step).toBe(1);
    expect(JSON.parse(hold?.data ?? "{}")).toEqual({
      basis: "SHOPPER",
      localHour: 20,
      localTime: "20:00",
      until: EVENING.toISOString(),
    });
    // Nothing moves before the hour, and a second look at it does not hold it again.
    await tickRecovery(SHOP_A, plus(EVENING, -HOUR), mailer);
    expect(mailer.delivered).toHaveLength(0);
    await tickRecovery(SHOP_A, EVENING, mailer);
    await tickRecovery(SHOP_A, plus(EVENING, HOUR), mailer);
    expect(mailer.delivered.map((entry) => entry.message.step)).toEqual([1]);
    expect(await holdsOf(checkoutId)).toHaveLength(1);
    expect(await prisma.recoverySend.findFirstOrThrow({ where: { checkoutId } })).toMatchObject({
      status: "SENT",
      sentAt: EVENING,
    });
  });

  it("sends the control group at the plain delay and holds the others", async () => {
    await setup(50);
    const mailer = createRecordingMailer();
    const tokens = Array.from({ length: 16 }, (_, index) => `shopper-${index}`);
    for (const token of tokens) await abandonCheckout(SHOP_A, { token, updatedAt: T0 });

    await tickRecovery(SHOP_A, DUE, mailer);
    const enrollments = await prisma.enrollment.findMany({
      where: { shop: SHOP_A },
      select: { checkoutId: true, sendTimeArm: true, stepsSent: true },
    });
    const control = enrollments.filter((row) => row.sendTimeArm === "CONTROL");
    const optimised = enrollments.filter((row) => row.sendTimeArm === "OPTIMISED");
    expect(control.length).toBeGreaterThan(0);
    expect(optimised.length).toBeGreaterThan(0);
    expect(control.length + optimised.length).toBe(tokens.length);
    expect(control.every((row) => row.stepsSent === 1)).toBe(true);
    // No shopper history and a new shop: the prior's evening beats 11:00 by more than the margin.
    expect(optimised.every((row) => row.stepsSent === 0)).toBe(true);
    for (const row of optimised)
      expect(JSON.parse((await holdsOf(row.checkoutId))[0]?.data ?? "{}")).toMatchObject({ basis: "PRIOR" });
  });

  it("never holds a step without a window, nor once its window is over", async () => {
    await setup(0, { quietHours: false });
    const mailer = createRecordingMailer();
    await eveningShopper("late");
    // The tick comes after the window (11:00 + 12 h): the step goes at once.
    await tickRecovery(SHOP_A, plus(DUE, 12 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
    // Step 2 has no window: sent when due (here 16:00, past the minimum gap) though 20:00 is the shopper's hour.
    await tickRecovery(SHOP_A, plus(T0, 30 * HOUR), mailer);
    expect(mailer.delivered.map((entry) => entry.message.step)).toEqual([1, 2]);
  });

  it("sends nothing after an order placed while the step was held", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await eveningShopper("buyer");
    await tickRecovery(SHOP_A, DUE, mailer);
    await placeOrder(SHOP_A, {
      id: String(++orderNumber),
      createdAt: plus(DUE, 2 * HOUR),
      checkoutToken: "buyer",
      email: "buyer@shopper.co",
    });
    await tickRecovery(SHOP_A, EVENING, mailer);
    expect(mailer.delivered).toHaveLength(0);
    expect((await enrollmentOf(SHOP_A, "buyer")).status).not.toBe("ACTIVE");
  });

  it("sends nothing to a shopper who unsubscribed while the step was held", async () => {
    await setup();
    const mailer = createRecordingMailer();
    const checkoutId = await eveningShopper("leaver");
    await tickRecovery(SHOP_A, DUE, mailer);
    const { emailHash } = await prisma.checkout.findUniqueOrThrow({ where: { id: checkoutId } });
    await prisma.suppression.create({
      data: { shop: SHOP_A, emailHash: emailHash as string, reason: "UNSUBSCRIBED" },
    });
    await tickRecovery(SHOP_A, EVENING, mailer);
    expect(mailer.delivered).toHaveLength(0);
    expect(await enrollmentOf(SHOP_A, "leaver")).toMatchObject({ status: "STOPPED", reason: "UNSUBSCRIBED" });
  });

  it("sends nothing to a shopper whose data was erased while the step was held", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await eveningShopper("erased");
    await tickRecovery(SHOP_A, DUE, mailer);
    const body = editFixture("customers-redact.shopify-sample-2026-07.json", {
      customer: { id: null, email: "erased@shopper.co", phone: null },
      orders_to_redact: [],
    });
    const response = await callAction(
      redactAction,
      signedWebhookRequest({ topic: "customers/redact", shop: SHOP_A, body }),
    );
    expect(response.status).toBe(200);
    await tickRecovery(SHOP_A, EVENING, mailer);
    expect(mailer.delivered).toHaveLength(0);
  });

  it("sends a held step once when two ticks reach its hour together", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await eveningShopper("twice");
    await tickRecovery(SHOP_A, DUE, mailer);
    await Promise.all([tickRecovery(SHOP_A, EVENING, mailer), tickRecovery(SHOP_A, EVENING, mailer)]);
    expect(mailer.calls()).toBe(1);
    expect(mailer.delivered).toHaveLength(1);
  });
});
