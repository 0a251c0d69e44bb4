import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { seedVariantSends, startEmailOneExperiment } from "../../../test/helpers/experiments";
import { seedEnrollments } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { getContentExperiments } from "./get-content-experiments.server";

const HOUR_MS = 3_600_000;

describe("getContentExperiments", () => {
  it("counts each variant's emails, clicks, recoveries after the email and revenue, of this shop's experiment only", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    // The same content in both shops: the same experiment key.
    const key = await startEmailOneExperiment(SHOP_A);
    expect(await startEmailOneExperiment(SHOP_B)).toBe(key);

    await seedVariantSends(SHOP_A, key, "A", { sends: 10, recoveries: 1, clicks: 3, orderMinor: 5_000 });
    await seedVariantSends(SHOP_A, key, "B", { sends: 12, recoveries: 3, clicks: 2, orderMinor: 7_000 });
    // Shop B's B does far better: none of it may count for shop A.
    await seedVariantSends(SHOP_B, key, "B", { sends: 40, recoveries: 30, clicks: 30 });
    // Shop A's emails outside the experiment: a promoted B (no key), another experiment, an email not sent.
    await seedVariantSends(SHOP_A, null, "B", { sends: 5, recoveries: 5 });
    await seedVariantSends(SHOP_A, "x-another-experiment", "A", { sends: 4, recoveries: 4 });
    const at = new Date("2026-03-12T12:00:00Z");
    const sentAt = new Date(at.getTime() + HOUR_MS);
    await seedEnrollments(SHOP_A, [
      { anchorAt: at, sends: [{ step: 1, status: "FAILED", subjectVariant: "A", experimentKey: key }] },
      // Credited to email, but the order came before this email: an earlier step's doing, not A's.
      {
        status: "STOPPED",
        anchorAt: at,
        sends: [{ step: 1, sentAt, subjectVariant: "A", experimentKey: key }],
        recovered: { at: new Date(sentAt.getTime() - 1), byEmail: true, minor: 9_000 },
      },
      // Ordered after the email, on its own (not credited to email).
      {
        status: "STOPPED",
        anchorAt: at,
        sends: [{ step: 1, sentAt, subjectVariant: "A", experimentKey: key }],
        recovered: { at: new Date(sentAt.getTime() + HOUR_MS), byEmail: false, minor: 9_000 },
      },
    ]);

    const { rule, ruleSentence, experiments } = await getContentExperiments(SHOP_A);
    expect(rule).toMatchObject({
      autoPromote: true,
      minSendsPerVariant: 400,
      rule: "CONFIDENCE",
      levelPercent: 95,
    });
    expect(ruleSentence).toMatch(/^Promotes automatically when each variant has 400 emails/);
    expect(experiments).toHaveLength(1);
    const [experiment] = experiments;
    expect(experiment).toMatchObject({
      experimentKey: key,
      segmentId: "default",
      segmentName: "Everyone else",
      step: 1,
      standing: null,
      decisions: [],
      isOpenToAutoPromotion: true,
      verdict: { outcome: "TOO_FEW_SENDS", leader: "B", winner: null },
    });
    const [a, b] = experiment?.variants ?? [];
    expect(a).toMatchObject({
      variant: "A",
      content: { subject: "You left something in your cart", template: "PRODUCT", tone: "FRIENDLY" },
      summary: "Product-led design · friendly tone · no offer",
      sends: 12,
      clicks: 3,
      recoveries: 1,
      revenueMinor: 5_000,
      revenueSumOfSquares: 25_000_000,
    });
    expect(b).toMatchObject({
      variant: "B",
      content: { subject: "Still thinking it over?" },
      sends: 12,
      clicks: 2,
      recoveries: 3,
      revenueMinor: 21_000,
      revenueSumOfSquares: 3 * 49_000_000,
    });
    expect(b?.recoveryRate).toMatchObject({ estimate: 0.25 });
    expect(b?.recoveryRate?.low).toBeGreaterThan(0);
    expect(b?.clickRate?.estimate).toBeCloseTo(2 / 12, 12);
    expect(b?.revenuePerEmailMinor?.estimate).toBe(1_750);
  });

  it("lists each live segment's experiments before Everyone else's, with their decisions newest first", async () => {
    await installTestShop(SHOP_A);
    const defaultKey = await startEmailOneExperiment(SHOP_A, { subjects: ["B subject", "C subject"] });
    const settings = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP_A } });
    const steps = (JSON.parse(settings.data) as { steps: unknown[] }).steps;
    const segment = await prisma.segment.create({
      data: {
        shop: SHOP_A,
        position: 0,
        name: "Returning customers",
        rule: JSON.stringify({
          match: "ALL",
          conditions: [{ kind: "CUSTOMER_TYPE", value: "RETURNING", negate: false }],
        }),
        strategy: JSON.stringify({ steps, tiers: [], codeLifetimeHours: 48, holdoutPercent: 0 }),
      },
    });
    await prisma.segment.create({
      data: {
        shop: SHOP_A,
        position: 1,
        name: "Deleted",
        deletedAt: new Date("2026-03-01T00:00:00Z"),
        rule: JSON.stringify({ match: "ALL", conditions: [] }),
        strategy: JSON.stringify({ steps, tiers: [], codeLifetimeHours: 48, holdoutPercent: 0 }),
      },
    });
    await prisma.experimentDecision.createMany({
      data: [
        {
          shop: SHOP_A,
          experimentKey: defaultKey,
          segmentId: "default",
          step: 1,
          winner: "C",
          decidedBy: "MERCHANT",
          evidence: "{}",
          decidedAt: new Date("2026-03-01T00:00:00Z"),
          reversedAt: new Date("2026-03-02T00:00:00Z"),
        },
        {
          shop: SHOP_A,
          experimentKey: defaultKey,
          segmentId: "default",
          step: 1,
          winner: "B",
          decidedBy: "AUTO",
          evidence: "{}",
          decidedAt: new Date("2026-03-05T00:00:00Z"),
        },
        // Another shop's decision on the same key is not this shop's.
        {
          shop: SHOP_B,
          experimentKey: defaultKey,
          segmentId: "default",
          step: 1,
          winner: "A",
          decidedBy: "AUTO",
          evidence: "{}",
          decidedAt: new Date("2026-03-06T00:00:00Z"),
        },
      ],
    });

    const { experiments } = await getContentExperiments(SHOP_A);
    expect(
      experiments.map((experiment) => [experiment.segmentName, experiment.segmentId, experiment.step]),
    ).toEqual([
      ["Returning customers", segment.id, 1],
      ["Everyone else", "default", 1],
    ]);
    expect(experiments[0]?.experimentKey).not.toBe(defaultKey);
    expect(experiments[0]?.variants.map((variant) => [variant.variant, variant.content.subject])).toEqual([
      ["A", "You left something in your cart"],
      ["B", "B subject"],
      ["C", "C subject"],
    ]);
    expect(experiments[0]?.verdict.outcome).toBe("NO_SENDS");
    const everyone = experiments[1];
    expect(everyone?.standing).toMatchObject({ winner: "B", decidedBy: "AUTO", reversedAt: null });
    expect(
      everyone?.decisions.map((decision) => [decision.winner, decision.decidedBy, decision.reversedAt]),
    ).toEqual([
      ["B", "AUTO", null],
      ["C", "MERCHANT", "2026-03-02T00:00:00.000Z"],
    ]);
    expect(everyone?.isOpenToAutoPromotion).toBe(false);
  });

  it("has no experiment when no step has variants", async () => {
    await installTestShop(SHOP_A);
    expect((await getContentExperiments(SHOP_A)).experiments).toEqual([]);
  });
});
