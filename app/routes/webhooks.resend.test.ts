import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { databaseProvider, prisma } from "~/db.server";
import { runAt } from "~/lib/clock.server";
import { env } from "~/lib/env.server";
import { pruneWebhookDeliveries } from "~/lib/webhook-deliveries.server";
import {
  createBatchingTransport,
  createMailer,
  createResendBatchTransport,
  recoverySendBatchKeys,
} from "~/domain/sending";
import { getShopSettings, updateShopSettings } from "~/domain/shops";
import { abandonCheckout, at, HOUR, plus, tickRecovery } from "../../test/helpers/recovery";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { createRecordingMailer } from "../../test/mocks/recording-mailer";
import { loseResendAnswers, resendEmails } from "../../test/mocks/resend";
import { action } from "./webhooks.resend";

const SECRET = "whsec_dGVzdC1yZXNlbmQtd2ViaG9vay1zZWNyZXQ=";
const T0 = at("2026-11-20T12:00:00Z");
let sequence = 0;

function resendEvent(
  type: string,
  emailId: string,
  extra: Record<string, unknown> = {},
  options: { secret?: string; id?: string } = {},
) {
  const body = JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: emailId, ...extra },
  });
  const id = options.id ?? `msg_${++sequence}`;
  const timestamp = new Date();
  const signature = new Webhook(options.secret ?? SECRET).sign(id, timestamp, body);
  return new Request(`${TEST_APP_URL}/webhooks/resend`, {
    method: "POST",
    body,
    headers: {
      "svix-id": id,
      "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "svix-signature": signature,
    },
  });
}

async function sentEmail() {
  await installTestShop(SHOP_A, { timezone: "UTC" });
  const mailer = createRecordingMailer();
  await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
  await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
  return { mailer, send: await prisma.recoverySend.findFirstOrThrow() };
}

