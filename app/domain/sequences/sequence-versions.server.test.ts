import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getShopSettings, saveShopSettings, type ShopSettings } from "~/domain/shops";
import {
  abandonCheckout,
  at,
  enrollmentOf,
  HOUR,
  placeOrder,
  plus,
  tickRecovery,
} from "../../../test/helpers/recovery";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";

// Noon UTC in a shop on UTC time: outside the default quiet hours.
const T0 = at("2026-11-20T12:00:00Z");

async function editSettings(shop: string, change: (settings: ShopSettings) => ShopSettings) {
  await saveShopSettings(shop, change(await getShopSettings(shop)));
}

const subjects = (label: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${label} step ${index + 1}`);

function withSteps(settings: ShopSettings, label: string, delaysHours: number[]): ShopSettings {
  const names = subjects(label, delaysHours.length);
  return {
    ...settings,
    steps: delaysHours.map((hours, index) => ({
      delayMinutes: hours * 60,
      offer: false,
      subject: names[index] as string,
      template: "PRODUCT",
      tone: "FRIENDLY",
      sendWindowHours: 0,
      variants: [],
    })),
  };
}

async function addSegment(
  shop: string,
  segment: { name: string; position: number; rule: unknown; strategy: unknown },
) {
  return prisma.segment.create({
    data: {
      shop,
      name: segment.name,
      position: segment.position,
      rule: JSON.stringify(segment.rule),
      strategy: JSON.stringify(segment.strategy),
    },
  });
}

describe("versioned sequences", () => {
  it("finishes an enrolment on the version it started with when the merchant edits the steps mid-sequence", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await editSettings(SHOP_A, (settings) => withSteps(settings, "v1", [1, 24, 72]));
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "old", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const pinned = await enrollmentOf(SHOP_A, "old");
    expect(pinned.segmentId).toBe("default");

    // The merchant drops the third step and renames the others; a new checkout arrives after the edit.
    await editSettings(SHOP_A, (settings) => withSteps(settings, "v2", [2, 12]));
    await abandonCheckout(SHOP_A, { token: "new", updatedAt: plus(T0, 2 * HOUR) });
    for (const hours of [4, 14, 24, 72]) await tickRecovery(SHOP_A, plus(T0, hours * HOUR), mailer);

    const sent = (token: string) =>
      mailer.delivered
        .filter((delivery) => delivery.message.to === `${token}@shopper.co`)
        .map((delivery) => delivery.message.subject);
    // The old enrolment gets its own three steps at its own delays, never the new version's words.
    expect(sent("old")).toEqual(subjects("v1", 3));
    expect(sent("new")).toEqual(subjects("v2", 2));
    expect(await enrollmentOf(SHOP_A, "old")).toMatchObject({
      status: "COMPLETED",
      stepsSent: 3,
      sequenceVersionId: pinned.sequenceVersionId,
    });
    const versions = await prisma.sequenceVersion.findMany({
      where: { shop: SHOP_A },
      orderBy: { number: "asc" },
      select: { id: true, number: true },
    });
    expect(versions.map((version) => version.number)).toEqual([1, 2]);
    expect((await enrollmentOf(SHOP_A, "new")).sequenceVersionId).toBe(versions[1]?.id);
    // No step ended as "shortened": nothing was cut from under a running sequence.
    expect(await prisma.recoveryEvent.count({ where: { reason: "SEQUENCE_SHORTENED" } })).toBe(0);
  });

  it("saving the same steps again makes no new version", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "a", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await editSettings(SHOP_A, (settings) => ({
      ...settings,
      audience: { ...settings.audience, minHoursBetweenEmails: 1 },
    }));
    await abandonCheckout(SHOP_A, { token: "b", updatedAt: plus(T0, HOUR) });
    await tickRecovery(SHOP_A, plus(T0, 2 * HOUR), mailer);
    expect(await prisma.sequenceVersion.count({ where: { shop: SHOP_A } })).toBe(1);
    expect((await enrollmentOf(SHOP_A, "a")).sequenceVersionId).toBe(
      (await enrollmentOf(SHOP_A, "b")).sequenceVersionId,
    );
  });

  it("never sends a step of a newer version to an enrolment of an older one, whatever the edits and ticks", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Each round: the steps the merchant saves (delays in hours), a checkout or not, and a tick some hours on.
        fc.array(
          fc.record({
            delays: fc
              .uniqueArray(fc.integer({ min: 1, max: 96 }), { minLength: 1, maxLength: 5 })
              .map((list) => [...list].sort((a, b) => a - b)),
            abandon: fc.boolean(),
            hoursOn: fc.integer({ min: 1, max: 30 }),
          }),
          { minLength: 2, maxLength: 5 },
        ),
        async (rounds) => {
          const shop = `versions-${++run}.myshopify.com`;
          await installTestShop(shop, { timezone: "UTC" });
          await editSettings(shop, (settings) => ({
            ...settings,
            audience: {
              ...settings.audience,
              quietHours: { ...settings.audience.quietHours, enabled: false },
              minHoursBetweenEmails: 0,
              sequenceCooldownDays: 0,
            },
          }));
          const mailer = createRecordingMailer();
          let now = T0;
          const pinnedAt = new Map<string, string | null>();
          for (const [index, round] of rounds.entries()) {
            await editSettings(shop, (settings) => withSteps(settings, `r${index}`, round.delays));
            if (round.abandon) await abandonCheckout(shop, { token: `c${index}`, updatedAt: now });
            now = plus(now, round.hoursOn * HOUR);
            await tickRecovery(shop, now, mailer);
            // An enrolment's version, once set, never changes.
            const enrollments = await prisma.enrollment.findMany({
              where: { shop },
              select: { id: true, sequenceVersionId: true },
            });
            for (const enrollment of enrollments) {
              if (pinnedAt.has(enrollment.id))
                expect(enrollment.sequenceVersionId).toBe(pinnedAt.get(enrollment.id));
              else pinnedAt.set(enrollment.id, enrollment.sequenceVersionId);
            }
          }
          // Every email carries the words of the version its enrolment pinned: "rN step k" with N that round.
          const versionLabel = new Map(
            (
              await prisma.sequenceVersion.findMany({ where: { shop }, select: { id: true, data: true } })
            ).map((version) => [
              version.id,
              (JSON.parse(version.data) as { steps: { subject: string }[] }).steps[0]?.subject.split(" ")[0],
            ]),
          );
          for (const delivery of mailer.delivered) {
            const enrollment = await prisma.enrollment.findUniqueOrThrow({
              where: { id: delivery.message.enrollmentId },
              select: { sequenceVersionId: true },
            });
            const label = versionLabel.get(enrollment.sequenceVersionId as string);
            expect(delivery.message.subject).toBe(`${label} step ${delivery.message.step}`);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("segments at enrolment", () => {
  const BIG_CARTS = {
    name: "Big carts",
    position: 0,
    rule: {
      match: "ALL",
      conditions: [{ kind: "CART_SUBTOTAL", comparison: "AT_LEAST", amountMinor: 50_000 }],
    },
    strategy: {
      steps: [{ delayMinutes: 30, offer: false, subject: "A big cart deserves a note", subjectB: null }],
      tiers: [],
      codeLifetimeHours: 24,
      holdoutPercent: 0,
    },
  };

  it("gives the first matching segment's sequence, and the timeline says which segment and why", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const segment = await addSegment(SHOP_A, BIG_CARTS);
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "big", updatedAt: T0, lines: [[1, "Sofa", "900.00", 1]] });
    await abandonCheckout(SHOP_A, { token: "small", updatedAt: T0, lines: [[2, "Mug", "12.00", 1]] });

    // The segment's first step comes after 30 minutes, before the default's first (60 minutes).
    await tickRecovery(SHOP_A, plus(T0, 30 * 60_000), mailer);
    expect(mailer.delivered.map((delivery) => delivery.message.subject)).toEqual([
      "A big cart deserves a note",
    ]);
    expect(await enrollmentOf(SHOP_A, "big")).toMatchObject({ segmentId: segment.id, status: "COMPLETED" });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    expect(await enrollmentOf(SHOP_A, "small")).toMatchObject({ segmentId: "default", status: "ACTIVE" });

    const enrolled = await prisma.recoveryEvent.findFirstOrThrow({
      where: { shop: SHOP_A, type: "ENROLLED", enrollmentId: (await enrollmentOf(SHOP_A, "big")).id },
    });
    expect(JSON.parse(enrolled.data as string)).toEqual({
      segment: { id: segment.id, name: "Big carts", version: 1, held: ["Cart subtotal at least $500.00"] },
    });
  });

  it("draws the holdout with each segment's own share", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await editSettings(SHOP_A, (settings) => ({ ...settings, holdoutPercent: 0 }));
    await addSegment(SHOP_A, { ...BIG_CARTS, strategy: { ...BIG_CARTS.strategy, holdoutPercent: 50 } });
    const mailer = createRecordingMailer();
    for (let index = 0; index < 30; index++) {
      await abandonCheckout(SHOP_A, {
        token: `big-${index}`,
        updatedAt: T0,
        lines: [[1, "Sofa", "900.00", 1]],
      });
      await abandonCheckout(SHOP_A, {
        token: `small-${index}`,
        updatedAt: T0,
        lines: [[2, "Mug", "12.00", 1]],
      });
    }
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const arms = await prisma.enrollment.groupBy({
      by: ["segmentId", "arm"],
      where: { shop: SHOP_A },
      _count: true,
    });
    const count = (segmentId: string | null, arm: string) =>
      arms.find((row) => (row.segmentId === "default") === (segmentId === "default") && row.arm === arm)
        ?._count ?? 0;
    expect(count("default", "HOLDOUT")).toBe(0);
    expect(count("default", "TREATMENT")).toBe(30);
    // 50% of 30 by a deterministic draw: some of each, and the total is all of them.
    expect(count("segment", "HOLDOUT")).toBeGreaterThan(5);
    expect(count("segment", "TREATMENT")).toBeGreaterThan(5);
    expect(count("segment", "HOLDOUT") + count("segment", "TREATMENT")).toBe(30);
  });

  it("reads only the shop's own segments", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await installTestShop(SHOP_B, { timezone: "UTC" });
    await addSegment(SHOP_B, BIG_CARTS);
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "big", updatedAt: T0, lines: [[1, "Sofa", "900.00", 1]] });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    expect(await enrollmentOf(SHOP_A, "big")).toMatchObject({ segmentId: "default" });
  });

  it("a skipped checkout has no segment or version", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await addSegment(SHOP_A, BIG_CARTS);
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, {
      token: "no",
      updatedAt: T0,
      acceptsMarketing: false,
      lines: [[1, "Sofa", "900.00", 1]],
    });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    expect(await enrollmentOf(SHOP_A, "no")).toMatchObject({
      status: "SKIPPED",
      reason: "NOT_SUBSCRIBED",
      segmentId: null,
      sequenceVersionId: null,
    });
  });
});

describe("the engine's promises with segments in play", () => {
  const TWO_STEPS = {
    name: "Big carts, two emails",
    position: 0,
    rule: {
      match: "ALL",
      conditions: [{ kind: "CART_SUBTOTAL", comparison: "AT_LEAST", amountMinor: 50_000 }],
    },
    strategy: {
      steps: [
        { delayMinutes: 60, offer: false, subject: "Segment step 1", subjectB: null },
        { delayMinutes: 24 * 60, offer: false, subject: "Segment step 2", subjectB: null },
      ],
      tiers: [],
      codeLifetimeHours: 24,
      holdoutPercent: 0,
    },
  };

  it("sends each step once with four ticks at once, nothing after an order, nothing to the unsubscribed", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    await addSegment(SHOP_A, TWO_STEPS);
    const mailer = createRecordingMailer();
    const tokens = ["keeps", "orders", "leaves"];
    for (const token of tokens)
      await abandonCheckout(SHOP_A, { token, updatedAt: T0, lines: [[1, "Sofa", "900.00", 1]] });

    await Promise.all(Array.from({ length: 4 }, () => tickRecovery(SHOP_A, plus(T0, HOUR), mailer)));
    expect(mailer.delivered).toHaveLength(3);
    // One orders, one unsubscribes (as the email's link records it), between the two steps.
    await placeOrder(SHOP_A, { id: "9001", checkoutToken: "orders", createdAt: plus(T0, 2 * HOUR) });
    const leaving = await prisma.checkout.findFirstOrThrow({ where: { shop: SHOP_A, token: "leaves" } });
    await prisma.suppression.create({
      data: { shop: SHOP_A, emailHash: leaving.emailHash as string, reason: "UNSUBSCRIBED" },
    });
    await Promise.all(Array.from({ length: 4 }, () => tickRecovery(SHOP_A, plus(T0, 25 * HOUR), mailer)));

    expect(new Set(mailer.keys()).size).toBe(mailer.delivered.length);
    expect(
      mailer.delivered.map((delivery) => `${delivery.message.to} ${delivery.message.subject}`).sort(),
    ).toEqual([
      "keeps@shopper.co Segment step 1",
      "keeps@shopper.co Segment step 2",
      "leaves@shopper.co Segment step 1",
      "orders@shopper.co Segment step 1",
    ]);
    expect(await enrollmentOf(SHOP_A, "orders")).toMatchObject({ status: "STOPPED", reason: "ORDERED" });
    expect(await enrollmentOf(SHOP_A, "leaves")).toMatchObject({ status: "STOPPED", reason: "UNSUBSCRIBED" });
    expect(await enrollmentOf(SHOP_A, "keeps")).toMatchObject({ status: "COMPLETED", stepsSent: 2 });
  });
});
