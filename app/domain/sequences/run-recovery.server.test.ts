import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { MessageChannel } from "~/domain/messages";
import { defaultShopSettings, getShopSettings, saveShopSettings } from "~/domain/shops";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { editFixture } from "../../../test/helpers/fixtures";
import { abandonCheckout, at, enrollmentOf, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { NO_DEADLINE } from "../../../test/helpers/deadlines";

// Noon UTC, in a shop on UTC time: outside the default quiet hours (21:00-08:00) unless a test says otherwise.
const T0 = at("2026-11-20T12:00:00Z");

async function setup(changes: Record<string, unknown> = {}, shop = SHOP_A) {
  await installTestShop(shop, { timezone: "UTC" });
  if (Object.keys(changes).length > 0)
    await saveShopSettings(shop, { ...(await getShopSettings(shop)), ...changes });
}

async function changeSettings(
  shop: string,
  change: (settings: Awaited<ReturnType<typeof getShopSettings>>) => unknown,
) {
  await saveShopSettings(shop, change(await getShopSettings(shop)));
}

async function placeOrder(
  shop: string,
  checkoutToken: string,
  createdAt: Date,
  email = `${checkoutToken}@shopper.co`,
) {
  const body = editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
    id: String(Math.floor(Math.random() * 1e12)),
    checkout_token: checkoutToken,
    email,
    test: false,
    created_at: createdAt.toISOString(),
    customer: null,
  });
  expect(
    (await callAction(orderAction, signedWebhookRequest({ topic: "orders/create", shop, body }))).status,
  ).toBe(200);
}