describe("POST /webhooks/resend", () => {
  it("answers 401 to a wrong signature and records nothing", async () => {
    const { send } = await sentEmail();
    const response = await callAction(
      action,
      resendEvent(
        "email.bounced",
        send.providerMessageId as string,
        {},
        { secret: "whsec_b3RoZXItc2VjcmV0LXZhbHVlLTEyMzQ1Njc4OQ==" },
      ),
    );
    expect(response.status).toBe(401);
    expect(await prisma.suppression.count()).toBe(0);
  });

  it("records delivered and opened against the send", async () => {
    const { send } = await sentEmail();
    for (const type of ["email.delivered", "email.opened"]) {
      expect((await callAction(action, resendEvent(type, send.providerMessageId as string))).status).toBe(
        200,
      );
    }
    const updated = await prisma.recoverySend.findUniqueOrThrow({ where: { id: send.id } });
    expect(updated.deliveredAt).toBeInstanceOf(Date);
    expect(updated.openedAt).toBeInstanceOf(Date);
  });

  it.each([
    ["a hard bounce", "email.bounced", { bounce: { type: "Permanent", subType: "General" } }, "HARD_BOUNCE"],
    ["a complaint", "email.complained", {}, "COMPLAINT"],
  ])("suppresses the address after %s and stops its sequence", async (_case, type, extra, reason) => {
    const { mailer, send } = await sentEmail();

    await callAction(action, resendEvent(type, send.providerMessageId as string, extra));

    expect(await prisma.suppression.findFirstOrThrow()).toMatchObject({
      shop: SHOP_A,
      emailHash: send.emailHash,
      reason,
    });
    expect(await prisma.enrollment.findFirstOrThrow()).toMatchObject({
      status: "STOPPED",
      reason: "SUPPRESSED",
    });
    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
  });

  it("does not suppress after a soft bounce", async () => {
    const { send } = await sentEmail();
    await callAction(
      action,
      resendEvent("email.bounced", send.providerMessageId as string, { bounce: { type: "Transient" } }),
    );
    expect(await prisma.suppression.count()).toBe(0);
    expect((await prisma.recoverySend.findFirstOrThrow()).bouncedAt).toBeInstanceOf(Date);
  });

  it("applies a redelivery once and acknowledges an unknown email", async () => {
    const { send } = await sentEmail();
    await callAction(
      action,
      resendEvent("email.complained", send.providerMessageId as string, {}, { id: "same" }),
    );
    await prisma.suppression.deleteMany();
    expect(
      (
        await callAction(
          action,
          resendEvent("email.complained", send.providerMessageId as string, {}, { id: "same" }),
        )
      ).status,
    ).toBe(200);
    expect(await prisma.suppression.count()).toBe(0);
    expect((await callAction(action, resendEvent("email.delivered", "unknown-id"))).status).toBe(200);
  });

  it("still recognises a redelivery five days later, after the tick has pruned old delivery records", async () => {
    const { send } = await sentEmail();
    const complaint = () =>
      callAction(
        action,
        resendEvent("email.complained", send.providerMessageId as string, {}, { id: "late" }),
      );
    await runAt(plus(T0, 2 * HOUR), complaint);
    await prisma.suppression.deleteMany();

    await pruneWebhookDeliveries(plus(T0, 5 * 24 * HOUR));
    expect((await runAt(plus(T0, 5 * 24 * HOUR), complaint)).status).toBe(200);
    expect(await prisma.suppression.count()).toBe(0);
  });

  it("answers 400 to a signed body that is not a Resend event", async () => {
    await sentEmail();
    const body = JSON.stringify({ hello: "world" });
    const timestamp = new Date();
    const request = new Request(`${TEST_APP_URL}/webhooks/resend`, {
      method: "POST",
      body,
      headers: {
        "svix-id": "x1",
        "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
        "svix-signature": new Webhook(SECRET).sign("x1", timestamp, body),
      },
    });
    expect((await callAction(action, request)).status).toBe(400);
  });

  /** 100 emails sent over the hour after T0, each with its own address. */
  async function hundredSends() {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const checkout = await abandonCheckout(SHOP_A, { token: "t0", updatedAt: T0 });
    await prisma.recoverySend.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        shop: SHOP_A,
        enrollmentId: `e-${i}`,
        checkoutId: checkout,
        step: 1,
        emailHash: `hash-${i}`,
        status: "SENT",
        idempotencyKey: `k${i}`,
        providerMessageId: `provider-${i}`,
        sentAt: new Date(T0.getTime() + i * 1000),
      })),
    });
  }
  const events = (type: string, count: number, at: Date) =>
    runAt(at, async () => {
      for (let i = 0; i < count; i++)
        await callAction(action, resendEvent(type, `provider-${i}`, { bounce: { type: "Permanent" } }));
    });

  it.each([
    ["10 bounces (10%)", "email.bounced", 10, "BOUNCE_RATE"],
    ["3 complaints (3%)", "email.complained", 3, "COMPLAINT_RATE"],
  ])(
    "pauses the shop's sending at %s of its emails of the last 30 days, and says why",
    async (_case, type, count, reason) => {
      await hundredSends();
      await events(type, count, plus(T0, 2 * HOUR));
      expect((await getShopSettings(SHOP_A)).sending).toMatchObject({
        status: "PAUSED",
        pausedReason: reason,
      });
    },
  );

  it.each([
    ["one complaint (1%: anyone can file one)", "email.complained", 1],
    ["two complaints", "email.complained", 2],
    ["nine bounces (9%)", "email.bounced", 9],
  ])("keeps a small shop sending after %s: too few to judge by", async (_case, type, count) => {
    await hundredSends();
    await events(type, count, plus(T0, 2 * HOUR));
    expect((await getShopSettings(SHOP_A)).sending.status).toBe("ACTIVE");
  });

  it("judges only the last 30 days: complaints about emails of two months ago do not pause today", async () => {
    await hundredSends();
    await events("email.complained", 3, plus(T0, 61 * 24 * HOUR));
    expect((await getShopSettings(SHOP_A)).sending.status).toBe("ACTIVE");
  });

  it("finds the send of each event through an index on the provider's message id, not a scan of every send", async () => {
    // The planner is told to avoid a scan at any cost it can: without an index it still has no other way.
    const sql = `SELECT "id" FROM "RecoverySend" WHERE "providerMessageId" = 'provider-1' LIMIT 1`;
    const plan =
      databaseProvider(env.DATABASE_URL) === "sqlite"
        ? (await prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`))
            .map((step) => step.detail)
            .join("\n")
        : await prisma.$transaction(async (tx) => {
            await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
            const rows = await tx.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ${sql}`);
            return rows.map((row) => row["QUERY PLAN"]).join("\n");
          });
    expect(plan).toMatch(/RecoverySend_providerMessageId_idx/);
    expect(plan).not.toMatch(/SCAN "?RecoverySend"?\b|Seq Scan/);
  });

  describe("an email whose answer from Resend was lost", () => {
    /**
     * Step 1 is accepted by Resend but its answer is lost; the merchant edits the subject before the retry, so
     * the retry's body differs and Resend refuses it as already sent, without the first email's id.
     */
    async function sendWithLostAnswer(beforeRetry: () => Promise<void> = async () => {}) {
      await installTestShop(SHOP_A, { timezone: "UTC" });
      // One request per tick: the lost answer's batch goes again on the next tick, under the key on its send.
      const transport = createBatchingTransport({
        provider: createResendBatchTransport({ apiKey: "re_test" }),
        pacer: {
          acquire: async (deadline) => !deadline.isPast(),
          pause: async () => {},
          pausedForMs: async () => 0,
        },
        batchKeys: recoverySendBatchKeys,
        maxAttempts: 1,
        sleep: async () => {},
      });
      const mailer = createMailer({ transport });
      await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
      loseResendAnswers(1);
      await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
      expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({ status: "RETRY" });
      await beforeRetry();
      await updateShopSettings(SHOP_A, (settings) => ({
        ...settings,
        steps: settings.steps.map((step, i) =>
          i === 0 ? { ...step, subject: "Still thinking it over?" } : step,
        ),
      }));
      await tickRecovery(SHOP_A, plus(T0, 2 * HOUR), mailer);
      expect(resendEmails).toHaveLength(1);
      const [email] = resendEmails;
      return { email: email!, send: await prisma.recoverySend.findFirstOrThrow() };
    }

    it("finds its send by its tag when it bounces, suppresses the address and records Resend's id", async () => {
      const { email, send } = await sendWithLostAnswer();
      expect(send.status).toBe("SENT");

      const bounce = { bounce: { type: "Permanent" }, tags: email.body.tags };
      expect((await callAction(action, resendEvent("email.bounced", email.id, bounce))).status).toBe(200);

      expect(await prisma.suppression.findFirstOrThrow()).toMatchObject({
        shop: SHOP_A,
        emailHash: send.emailHash,
        reason: "HARD_BOUNCE",
      });
      expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({ providerMessageId: email.id });
    });

    it("keeps the id learned from an event that came before the retry, and a later bounce finds it", async () => {
      const { email, send } = await sendWithLostAnswer(async () => {
        const delivered = { tags: [...resendEmails[0]!.body.tags!] };
        await callAction(action, resendEvent("email.delivered", resendEmails[0]!.id, delivered));
      });
      expect(send).toMatchObject({ status: "SENT", providerMessageId: email.id });
      expect(send.deliveredAt).toBeInstanceOf(Date);

      await callAction(action, resendEvent("email.bounced", email.id, { bounce: { type: "Permanent" } }));
      expect(await prisma.suppression.count()).toBe(1);
    });

    it("does not take a send by its tag once its id is known, or once its personal data is gone", async () => {
      const { email, send } = await sendWithLostAnswer();
      const tags = email.body.tags;
      await prisma.recoverySend.update({ where: { id: send.id }, data: { providerMessageId: "re_known" } });
      await callAction(
        action,
        resendEvent("email.bounced", "re_other", { bounce: { type: "Permanent" }, tags }),
      );
      await prisma.recoverySend.update({
        where: { id: send.id },
        data: { providerMessageId: null, emailHash: null },
      });
      await callAction(
        action,
        resendEvent("email.bounced", "re_other", { bounce: { type: "Permanent" }, tags }),
      );
      expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({ providerMessageId: null });
      expect(await prisma.suppression.count()).toBe(0);
    });
  });
});
