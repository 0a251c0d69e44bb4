import { spawn } from "node:child_process";
import { delay, http, HttpResponse } from "msw";
import { describe, expect, inject, it } from "vitest";
import { prisma } from "~/db.server";
import { decryptField, hashEmail } from "~/lib/encryption.server";
import { createGeminiClient } from "~/domain/copy";
import { getRecommendations } from "~/domain/recommendations";
import { composeRecoveryEmail } from "~/domain/email";
import {
  batchKeyFor,
  createBatchingTransport,
  createComposingMailer,
  createResendBatchTransport,
  recoverySendBatchKeys,
  type ProviderPacer,
} from "~/domain/sending";
import { action as checkoutAction } from "~/routes/webhooks.checkouts.update";
import { editFixture } from "./helpers/fixtures";
import { abandonCheckout, at, HOUR, placeOrder, plus, tickEveryShop, tickRecovery } from "./helpers/recovery";
import { createRecordingMailer } from "./mocks/recording-mailer";
import { recordDeliveryEvent } from "~/domain/sequences";
import { getShopSettings, updateShopSettings } from "~/domain/shops";
import { unsubscribe } from "~/domain/consent";
import { unsubscribeToken } from "~/domain/messages";
import { callAction } from "./helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "./helpers/shops";
import { signedWebhookRequest } from "./helpers/webhooks";
import { geminiCalls, geminiErrorAnswer, mockGemini } from "./mocks/gemini";
import { failResendWith, limitResendTo, resendEmails, resendRequests } from "./mocks/resend";
import { mockServer } from "./mocks/server";
import { adminCalls, mockAdminOperation } from "./mocks/shopify-admin";
import { createPercentageDiscountCode } from "./mocks/shopify-discounts";

/**
 * Faults, injected where they happen, and what the shopper ends up with once each clears: exactly one email
 * per step, never none and never two. (A worker killed between claim and send, and after the provider
 * accepted, are in app/domain/sequences/concurrency.server.test.ts.)
 */

const T0 = at("2026-11-10T14:00:00Z");
const MINUTE = 60_000;
const DAY = 24 * HOUR;

/** A request may always start, and a 429's wait is over at once: the mock decides when Resend takes more. */
const instantPacer: ProviderPacer = {
  acquire: async (deadline) => !deadline.isPast(),
  pause: async () => {},
  pausedForMs: async () => 0,
};

/**
 * The app's mailer with the real Resend batch adapter (against the HTTP mock), its emails grouped into batches
 * whose keys are kept on their sends, and, when asked, real Gemini.
 */
function realMailer({
  timeoutMs = 300,
  withAi = false,
  pacer = instantPacer,
  maxAttempts,
}: { timeoutMs?: number; withAi?: boolean; pacer?: ProviderPacer; maxAttempts?: number } = {}) {
  return createComposingMailer({
    compose: (message, { now }) =>
      composeRecoveryEmail(message, {
        emailFrom: "Cartback <recover@cartback.test>",
        recommend: getRecommendations,
        ai: withAi ? createGeminiClient({ apiKey: "test-gemini-key", model: "gemini-test" }) : null,
        now,
      }),
    transport: createBatchingTransport({
      provider: createResendBatchTransport({ apiKey: "re_test", timeoutMs }),
      pacer,
      batchKeys: recoverySendBatchKeys,
      sleep: async () => {},
      ...(maxAttempts ? { maxAttempts } : {}),
    }),
  });
}

/** Each accepted email's send, by the tag Resend carries back in its events. */
const sendTagOf = (email: (typeof resendEmails)[number]) =>
  email.body.tags?.find((tag) => tag.name === "send")?.value;

const resendError = (status: number, name: string) => () =>
  HttpResponse.json({ statusCode: status, name, message: name }, { status });

