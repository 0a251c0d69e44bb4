import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { abandonCheckout, at, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { experimentKeyOf } from "./content-variants";

/**
 * A step's content experiment in the engine: each checkout gets the variant it draws (its subject, design,
 * tone and offer all go out, and the send records which), until a decision promotes one for everyone.
 */

const T0 = at("2026-11-20T12:00:00Z");

async function setupExperiment() {
  await installTestShop(SHOP_A, { timezone: "UTC" });
  const settings = await getShopSettings(SHOP_A);
  const steps = settings.steps.map((step, index) =>
    index === 1
      ? {
          ...step,
          template: "PRODUCT" as const,
          variants: [
            { subject: "A note from us", template: "NOTE" as const, tone: "DIRECT" as const, offer: false },
          ],
        }
      : step,
  );
  await saveShopSettings(SHOP_A, { ...settings, steps });
  return experimentKeyOf("default", 2, (await getShopSettings(SHOP_A)).steps[1]!);
}

async function abandonMany(count: number) {
  for (let index = 0; index < count; index++)
    await abandonCheckout(SHOP_A, { token: `c${index}`, updatedAt: T0 });
}

describe("content experiments in the engine", () => {
  it("sends each checkout its drawn variant whole, and records the variant, design and experiment", async () => {
    const key = await setupExperiment();
    const mailer = createRecordingMailer();
    await abandonMany(12);
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);

    const step2 = mailer.delivered.filter((entry) => entry.message.step === 2).map((entry) => entry.message);
    expect(step2).toHaveLength(12);
    const a = step2.filter((message) => message.subjectVariant === "A");
    const b = step2.filter((message) => message.subjectVariant === "B");
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    for (const message of a)
      expect(message).toMatchObject({ template: "PRODUCT", tone: "FRIENDLY", offer: { percentOff: 10 } });
    for (const message of b)
      expect(message).toMatchObject({
        subject: "A note from us",
        template: "NOTE",
        tone: "DIRECT",
        offer: null,
      });

    const sends = await prisma.recoverySend.findMany({
      where: { shop: SHOP_A, step: 2 },
      select: { subjectVariant: true, experimentKey: true, template: true, hasOffer: true, outcome: true },
    });
    expect(new Set(sends.map((send) => send.experimentKey))).toEqual(new Set([key]));
    for (const send of sends)
      expect(send).toEqual(
        send.subjectVariant === "B"
          ? { subjectVariant: "B", experimentKey: key, template: "NOTE", hasOffer: false, outcome: "SENT" }
          : { subjectVariant: "A", experimentKey: key, template: "PRODUCT", hasOffer: true, outcome: "SENT" },
      );
    // Step 1 runs no experiment: no variant, no key.
    expect(
      await prisma.recoverySend.findMany({
        where: { shop: SHOP_A, step: 1 },
        distinct: ["subjectVariant", "experimentKey"],
        select: { subjectVariant: true, experimentKey: true, template: true },
      }),
    ).toEqual([{ subjectVariant: null, experimentKey: null, template: "PRODUCT" }]);
  });

  it("sends the promoted variant to everyone once decided, outside the experiment, and draws again once undone", async () => {
    const key = await setupExperiment();
    await prisma.experimentDecision.create({
      data: {
        shop: SHOP_A,
        experimentKey: key as string,
        segmentId: "default",
        step: 2,
        winner: "B",
        decidedBy: "MERCHANT",
        evidence: "{}",
        decidedAt: T0,
      },
    });
    const mailer = createRecordingMailer();
    await abandonMany(8);
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    const step2 = mailer.delivered.filter((entry) => entry.message.step === 2).map((entry) => entry.message);
    expect(step2.map((message) => message.subjectVariant)).toEqual(Array(8).fill("B"));
    expect(
      await prisma.recoverySend.count({ where: { shop: SHOP_A, step: 2, experimentKey: { not: null } } }),
    ).toBe(0);

    await prisma.experimentDecision.updateMany({ where: { shop: SHOP_A }, data: { reversedAt: T0 } });
    await abandonCheckout(SHOP_A, { token: "later-a", updatedAt: plus(T0, 2 * HOUR) });
    await abandonCheckout(SHOP_A, { token: "later-b", updatedAt: plus(T0, 2 * HOUR) });
    await tickRecovery(SHOP_A, plus(T0, 3 * HOUR), mailer);
    await tickRecovery(SHOP_A, plus(T0, 26 * HOUR), mailer);
    expect(await prisma.recoverySend.count({ where: { shop: SHOP_A, step: 2, experimentKey: key } })).toBe(2);
  });
});
