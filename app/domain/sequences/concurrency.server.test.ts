import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { MessageChannel } from "~/domain/messages";
import { abandonCheckout, at, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { abandonCheckoutsEach } from "../../../test/helpers/many-shops";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { claimStep, DEFAULT_LEASE_MS, MAX_CLAIM_ATTEMPTS } from "./claim-step.server";

const T0 = at("2026-11-20T12:00:00Z");

const dueCount = (now: Date) => prisma.enrollment.count({ where: { status: "ACTIVE", dueAt: { lte: now } } });

describe("concurrent ticks", () => {
  it("send each (checkout, step) exactly once with four ticks at once over 1,000 due checkouts", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await abandonCheckoutsEach([SHOP_A], T0, "concurrent", 1000);
    const mailer = createRecordingMailer();
    const now = plus(T0, HOUR);

    // Rounds of four simultaneous ticks until nothing is due, as overlapping crons would run them.
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: 4 }, () => tickRecovery(SHOP_A, now, mailer)));
      if ((await dueCount(now)) === 0 && (await prisma.checkout.count({ where: { enrollment: null } })) === 0)
        break;
    }

    expect(new Set(mailer.keys()).size).toBe(1000);
    expect(mailer.delivered).toHaveLength(1000);
    // Not only delivered once: the mailer was asked once per step.
    expect(mailer.calls()).toBe(1000);
    expect(await prisma.recoverySend.count({ where: { status: "SENT", step: 1 } })).toBe(1000);
    expect(await prisma.enrollment.count({ where: { status: "ACTIVE", nextStep: 2 } })).toBe(1000);
  }, 120_000);

  it("sends a step once after the lease of a worker that died between claim and send", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    const now = plus(T0, HOUR);
    await tickRecovery(SHOP_A, plus(T0, 30 * 60_000), mailer); // not due yet: nothing enrolled
    // Enrol, then claim the step as a worker that is killed before it sends anything.
    const { enrollCandidates } = await import("./enroll-candidates.server");
    const { loadShopContext } = await import("./shop-context.server");
    await enrollCandidates((await loadShopContext(SHOP_A))!, { now });
    const enrollment = await prisma.enrollment.findFirstOrThrow();
    const dead = await claimStep({ ...enrollment, nextStep: 1 }, { now });
    expect(dead.claimed).toBe(true);

    await tickRecovery(SHOP_A, plus(now, DEFAULT_LEASE_MS - 1000), mailer);
    expect(mailer.calls()).toBe(0);

    await tickRecovery(SHOP_A, plus(now, DEFAULT_LEASE_MS + 1000), mailer);
    await tickRecovery(SHOP_A, plus(now, DEFAULT_LEASE_MS + 60_000), mailer);
    expect(mailer.delivered).toHaveLength(1);
    expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("never delivers twice when a worker dies after the provider accepted the email but before recording it", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const inner = createRecordingMailer();
    let killOnce = true;
    const dying: MessageChannel = {
      async send(message, options) {
        const result = await inner.send(message, options);
        if (killOnce) {
          killOnce = false;
          throw new Error("process killed after the provider accepted the email");
        }
        return result;
      },
    };
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });

    await tickRecovery(SHOP_A, plus(T0, HOUR), dying);
    expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({ status: "CLAIMED" });
    await tickRecovery(SHOP_A, plus(T0, HOUR + DEFAULT_LEASE_MS + 1000), dying);

    expect(inner.calls()).toBe(2);
    expect(inner.delivered).toHaveLength(1);
    expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({
      status: "SENT",
      providerMessageId: "msg_1",
    });
  });

  it("gives a step up after six attempts without an outcome: FAILED, the sequence stopped, both on the timeline", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const crashing: MessageChannel = {
      async send() {
        throw new Error("the worker stops here every time");
      },
    };
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    let now = plus(T0, HOUR);
    for (let tick = 1; tick <= MAX_CLAIM_ATTEMPTS; tick++) {
      await tickRecovery(SHOP_A, now, crashing);
      expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({
        status: "CLAIMED",
        attempts: tick,
      });
      now = plus(now, DEFAULT_LEASE_MS + 1000);
    }

    await tickRecovery(SHOP_A, now, crashing);
    await tickRecovery(SHOP_A, plus(now, DEFAULT_LEASE_MS + 1000), crashing);

    expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({
      status: "FAILED",
      outcome: "FAILED_PERMANENT",
      attempts: MAX_CLAIM_ATTEMPTS,
      reason: "the step stopped 6 times without an outcome",
    });
    expect(await prisma.enrollment.findFirstOrThrow()).toMatchObject({
      status: "STOPPED",
      reason: "SEND_FAILED",
    });
    expect(await prisma.recoveryEvent.findFirst({ where: { type: "FAILED" } })).toMatchObject({
      step: 1,
      reason: "the step stopped 6 times without an outcome",
    });
  });

  it("never takes a step over past the provider's 24-hour idempotency window: it fails instead of risking a second email", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const inner = createRecordingMailer();
    const dyingAfterAccepted: MessageChannel = {
      async send(message, options) {
        await inner.send(message, options);
        throw new Error("process killed after the provider accepted the email");
      },
    };
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), dyingAfterAccepted);
    expect(inner.calls()).toBe(1);

    // The scheduler was down for a day; the provider has forgotten the key by now.
    await tickRecovery(SHOP_A, plus(T0, 25 * HOUR), inner);

    expect(inner.calls()).toBe(1);
    expect(await prisma.recoverySend.findFirstOrThrow()).toMatchObject({ status: "FAILED", attempts: 1 });
    expect((await prisma.recoverySend.findFirstOrThrow()).reason).toMatch(/idempotency window/);
  });
});