describe("faults", () => {
  it("Resend answering 429, then 500, then too slowly: sent again as the same batch under one key, delivered once", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    // One request per tick after an unknown answer: the next attempt is the next tick's, from the send's row.
    const mailer = realMailer({ maxAttempts: 1 });
    failResendWith(resendError(429, "rate_limit_exceeded"), resendError(500, "internal_server_error"));
    // The third attempt reaches Resend, which accepts it, but answers after the adapter stopped waiting.
    const acceptSlowly = () =>
      mockServer.use(
        http.post(
          "https://api.resend.com/emails/batch",
          async () => {
            await delay(600);
          },
          { once: true },
        ),
      );
    const outcomes: string[] = [];
    let now = plus(T0, HOUR);
    for (let tick = 0; tick < 8; tick++) {
      await tickRecovery(SHOP_A, now, mailer);
      const send = (await prisma.recoverySend.findFirst()) ?? { status: "DEFERRED", attempts: 0 };
      // A tick before the retry is due changes nothing; the list keeps each new state once.
      if (outcomes.at(-1) !== `${send.status}:${send.attempts}`)
        outcomes.push(`${send.status}:${send.attempts}`);
      if (send.status === "SENT") break;
      if (send.attempts === 1) acceptSlowly();
      now = plus(now, 30 * MINUTE);
      await delay(700);
    }
    // The 429 is no failed attempt (the batch went again within the tick): the 500 is the first, the slow
    // answer the second, and the third is answered as a repeat of the batch Resend accepted.
    expect(outcomes).toEqual(["RETRY:1", "RETRY:2", "SENT:3"]);
    const send = await prisma.recoverySend.findFirstOrThrow();
    expect(resendRequests.map((request) => request.idempotencyKey)).toEqual(
      Array.from({ length: 4 }, () => batchKeyFor([send.idempotencyKey])),
    );
    expect(resendEmails).toHaveLength(1);
    expect(send.providerMessageId).toBe(resendEmails[0]?.id);
  }, 30_000);

  it("Gemini failing and timing out: the email goes out once, with the templates' copy", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await abandonCheckout(SHOP_A, { token: "t2", updatedAt: T0, email: "second@shopper.co" });
    let calls = 0;
    mockGemini(async () => {
      calls += 1;
      if (calls === 1) return geminiErrorAnswer(503, "The model is overloaded.");
      await delay(4_000); // past the 3 s the copy writer waits
      return geminiErrorAnswer(500);
    });
    await tickRecovery(SHOP_A, plus(T0, HOUR), realMailer({ withAi: true, timeoutMs: 5_000 }));
    expect(geminiCalls.length).toBeGreaterThanOrEqual(2);
    expect(resendEmails).toHaveLength(2);
    for (const email of resendEmails) expect(email.body.text).toMatch(/you left .* in your cart/i);
    expect(await prisma.recoverySend.count({ where: { status: "SENT" } })).toBe(2);
  }, 30_000);

  it("the Admin API throttling while a discount code is made: retried, one code, one email with it", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0, lines: [[1, "Tent", "250.00", 1]] });
    const mailer = realMailer();
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    let throttled = 0;
    mockAdminOperation("CreatePercentageDiscountCode", (call) => {
      throttled += 1;
      return throttled <= 2
        ? HttpResponse.json({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] })
        : createPercentageDiscountCode(call);
    });
    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    expect(throttled).toBeGreaterThanOrEqual(2);
    const codes = await prisma.discountCode.findMany({ where: { shop: SHOP_A } });
    expect(codes.length).toBeGreaterThan(0);
    expect(resendEmails).toHaveLength(2);
    for (const code of codes) expect(resendEmails[1]!.body.text).toContain(code.code);
    expect(adminCalls.filter((call) => call.operationName === "CreatePercentageDiscountCode").length).toBe(
      throttled,
    );
  }, 30_000);

  it("an Admin API call that never answers: the tick goes on, the step is retried, one code, one email", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0, lines: [[1, "Tent", "250.00", 1]] });
    await abandonCheckout(SHOP_A, { token: "t2", updatedAt: T0, lines: [[1, "Tent", "250.00", 1]] });
    const mailer = realMailer();
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    let hung = 0;
    // Step 2 carries a code: making it in Shopify hangs for good (the first call of the tick), then works.
    mockAdminOperation("CreatePercentageDiscountCode", async (call) => {
      if (hung++ === 0) await delay("infinite");
      return createPercentageDiscountCode(call);
    });
    const quick = { adminCalls: { attemptTimeoutMs: 200, sleep: async () => {} } };
    const counts = await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer, quick);
    expect(counts).toMatchObject({ step_SENT: 2 });
    // The hung attempt was abandoned and made again; each step has one code and one email with it.
    const codes = await prisma.discountCode.findMany({ where: { shop: SHOP_A } });
    expect(new Set(codes.map((code) => code.enrollmentId)).size).toBe(2);
    expect(resendEmails).toHaveLength(4);
    for (const email of resendEmails.slice(2))
      expect(codes.some((code) => email.body.text?.includes(code.code))).toBe(true);
  }, 30_000);

  it("an Admin API that hangs on every call: the send gives up within its budget and is retried next tick", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0, lines: [[1, "Tent", "250.00", 1]] });
    const mailer = realMailer();
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    mockAdminOperation("CreatePercentageDiscountCode", async () => {
      await delay("infinite");
      return HttpResponse.json({});
    });
    const quick = { adminCalls: { attemptTimeoutMs: 100, sleep: async () => {} } };
    expect(await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer, quick)).toMatchObject({
      step_RETRYING: 1,
    });
    const send = await prisma.recoverySend.findFirstOrThrow({ where: { step: 2 } });
    expect(send).toMatchObject({ status: "RETRY", attempts: 1 });
    expect(send.reason).toMatch(/no answer within 100 ms/);
    expect(resendEmails).toHaveLength(1);
  }, 30_000);

  it("the database locked in the middle of a tick: the tick waits for it, then sends each step once", async () => {
    await installTestShop(SHOP_A);
    for (const token of ["t1", "t2", "t3"])
      await abandonCheckout(SHOP_A, { token, updatedAt: T0, email: `${token}@shopper.co` });
    const release = await lockWrites(1_500);
    const mailer = realMailer({ timeoutMs: 5_000 });
    const started = Date.now();
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await release.done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    await tickRecovery(SHOP_A, plus(T0, HOUR + MINUTE), mailer);
    expect(resendEmails.map((email) => email.body.to).sort()).toEqual([
      "t1@shopper.co",
      "t2@shopper.co",
      "t3@shopper.co",
    ]);
    expect(await prisma.recoverySend.count({ where: { status: "SENT" } })).toBe(3);
  }, 30_000);

  it("a backlog at the provider's rate limit: every email once, none given up, no request past the limit", async () => {
    await installTestShop(SHOP_A);
    for (let index = 0; index < 300; index++)
      await abandonCheckout(SHOP_A, { token: `backlog-${index}`, updatedAt: T0 });
    // Resend's 429 closes the deployment's budget until the next tick (its wait outlasts the tick).
    let isPaused = false;
    const pacer: ProviderPacer = {
      acquire: async (deadline) => !isPaused && !deadline.isPast(),
      pause: async () => void (isPaused = true),
      pausedForMs: async () => 0,
    };
    const mailer = realMailer({ pacer });
    const requestsPerTick: number[] = [];
    let now = plus(T0, HOUR);
    for (let tick = 0; tick < 14 && resendEmails.length < 300; tick++) {
      // Resend takes 30 requests in the half hour between ticks; past them it answers 429.
      limitResendTo(30);
      isPaused = false;
      const before = resendRequests.length;
      await tickRecovery(SHOP_A, now, mailer);
      requestsPerTick.push(resendRequests.length - before);
      now = plus(now, 30 * MINUTE);
    }

    expect(resendEmails).toHaveLength(300);
    expect(new Set(resendEmails.map(sendTagOf)).size).toBe(300);
    expect(await prisma.recoverySend.count({ where: { status: "SENT" } })).toBe(300);
    expect(await prisma.enrollment.count({ where: { status: "STOPPED" } })).toBe(0);
    // After the first 429 of a tick, only the batches already in flight reach Resend (one per step in flight
    // at most: 50); the rest wait for the next tick.
    for (const requests of requestsPerTick) expect(requests).toBeLessThanOrEqual(30 + 50);
    expect(requestsPerTick.length).toBeLessThanOrEqual(11);
  }, 120_000);

  it("a complaint storm: one complaint changes nothing, a storm pauses the shop, and nothing is lost on resume", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    for (let index = 0; index < 120; index++)
      await abandonCheckout(SHOP_A, { token: `storm-${index}`, updatedAt: T0 });
    const mailer = createRecordingMailer();
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    expect(mailer.delivered).toHaveLength(120);
    const sends = await prisma.recoverySend.findMany({
      select: { providerMessageId: true },
      orderBy: { id: "asc" },
    });
    const complain = async (index: number, at: Date) =>
      recordDeliveryEvent(
        { type: "email.complained", data: { email_id: sends[index]?.providerMessageId as string } },
        { svixId: `storm-event-${index}`, now: at },
      );

    expect(await complain(0, plus(T0, 2 * HOUR))).toBe("SUPPRESSED");
    expect((await getShopSettings(SHOP_A)).sending.status).toBe("ACTIVE");
    // Four more within the hour: the third complaint (2.5% of 120 emails) crosses 0.3% with at least three.
    const outcomes = [];
    for (let index = 1; index <= 4; index++) outcomes.push(await complain(index, plus(T0, 3 * HOUR)));
    expect(outcomes).toEqual(["SUPPRESSED", "PAUSED", "SUPPRESSED", "SUPPRESSED"]);
    expect((await getShopSettings(SHOP_A)).sending).toMatchObject({
      status: "PAUSED",
      pausedReason: "COMPLAINT_RATE",
    });

    // Paused through step 2's time: nothing goes out, nothing is ended, and a new checkout waits.
    await abandonCheckout(SHOP_A, { token: "while-paused", updatedAt: plus(T0, 20 * HOUR) });
    await tickRecovery(SHOP_A, plus(T0, 25 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(120);
    expect(await prisma.enrollment.count({ where: { status: "ACTIVE" } })).toBe(115);
    expect(await prisma.enrollment.count({ where: { status: "STOPPED", reason: "SUPPRESSED" } })).toBe(5);

    await updateShopSettings(SHOP_A, (settings) => ({
      ...settings,
      sending: { status: "ACTIVE", pausedReason: null, pausedAt: null },
    }));
    await tickRecovery(SHOP_A, plus(T0, 26 * HOUR), mailer);
    const afterResume = mailer.delivered.slice(120).map((email) => `${email.message.step}`);
    expect(afterResume.filter((step) => step === "2")).toHaveLength(115);
    expect(afterResume.filter((step) => step === "1")).toHaveLength(1);
    expect(new Set(mailer.delivered.map((email) => email.idempotencyKey)).size).toBe(mailer.delivered.length);
  }, 60_000);

  it("a poison row (a field that no longer decrypts, a shop's settings that no longer parse) costs only itself", async () => {
    const tamper = (envelope: string | null) => `${envelope?.slice(0, -4)}AAAA`;
    const SHOP_C = "shop-c.myshopify.com";
    for (const shop of [SHOP_A, SHOP_B, SHOP_C]) await installTestShop(shop, { timezone: "UTC" });
    // Shop A: one good checkout, one whose address no longer decrypts (read to decide the enrolment), one whose
    // first name no longer does (read to write the email); shop B's settings no longer parse; shop C, after
    // both, is served as usual.
    await abandonCheckout(SHOP_A, { token: "good", updatedAt: T0 });
    const badAddress = await abandonCheckout(SHOP_A, { token: "bad-address", updatedAt: T0 });
    const badName = await abandonCheckout(SHOP_A, { token: "bad-name", updatedAt: T0 });
    await abandonCheckout(SHOP_B, { token: "b1", updatedAt: T0 });
    await abandonCheckout(SHOP_C, { token: "c1", updatedAt: T0 });
    const [address, name] = await Promise.all(
      [badAddress, badName].map((id) => prisma.checkout.findUniqueOrThrow({ where: { id } })),
    );
    await prisma.checkout.update({
      where: { id: badAddress },
      data: { email: tamper(address?.email ?? null) },
    });
    await prisma.checkout.update({
      where: { id: badName },
      data: { firstName: tamper(name?.firstName ?? null) },
    });
    await prisma.shopSettings.update({ where: { shop: SHOP_B }, data: { data: "{ not json" } });
    const mailer = createRecordingMailer();

    for (const minutes of [90, 120, 150]) {
      const counts = await tickEveryShop(plus(T0, minutes * MINUTE), mailer);
      expect(counts.shops_failed, `tick at +${minutes} min`).toBe(1);
    }

    expect(mailer.delivered.map((email) => email.message.to).sort()).toEqual([
      "c1@shopper.co",
      "good@shopper.co",
    ]);
    const unreadable = await prisma.enrollment.findMany({
      where: { checkoutId: { in: [badAddress, badName] } },
      select: { checkoutId: true, status: true, reason: true },
    });
    expect(unreadable).toEqual(
      expect.arrayContaining([
        { checkoutId: badAddress, status: "SKIPPED", reason: "UNREADABLE_DATA" },
        { checkoutId: badName, status: "STOPPED", reason: "UNREADABLE_DATA" },
      ]),
    );
    expect(
      await prisma.recoveryEvent.count({
        where: { shop: SHOP_A, type: "STOPPED", reason: "UNREADABLE_DATA" },
      }),
    ).toBe(1);
  });

  it("a redelivery storm (ten copies of each update, out of order) leaves what one ordered delivery leaves", async () => {
    await installTestShop(SHOP_A);
    const versions = [1, 2, 3, 4, 5].map((minute) =>
      editFixture("checkouts-update.shopify-sample-2026-07.json", {
        token: "storm",
        cart_token: "storm-cart",
        email: `v${minute}@shopper.co`,
        updated_at: new Date(T0.getTime() + minute * MINUTE).toISOString(),
      }),
    );
    const deliveries = versions.flatMap((body, index) =>
      Array.from({ length: 10 }, () => ({ body, webhookId: `wh-${index}` })),
    );
    // A fixed shuffle: later versions arrive before earlier ones, copies interleaved.
    deliveries.sort(
      (a, b) =>
        ((a.webhookId.charCodeAt(3) * 7 + a.body.length) % 5) -
        ((b.webhookId.charCodeAt(3) * 7 + b.body.length) % 5),
    );
    const statuses = await Promise.all(
      deliveries.map(({ body, webhookId }) =>
        callAction(
          checkoutAction,
          signedWebhookRequest({ topic: "checkouts/update", shop: SHOP_A, body, webhookId }),
        ).then((response) => response.status),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    const stormed = await prisma.checkout.findFirstOrThrow({ where: { token: "storm" } });

    await prisma.checkout.deleteMany();
    await prisma.webhookDelivery.deleteMany();
    await callAction(
      checkoutAction,
      signedWebhookRequest({
        topic: "checkouts/update",
        shop: SHOP_A,
        body: versions[4]!,
        webhookId: "single",
      }),
    );
    const single = await prisma.checkout.findFirstOrThrow({ where: { token: "storm" } });
    // Sealed fields differ by their random IVs; what they hold must not.
    const comparable = (row: typeof single) => {
      const {
        id: _id,
        createdAt: _created,
        updatedAt: _updated,
        email,
        firstName,
        recoveryUrl,
        ...rest
      } = row;
      return { ...rest, sealed: [email, firstName, recoveryUrl].map((field) => decryptField(SHOP_A, field)) };
    };
    expect(comparable(stormed)).toEqual(comparable(single));
    expect(await prisma.checkout.count()).toBe(1);
  }, 30_000);
});

/**
 * Disorder: Shopify promises no order of delivery and retries a failed one for up to 48 hours, so an order can
 * arrive before the checkout it ends, and anything can land while a tick is composing an email.
 */
describe("disorder", () => {
  const ordered = async (token: string) =>
    prisma.checkout.findUniqueOrThrow({
      where: { shop_token: { shop: SHOP_A, token } },
      select: { orderedAt: true },
    });

  it("an order delivered before its checkout's webhook ends the checkout: no sequence, no email", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await placeOrder(SHOP_A, {
      id: "9001",
      checkoutToken: "t1",
      email: "t1@shopper.co",
      createdAt: plus(T0, 20 * MINUTE),
    });
    // The checkout's own update, delivered late (a retry), still says it is open.
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    const mailer = realMailer();

    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await tickRecovery(SHOP_A, plus(T0, 25 * HOUR), mailer);

    expect(resendEmails).toHaveLength(0);
    expect((await ordered("t1")).orderedAt?.toISOString()).toBe(plus(T0, 20 * MINUTE).toISOString());
    expect(await prisma.enrollment.count()).toBe(0);
  });

  it("so does an earlier-delivered order of the same shopper through another checkout, by email or customer", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await placeOrder(SHOP_A, {
      id: "9002",
      checkoutToken: "other-1",
      email: "t1@shopper.co",
      createdAt: plus(T0, 10 * MINUTE),
    });
    await placeOrder(SHOP_A, {
      id: "9003",
      checkoutToken: "other-2",
      customerId: "4242",
      createdAt: plus(T0, 10 * MINUTE),
    });
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await abandonCheckout(SHOP_A, { token: "t2", updatedAt: T0, customerId: "4242" });
    // Bought before this checkout began: that order does not end it.
    await placeOrder(SHOP_A, {
      id: "9004",
      checkoutToken: "old",
      email: "t3@shopper.co",
      createdAt: plus(T0, -DAY),
    });
    await abandonCheckout(SHOP_A, { token: "t3", updatedAt: T0 });

    await tickRecovery(SHOP_A, plus(T0, HOUR), realMailer());

    expect(resendEmails.map((email) => email.body.to)).toEqual(["t3@shopper.co"]);
    for (const token of ["t1", "t2"]) expect((await ordered(token)).orderedAt, token).not.toBeNull();
    expect((await ordered("t3")).orderedAt).toBeNull();
  });

  it("an order landing while the step's discount code is being made stops that email", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0, lines: [[1, "Tent", "250.00", 1]] });
    const mailer = realMailer();
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    mockAdminOperation("CreatePercentageDiscountCode", async (call) => {
      await placeOrder(SHOP_A, {
        id: "9005",
        checkoutToken: "t1",
        email: "t1@shopper.co",
        createdAt: plus(T0, 24 * HOUR),
      });
      return createPercentageDiscountCode(call);
    });

    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);

    expect(resendEmails).toHaveLength(1);
    expect(await prisma.recoverySend.findFirstOrThrow({ where: { step: 2 } })).toMatchObject({
      status: "SKIPPED",
      reason: "ORDERED",
    });
  });

  it("an unsubscribe landing while the step's discount code is being made stops that email", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0, lines: [[1, "Tent", "250.00", 1]] });
    const mailer = realMailer();
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    mockAdminOperation("CreatePercentageDiscountCode", async (call) => {
      await unsubscribe(unsubscribeToken(SHOP_A, hashEmail(SHOP_A, "t1@shopper.co")), {
        now: plus(T0, 24 * HOUR),
      });
      return createPercentageDiscountCode(call);
    });

    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);

    expect(resendEmails).toHaveLength(1);
    expect(await prisma.recoverySend.findFirstOrThrow({ where: { step: 2 } })).toMatchObject({
      status: "SKIPPED",
      reason: "UNSUBSCRIBED",
    });
  });
});