describe("the recovery sequence (time travel)", () => {
  it("sends the default three steps at 1 h, 24 h and 72 h after the last activity, the offer on steps 2 and 3", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });

    await tickRecovery(SHOP_A, plus(T0, 59 * 60_000), mailer);
    expect(mailer.delivered).toHaveLength(0);
    expect(await prisma.enrollment.count()).toBe(0);

    await tickRecovery(SHOP_A, plus(T0, 1 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
    expect(mailer.delivered[0]?.message).toMatchObject({
      step: 1,
      offer: null,
      subject: "You left something in your cart",
      to: "t1@shopper.co",
    });

    await tickRecovery(SHOP_A, plus(T0, 23 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    const step2 = mailer.delivered[1]?.message;
    expect(step2).toMatchObject({ step: 2, offer: { percentOff: 10, freeShipping: true } });
    expect(step2?.offer?.codes).toHaveLength(2);

    await tickRecovery(SHOP_A, plus(T0, 72 * HOUR), mailer);
    const step3 = mailer.delivered[2]?.message;
    expect(step3).toMatchObject({ step: 3, offer: { percentOff: 10 } });
    // Later steps reuse the checkout's codes while they are valid.
    expect(step3?.offer?.codes).toEqual(step2?.offer?.codes);

    await tickRecovery(SHOP_A, plus(T0, 200 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(3);
    expect(await enrollmentOf(SHOP_A, "t1")).toMatchObject({
      status: "COMPLETED",
      stepsSent: 3,
      nextStep: null,
    });
    expect(mailer.keys()).toEqual(
      [1, 2, 3].map((step) => `cartback:${SHOP_A}:${mailer.delivered[0]?.message.checkoutId}:step-${step}`),
    );
  });

  it.each([
    ["a shopper who did not accept marketing", { acceptsMarketing: false }, "NOT_SUBSCRIBED"],
    ["Google's shopping crawler", { email: "crawler@storebotmail.joonix.net" }, "BOT_ADDRESS"],
    ["a reserved test address", { email: "qa@example.com" }, "TEST_CHECKOUT"],
  ] as const)("skips %s with a named reason and sends nothing", async (_case, options, reason) => {
    await setup();
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0, ...options });

    await tickRecovery(SHOP_A, plus(T0, 80 * HOUR), mailer);

    expect(mailer.delivered).toHaveLength(0);
    expect(await enrollmentOf(SHOP_A, "t1")).toMatchObject({ status: "SKIPPED", reason });
    expect(await prisma.recoveryEvent.findFirst({ where: { type: "SKIPPED" } })).toMatchObject({ reason });
  });

  it("skips unsubscribed, bounced and blocked addresses", async () => {
    await setup({ audience: { ...defaultShopSettings("USD").audience, blockedDomains: ["blocked.co"] } });
    const mailer = createRecordingMailer();
    const unsubscribed = await abandonCheckout(SHOP_A, { token: "u1", updatedAt: T0 });
    const bounced = await abandonCheckout(SHOP_A, { token: "b1", updatedAt: T0 });
    await abandonCheckout(SHOP_A, { token: "x1", email: "someone@mail.blocked.co", updatedAt: T0 });
    for (const [id, reason] of [
      [unsubscribed, "UNSUBSCRIBED"],
      [bounced, "HARD_BOUNCE"],
    ] as const) {
      const { emailHash } = await prisma.checkout.findUniqueOrThrow({ where: { id } });
      await prisma.suppression.create({ data: { shop: SHOP_A, emailHash: emailHash as string, reason } });
    }

    await tickRecovery(SHOP_A, plus(T0, 2 * HOUR), mailer);

    expect(mailer.delivered).toHaveLength(0);
    expect(await enrollmentOf(SHOP_A, "u1")).toMatchObject({ reason: "UNSUBSCRIBED" });
    expect(await enrollmentOf(SHOP_A, "b1")).toMatchObject({ reason: "SUPPRESSED" });
    expect(await enrollmentOf(SHOP_A, "x1")).toMatchObject({ reason: "BLOCKED_ADDRESS" });
  });

  it("never floods old checkouts: past the maximum age a checkout is skipped as too old", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "old", updatedAt: plus(T0, -8 * 24 * HOUR) });
    await abandonCheckout(SHOP_A, { token: "recent", updatedAt: plus(T0, -6 * 24 * HOUR) });

    await tickRecovery(SHOP_A, T0, mailer);

    expect(await enrollmentOf(SHOP_A, "old")).toMatchObject({ status: "SKIPPED", reason: "TOO_OLD" });
    expect(await enrollmentOf(SHOP_A, "recent")).toMatchObject({ status: "ACTIVE" });
  });

  it("waits out quiet hours in the shop's time zone, then sends", async () => {
    await installTestShop(SHOP_A, { timezone: "America/New_York" });
    const mailer = createRecordingMailer();
    // Last activity 21:30 in New York (02:30 UTC): step 1 falls due at 22:30 local, inside 21:00-08:00.
    const lastActivity = at("2026-11-21T02:30:00Z");
    await abandonCheckout(SHOP_A, { token: "night", updatedAt: lastActivity });

    await tickRecovery(SHOP_A, plus(lastActivity, HOUR), mailer);
    expect(mailer.delivered).toHaveLength(0);
    const deferred = await enrollmentOf(SHOP_A, "night");
    expect(deferred.dueAt?.toISOString()).toBe("2026-11-21T13:00:00.000Z"); // 08:00 in New York
    expect(await prisma.recoveryEvent.findFirst({ where: { type: "DEFERRED" } })).toMatchObject({
      reason: "DEFERRED_QUIET_HOURS",
    });

    await tickRecovery(SHOP_A, at("2026-11-21T12:59:00Z"), mailer);
    expect(mailer.delivered).toHaveLength(0);
    await tickRecovery(SHOP_A, at("2026-11-21T13:00:00Z"), mailer);
    expect(mailer.delivered).toHaveLength(1);
  });

  it("starts at most one sequence per shopper per cooldown, and never two emails within 16 hours", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "first", email: "jane@shopper.co", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await abandonCheckout(SHOP_A, {
      token: "second",
      email: "jane@shopper.co",
      updatedAt: plus(T0, 2 * HOUR),
    });

    await tickRecovery(SHOP_A, plus(T0, 3 * HOUR), mailer);
    expect(await enrollmentOf(SHOP_A, "second")).toMatchObject({
      status: "SKIPPED",
      reason: "FREQUENCY_CAP",
    });

    // Without a cooldown a new sequence may start once the first has ended (here by an order), but its first
    // email still waits until 16 hours after the last one.
    await changeSettings(SHOP_A, (settings) => ({
      ...(settings as object),
      audience: { ...(settings as { audience: object }).audience, sequenceCooldownDays: 0 },
    }));
    await placeOrder(SHOP_A, "first", plus(T0, 3 * HOUR), "jane@shopper.co");
    await abandonCheckout(SHOP_A, {
      token: "third",
      email: "jane@shopper.co",
      updatedAt: plus(T0, 4 * HOUR),
    });
    await tickRecovery(SHOP_A, plus(T0, 5 * HOUR), mailer);

    expect(await enrollmentOf(SHOP_A, "third")).toMatchObject({ status: "ACTIVE" });
    expect(mailer.delivered).toHaveLength(1);
    expect((await enrollmentOf(SHOP_A, "third")).dueAt?.toISOString()).toBe(
      plus(T0, 17 * HOUR).toISOString(),
    );
    expect(
      await prisma.recoveryEvent.findFirst({ where: { type: "DEFERRED", reason: "DEFERRED_FREQUENCY" } }),
    ).not.toBeNull();
    // T0 + 17 h is 05:00 UTC, inside the quiet hours, so it goes out at 08:00.
    await tickRecovery(SHOP_A, plus(T0, 17 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
    await tickRecovery(SHOP_A, plus(T0, 20 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(2);
  });

  it("restarts the timing when the checkout is updated after enrolment, and shows the current cart", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0, lines: [[1, "Linen shirt", "40.00", 1]] });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);

    const updatedAt = plus(T0, 2 * HOUR);
    await abandonCheckout(SHOP_A, {
      token: "t1",
      updatedAt,
      lines: [
        [1, "Linen shirt", "40.00", 1],
        [2, "Wool scarf", "80.00", 1],
      ],
    });
    await tickRecovery(SHOP_A, plus(T0, 3 * HOUR), mailer);
    const restarted = await enrollmentOf(SHOP_A, "t1");
    expect(restarted).toMatchObject({ status: "ACTIVE", nextStep: 2, anchorAt: updatedAt });
    expect(restarted.dueAt?.toISOString()).toBe(plus(updatedAt, 24 * HOUR).toISOString());

    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
    await tickRecovery(SHOP_A, plus(updatedAt, 24 * HOUR), mailer);
    const step2 = mailer.delivered[1]?.message;
    expect(step2?.lines.map((line) => line.title)).toEqual(["Linen shirt", "Wool scarf"]);
    expect(step2?.subtotal).toEqual({ amountMinor: 12000, currency: "USD" });
    // 120.00 reaches the 100 tier: 10% and free shipping.
    expect(step2?.offer).toMatchObject({ percentOff: 10, freeShipping: true });
  });

  it("completes the sequences from before versions that a shortened sequence leaves without a next step, so later checkouts are not capped for good", async () => {
    await setup({ sequenceCooldownDays: 1 });
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0, customerId: "77" });
    await abandonCheckout(SHOP_A, { token: "t2", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    expect(mailer.delivered).toHaveLength(2);
    // Enrolments pinned to a version keep it (sequence-versions.server.test.ts); these stand for ones made
    // before versions existed, which read the shop's current steps.
    await prisma.enrollment.updateMany({ where: { shop: SHOP_A }, data: { sequenceVersionId: null } });
    // The merchant keeps only the first step; t1 is then updated (a restart), t2 is not.
    await changeSettings(SHOP_A, (settings) => ({ ...settings, steps: settings.steps.slice(0, 1) }));
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: plus(T0, 2 * HOUR), customerId: "77" });

    await tickRecovery(SHOP_A, plus(T0, 3 * HOUR), mailer);

    for (const token of ["t1", "t2"]) {
      expect(await enrollmentOf(SHOP_A, token), token).toMatchObject({
        status: "COMPLETED",
        nextStep: null,
        dueAt: null,
      });
    }
    const ended = await prisma.recoveryEvent.findMany({
      where: { type: "COMPLETED" },
      select: { reason: true },
    });
    expect(ended.map((event) => event.reason)).toEqual(["SEQUENCE_SHORTENED", "SEQUENCE_SHORTENED"]);
    // Two days on, the same shopper's new checkout starts a sequence of its own.
    await abandonCheckout(SHOP_A, { token: "t3", updatedAt: plus(T0, 50 * HOUR), customerId: "77" });
    await tickRecovery(SHOP_A, plus(T0, 51 * HOUR), mailer);
    // Its one step is sent (and that finishes it): not skipped by the frequency cap.
    expect(await enrollmentOf(SHOP_A, "t3")).toMatchObject({ status: "COMPLETED", stepsSent: 1 });
    expect(mailer.delivered).toHaveLength(3);
  });

  it("sends nothing after an order placed between two steps", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await placeOrder(SHOP_A, "t1", plus(T0, 5 * HOUR));

    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    await tickRecovery(SHOP_A, plus(T0, 72 * HOUR), mailer);

    expect(mailer.delivered).toHaveLength(1);
    expect(await enrollmentOf(SHOP_A, "t1")).toMatchObject({ status: "STOPPED", reason: "ORDERED" });
  });

  it("re-checks right before sending: a shopper who unsubscribed after enrolment gets nothing more", async () => {
    await setup();
    const mailer = createRecordingMailer();
    const id = await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const { emailHash } = await prisma.checkout.findUniqueOrThrow({ where: { id } });
    await prisma.suppression.create({
      data: { shop: SHOP_A, emailHash: emailHash as string, reason: "UNSUBSCRIBED" },
    });

    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);

    expect(mailer.delivered).toHaveLength(1);
    expect(await enrollmentOf(SHOP_A, "t1")).toMatchObject({ status: "STOPPED", reason: "UNSUBSCRIBED" });
    expect(await prisma.recoverySend.findFirst({ where: { step: 2 } })).toMatchObject({
      status: "SKIPPED",
      reason: "UNSUBSCRIBED",
    });
  });

  it("holds every sequence while sending is paused and goes on after the resume; stops when the shop uninstalls", async () => {
    await setup();
    await installTestShop(SHOP_B, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "a1", updatedAt: T0 });
    await abandonCheckout(SHOP_B, { token: "b1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, 2 * HOUR), mailer);
    await tickRecovery(SHOP_B, plus(T0, 2 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(2);

    await changeSettings(SHOP_A, (settings) => ({
      ...(settings as object),
      sending: { status: "PAUSED", pausedReason: "MERCHANT", pausedAt: T0.toISOString() },
    }));
    await prisma.shop.update({ where: { domain: SHOP_B }, data: { installState: "UNINSTALLED" } });
    await prisma.session.deleteMany({ where: { shop: SHOP_B } });

    await tickRecovery(SHOP_A, plus(T0, 30 * HOUR), mailer);
    const { runRecovery } = await import("./run-recovery.server");
    const { adminGraphqlFor } = await import("~/shopify.server");
    await runRecovery({
      now: plus(T0, 30 * HOUR),
      mailer,
      adminFor: adminGraphqlFor,
      appUrl: "https://x",
      deadline: NO_DEADLINE,
    });

    expect(mailer.delivered).toHaveLength(2);
    expect(await enrollmentOf(SHOP_B, "b1")).toMatchObject({ status: "STOPPED", reason: "SHOP_UNINSTALLED" });
    // Paused: step 2 of a1 waits, and a checkout abandoned meanwhile is not decided yet.
    await abandonCheckout(SHOP_A, { token: "a2", updatedAt: plus(T0, 28 * HOUR) });
    await tickRecovery(SHOP_A, plus(T0, 36 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(2);
    expect(await enrollmentOf(SHOP_A, "a1")).toMatchObject({ status: "ACTIVE", nextStep: 2 });
    expect(await prisma.enrollment.count({ where: { checkout: { token: "a2" } } })).toBe(0);

    await changeSettings(SHOP_A, (settings) => ({
      ...(settings as object),
      sending: { status: "ACTIVE", pausedReason: null, pausedAt: null },
    }));
    // 09:00 the next morning, after the quiet hours.
    await tickRecovery(SHOP_A, plus(T0, 45 * HOUR), mailer);
    expect(mailer.delivered.map((email) => `${email.message.to} ${email.message.step}`).sort()).toEqual([
      "a1@shopper.co 1",
      "a1@shopper.co 2",
      "a2@shopper.co 1",
      "b1@shopper.co 1",
    ]);
  });

  it("leaves out items that cannot be bought any more, and stops when none is left", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, {
      token: "t1",
      updatedAt: T0,
      lines: [
        [1, "Linen shirt", "40.00", 1],
        [2, "Wool scarf", "80.00", 1],
      ],
    });
    await abandonCheckout(SHOP_A, { token: "t2", updatedAt: T0, lines: [[2, "Wool scarf", "80.00", 1]] });
    await prisma.product.create({
      data: {
        shop: SHOP_A,
        productId: "2",
        handle: "wool-scarf",
        title: "Wool scarf",
        description: "",
        tags: "[]",
        status: "ACTIVE",
        currency: "USD",
        priceMinMinor: 8000,
        priceMaxMinor: 8000,
        availableForSale: false,
        shopifyUpdatedAt: T0,
      },
    });

    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);

    expect(mailer.delivered.map((entry) => entry.message.lines.map((line) => line.title))).toEqual([
      ["Linen shirt"],
    ]);
    expect(await enrollmentOf(SHOP_A, "t2")).toMatchObject({
      status: "STOPPED",
      reason: "NOTHING_AVAILABLE",
    });
  });

  it("holds out the configured share: enrolled and tracked, never emailed", async () => {
    await setup({ holdoutPercent: 50 });
    const mailer = createRecordingMailer();
    for (let i = 0; i < 40; i++) await abandonCheckout(SHOP_A, { token: `h${i}`, updatedAt: T0 });

    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);

    const heldOut = await prisma.enrollment.count({ where: { status: "HOLDOUT", arm: "HOLDOUT" } });
    expect(heldOut).toBeGreaterThan(5);
    expect(heldOut).toBeLessThan(35);
    expect(mailer.delivered).toHaveLength(40 - heldOut);
  });

  it("gives each checkout the offer of its offer test arm: none, the tier, or free shipping only", async () => {
    await setup({ offerArms: ["NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"] });
    const mailer = createRecordingMailer();
    for (let i = 0; i < 30; i++) await abandonCheckout(SHOP_A, { token: `o${i}`, updatedAt: T0 });

    await tickRecovery(SHOP_A, plus(T0, 1 * HOUR), mailer);
    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);

    const enrollments = await prisma.enrollment.findMany({
      where: { shop: SHOP_A },
      select: { id: true, checkoutId: true, offerArm: true },
    });
    const armOf = new Map(enrollments.map((row) => [row.checkoutId, row.offerArm]));
    expect(new Set(armOf.values())).toEqual(new Set(["NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"]));
    const offers = mailer.delivered.filter((email) => email.message.step === 2);
    expect(offers).toHaveLength(30);
    for (const { message } of offers) {
      const arm = armOf.get(message.checkoutId);
      if (arm === "NO_DISCOUNT") expect(message.offer, arm).toBeNull();
      if (arm === "TIER_DISCOUNT")
        expect(message.offer, arm).toMatchObject({ percentOff: 10, freeShipping: true });
      if (arm === "FREE_SHIPPING") {
        expect(message.offer, arm).toMatchObject({ percentOff: 0, freeShipping: true });
        expect(message.offer?.codes, arm).toHaveLength(1);
      }
    }
    // A reminder without a code is the arm's offer, not a failure: the step is plainly sent.
    const noDiscount = enrollments.filter((row) => row.offerArm === "NO_DISCOUNT").map((row) => row.id);
    expect(
      await prisma.recoverySend.findMany({
        where: { enrollmentId: { in: noDiscount }, step: 2 },
        select: { outcome: true, hasOffer: true },
      }),
    ).toEqual(noDiscount.map(() => ({ outcome: "SENT", hasOffer: false })));
    expect(
      await prisma.discountCode.count({ where: { shop: SHOP_A, enrollmentId: { in: noDiscount } } }),
    ).toBe(0);
  });

  // The draw is random, so shoppers of another language are in every variant alike: their sends stay in the
  // experiment (the rest of the variant, its design and offer, did go out).
  it("records the subject that went out, and keeps a localized send in its drawn variant", async () => {
    await setup();
    await changeSettings(SHOP_A, (settings) => ({
      ...settings,
      steps: settings.steps.map((step, index) =>
        index === 0 ? { ...step, variants: [{ ...step, subject: "Still thinking?" }] } : step,
      ),
    }));
    const recording = createRecordingMailer();
    // As the composing mailer answers for a German shopper: the copy's subject instead of the merchant's.
    const mailer: MessageChannel = {
      async send(message, options) {
        const result = await recording.send(message, options);
        const german = message.checkoutId === germanCheckoutId;
        return result.ok ? { ...result, subject: german ? "Noch unentschlossen?" : message.subject } : result;
      },
    };
    const germanCheckoutId = await abandonCheckout(SHOP_A, { token: "german", updatedAt: T0 });
    const englishCheckoutId = await abandonCheckout(SHOP_A, { token: "english", updatedAt: T0 });

    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const sendOf = async (checkoutId: string) =>
      prisma.recoverySend.findFirstOrThrow({
        where: { shop: SHOP_A, checkoutId },
        select: { subject: true, subjectVariant: true, experimentKey: true, template: true },
      });
    const german = await sendOf(germanCheckoutId);
    expect(german).toMatchObject({ subject: "Noch unentschlossen?", template: "PRODUCT" });
    expect(german.subjectVariant).toMatch(/^[AB]$/);
    const english = await sendOf(englishCheckoutId);
    expect(english.subjectVariant).toMatch(/^[AB]$/);
    expect(english.experimentKey).toMatch(/^x[0-9a-f]{15}$/);
    expect(german.experimentKey).toBe(english.experimentKey);
    expect(english.subject).toBe(
      english.subjectVariant === "A" ? "You left something in your cart" : "Still thinking?",
    );
  });

  it("retries a retryable failure with backoff and stops on a permanent one, with the reason", async () => {
    await setup();
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "retry", updatedAt: T0 });
    mailer.failNext({ ok: false, retryable: true, reason: "Resend answered 503" });

    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const send = await prisma.recoverySend.findFirstOrThrow();
    expect(send).toMatchObject({ status: "RETRY", reason: "Resend answered 503", attempts: 1 });
    expect(send.nextAttemptAt?.toISOString()).toBe(plus(T0, HOUR + 60_000).toISOString());
    await tickRecovery(SHOP_A, plus(T0, HOUR + 30_000), mailer);
    expect(mailer.delivered).toHaveLength(0);
    await tickRecovery(SHOP_A, plus(T0, HOUR + 60_000), mailer);
    expect(mailer.delivered).toHaveLength(1);
    expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({ status: "SENT", attempts: 2 });

    await abandonCheckout(SHOP_A, { token: "permanent", updatedAt: T0 });
    mailer.failNext({ ok: false, retryable: false, reason: "Resend answered 422: invalid recipient" });
    await tickRecovery(SHOP_A, plus(T0, 2 * HOUR), mailer);
    expect(await enrollmentOf(SHOP_A, "permanent")).toMatchObject({
      status: "STOPPED",
      reason: "SEND_FAILED",
    });
  });

  it("sends more than one page of due steps in a tick, past a step left waiting for its retry", async () => {
    await setup();
    const mailer = createRecordingMailer();
    for (let index = 0; index < 230; index++) {
      await abandonCheckout(SHOP_A, { token: `page-${index}`, updatedAt: plus(T0, index * 1000) });
    }
    mailer.failNext({ ok: false, retryable: true, reason: "Resend answered 503" });

    const counts = await tickRecovery(SHOP_A, plus(T0, 2 * HOUR), mailer);
    expect(counts).toMatchObject({ step_SENT: 229, step_RETRYING: 1 });
    expect(new Set(mailer.keys()).size).toBe(229);
    expect(await prisma.recoverySend.count({ where: { status: "RETRY" } })).toBe(1);
  });

  it("sends one of two due steps to the same address in one batch, and defers the other by the gap", async () => {
    await setup({ audience: { ...defaultShopSettings("USD").audience, sequenceCooldownDays: 0 } });
    const mailer = createRecordingMailer();
    for (const token of ["same-1", "same-2"]) {
      const checkoutId = await abandonCheckout(SHOP_A, { token, email: "jane@shopper.co", updatedAt: T0 });
      const { emailHash } = await prisma.checkout.findUniqueOrThrow({ where: { id: checkoutId } });
      // Two live sequences for one address (enrolment itself would not start the second one).
      await prisma.enrollment.create({
        data: {
          shop: SHOP_A,
          checkoutId,
          emailHash,
          status: "ACTIVE",
          arm: "TREATMENT",
          anchorAt: T0,
          enrolledAt: plus(T0, HOUR),
          nextStep: 1,
          dueAt: plus(T0, HOUR),
        },
      });
    }

    const counts = await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
    expect(counts).toMatchObject({ step_SENT: 1, step_DEFERRED_FREQUENCY: 1 });
  });
});
