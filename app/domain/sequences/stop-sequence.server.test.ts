import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { isAppError } from "~/lib/app-error";
import { seedCheckouts } from "../../../test/helpers/checkouts";
import { abandonCheckout, at, enrollmentOf, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { describeStopOutcome } from "~/domain/checkouts";
import { stopSequence } from "./stop-sequence.server";

const T0 = at("2026-11-20T12:00:00Z");

describe("stopSequence", () => {
  it("stops an active sequence for the merchant's named reason, on the timeline, and nothing more is sent", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    const checkoutId = await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const now = plus(T0, 2 * HOUR);

    const result = await stopSequence(SHOP_A, checkoutId, { now });

    expect(result).toEqual({ outcome: "STOPPED" });
    expect(describeStopOutcome(result)).toMatchObject({
      tone: "success",
      title: "The sequence is stopped. No more recovery emails will be sent for this checkout.",
    });
    expect(await enrollmentOf(SHOP_A, "t1")).toMatchObject({
      status: "STOPPED",
      reason: "STOPPED_BY_MERCHANT",
      stoppedAt: now,
      nextStep: null,
      dueAt: null,
    });
    expect(
      await prisma.recoveryEvent.findFirst({
        where: { checkoutId, type: "STOPPED" },
        orderBy: { at: "desc" },
      }),
    ).toMatchObject({ reason: "STOPPED_BY_MERCHANT", at: now });

    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    await tickRecovery(SHOP_A, plus(T0, 72 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
  });

  it("closes a step that was waiting for its retry, so the retry never goes out", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    const checkoutId = await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    mailer.failNext({ ok: false, retryable: true, reason: "Resend answered 503" });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    expect(await prisma.recoverySend.findFirstOrThrow({ where: { checkoutId } })).toMatchObject({
      status: "RETRY",
    });

    await stopSequence(SHOP_A, checkoutId, { now: plus(T0, HOUR + 30_000) });
    await tickRecovery(SHOP_A, plus(T0, 2 * HOUR), mailer);

    expect(await prisma.recoverySend.findFirstOrThrow({ where: { checkoutId } })).toMatchObject({
      status: "SKIPPED",
      reason: "STOPPED_BY_MERCHANT",
      nextAttemptAt: null,
    });
    expect(mailer.delivered).toHaveLength(0);
  });

  it.each([
    [
      "finished",
      { status: "COMPLETED", stepsSent: 3 },
      "FINISHED",
      "Every step of the sequence was already sent.",
    ],
    [
      "skipped",
      { status: "SKIPPED", reason: "NOT_SUBSCRIBED" },
      "SKIPPED",
      "No sequence was started for this checkout: The shopper did not accept email marketing.",
    ],
    [
      "already stopped",
      { status: "STOPPED", reason: "ORDERED", stepsSent: 1 },
      "STOPPED",
      "The sequence is stopped: The shopper placed an order.",
    ],
    [
      "held out",
      { status: "HOLDOUT", arm: "HOLDOUT" as const },
      "HOLDOUT",
      "This checkout is in the holdout group: it gets no email, so the dashboard can measure what the emails add.",
    ],
  ] as const)(
    "has nothing to stop in a %s sequence, says why and changes nothing",
    async (_case, enrollment, why, text) => {
      await installTestShop(SHOP_A);
      const [checkout] = await seedCheckouts(SHOP_A, [{ updatedAt: T0, enrollment }]);
      const checkoutId = checkout?.id as string;
      const before = await prisma.enrollment.findUniqueOrThrow({ where: { checkoutId } });

      const result = await stopSequence(SHOP_A, checkoutId, { now: plus(T0, HOUR) });

      expect(result).toMatchObject({ outcome: "NOT_ACTIVE", why });
      expect(describeStopOutcome(result)).toEqual({
        intent: "stop",
        outcome: "NOT_ACTIVE",
        tone: "warning",
        title: "Nothing to stop.",
        detail: text,
      });
      expect(await prisma.enrollment.findUniqueOrThrow({ where: { checkoutId } })).toEqual(before);
      expect(await prisma.recoveryEvent.count()).toBe(0);
    },
  );

  it("has nothing to stop when the checkout was never enrolled", async () => {
    await installTestShop(SHOP_A);
    const [checkout] = await seedCheckouts(SHOP_A, [{ updatedAt: T0 }]);

    expect(await stopSequence(SHOP_A, checkout?.id as string, { now: T0 })).toEqual({
      outcome: "NOT_ACTIVE",
      why: "NOT_ENROLLED",
      reason: null,
    });
  });

  it("does not find another shop's checkout, and leaves its sequence running", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const [theirs] = await seedCheckouts(SHOP_B, [
      { updatedAt: T0, enrollment: { status: "ACTIVE", nextStep: 1, dueAt: plus(T0, HOUR) } },
    ]);

    const error = await stopSequence(SHOP_A, theirs?.id as string, { now: T0 }).catch(
      (thrown: unknown) => thrown,
    );

    expect(isAppError(error) && error.code).toBe("NOT_FOUND");
    expect(await prisma.enrollment.findUniqueOrThrow({ where: { checkoutId: theirs?.id } })).toMatchObject({
      status: "ACTIVE",
    });
  });
});