/**
 * Holds the database's write lock for `ms` from another process (SQLite: BEGIN IMMEDIATE; PostgreSQL: a table
 * lock), as another writer or a backup would. Another process, because SQLite calls block this one's event
 * loop while they wait, so a lock held here could never be released.
 */
async function lockWrites(ms: number): Promise<{ done: Promise<void> }> {
  const database = inject("testDatabase");
  const url = process.env.DATABASE_URL as string;
  const script =
    database.provider === "sqlite"
      ? `const D=require("better-sqlite3");const d=new D(process.argv[1]);d.exec("BEGIN IMMEDIATE");console.log("locked");setTimeout(()=>{d.exec("COMMIT");d.close()},${ms})`
      : `const {Client}=require("pg");const c=new Client({connectionString:process.argv[1]});c.connect().then(()=>c.query('BEGIN; LOCK TABLE "RecoverySend", "Enrollment" IN EXCLUSIVE MODE')).then(()=>{console.log("locked");setTimeout(()=>c.query("COMMIT").then(()=>c.end()),${ms})})`;
  const holder = spawn(
    process.execPath,
    ["-e", script, database.provider === "sqlite" ? url.replace(/^file:/, "") : url],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    holder.stdout?.once("data", () => resolve());
    holder.once("exit", (code) => reject(new Error(`the lock holder exited (${code})`)));
  });
  return { done: new Promise((resolve) => holder.once("exit", () => resolve())) };
}
