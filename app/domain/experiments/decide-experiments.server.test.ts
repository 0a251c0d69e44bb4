import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { loadShopContext } from "~/domain/sequences";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { decisionsOf, seedVariantSends, startEmailOneExperiment } from "../../../test/helpers/experiments";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { evaluateExperiments, promoteVariant, undoDecision } from "./decide-experiments.server";
import { getContentExperiments } from "./get-content-experiments.server";

const NOW = new Date("2026-04-01T12:00:00Z");
const LATER = new Date("2026-04-01T13:00:00Z");

/** The shop's rule in these tests: CONFIDENCE at 95%, as by default, from 100 emails per variant. */
const RULE = { minSendsPerVariant: 100 };

/** Enough emails of each variant, B clearly ahead: the rule holds. */
async function clearWinner(shop: string, key: string) {
  await seedVariantSends(shop, key, "A", { sends: 300, recoveries: 6 });
  await seedVariantSends(shop, key, "B", { sends: 300, recoveries: 36 });
}

describe("evaluateExperiments", () => {
  it("promotes the winner once, with the rule and the counts as evidence, and the engine then sends it", async () => {
    await installTestShop(SHOP_A);
    const key = await startEmailOneExperiment(SHOP_A, { rule: RULE });
    await clearWinner(SHOP_A, key);

    expect(await evaluateExperiments(SHOP_A, { now: NOW })).toEqual({ promoted: 1 });
    // Again, and an hour later: nothing more.
    expect(await evaluateExperiments(SHOP_A, { now: NOW })).toEqual({});
    expect(await evaluateExperiments(SHOP_A, { now: LATER })).toEqual({});

    const [decision, ...more] = await decisionsOf(SHOP_A);
    expect(more).toEqual([]);
    expect(decision).toMatchObject({
      experimentKey: key,
      segmentId: "default",
      step: 1,
      winner: "B",
      decidedBy: "AUTO",
      decidedAt: NOW,
      reversedAt: null,
    });
    const evidence = JSON.parse(decision?.evidence ?? "{}");
    expect(evidence).toMatchObject({
      rule: "CONFIDENCE",
      levelPercent: 95,
      minSendsPerVariant: 100,
      ruleHeld: true,
      variants: [
        { variant: "A", sends: 300, recoveries: 6 },
        { variant: "B", sends: 300, recoveries: 36 },
      ],
      probabilityBest: null,
    });
    expect(evidence.comparisons[0]).toMatchObject({ versus: "A" });
    expect(evidence.comparisons[0].low).toBeGreaterThan(0);
    // Counts and the rule only: nothing about a shopper.
    expect(Object.keys(evidence).sort()).toEqual([
      "comparisons",
      "levelPercent",
      "minSendsPerVariant",
      "probabilityBest",
      "rule",
      "ruleHeld",
      "sentence",
      "variants",
    ]);
    expect((await loadShopContext(SHOP_A))?.winners.get(key)).toBe("B");
  });

  it("promotes nothing while a variant is below the minimum, when the rule does not hold, or with promotion off", async () => {
    await installTestShop(SHOP_A);
    const key = await startEmailOneExperiment(SHOP_A, { rule: RULE });
    await seedVariantSends(SHOP_A, key, "A", { sends: 99, recoveries: 0 });
    await seedVariantSends(SHOP_A, key, "B", { sends: 300, recoveries: 60 });
    expect(await evaluateExperiments(SHOP_A, { now: NOW })).toEqual({ too_few_sends: 1 });

    // One more A: enough emails, and B far ahead; but with promotion off, the rule only names it.
    await seedVariantSends(SHOP_A, key, "A", { sends: 1, at: new Date("2026-03-20T00:00:00Z") });
    await saveShopSettings(SHOP_A, {
      ...(await getShopSettings(SHOP_A)),
      experiments: { ...(await getShopSettings(SHOP_A)).experiments, autoPromote: false },
    });
    expect(await evaluateExperiments(SHOP_A, { now: NOW })).toEqual({});
    expect(await decisionsOf(SHOP_A)).toEqual([]);

    // A second experiment whose data favour B but not enough for the rule: undecided.
    await installTestShop(SHOP_B);
    const close = await startEmailOneExperiment(SHOP_B, { rule: RULE });
    await seedVariantSends(SHOP_B, close, "A", { sends: 200, recoveries: 8 });
    await seedVariantSends(SHOP_B, close, "B", { sends: 200, recoveries: 14 });
    expect(await evaluateExperiments(SHOP_B, { now: NOW })).toEqual({ undecided: 1 });
    expect(await decisionsOf(SHOP_B)).toEqual([]);
  });

  it("never promotes again an experiment whose decision was undone", async () => {
    await installTestShop(SHOP_A);
    const key = await startEmailOneExperiment(SHOP_A, { rule: RULE });
    await clearWinner(SHOP_A, key);
    await evaluateExperiments(SHOP_A, { now: NOW });
    const [decision] = await decisionsOf(SHOP_A);
    expect(await undoDecision(SHOP_A, decision?.id ?? "", { now: LATER })).toMatchObject({ ok: true });

    expect(await evaluateExperiments(SHOP_A, { now: new Date("2026-04-02T12:00:00Z") })).toEqual({});
    expect((await decisionsOf(SHOP_A)).map((row) => [row.winner, row.reversedAt])).toEqual([["B", LATER]]);
    expect((await loadShopContext(SHOP_A))?.winners.has(key)).toBe(false);
  });

  it("inserts one decision when two ticks evaluate the same shop at once", async () => {
    await installTestShop(SHOP_A);
    const key = await startEmailOneExperiment(SHOP_A, { rule: RULE });
    await clearWinner(SHOP_A, key);

    const results = await Promise.all([
      evaluateExperiments(SHOP_A, { now: NOW }),
      evaluateExperiments(SHOP_A, { now: NOW }),
      evaluateExperiments(SHOP_A, { now: NOW }),
    ]);
    expect(results.filter((counts) => counts.promoted === 1)).toHaveLength(1);
    expect(await prisma.experimentDecision.count({ where: { shop: SHOP_A, experimentKey: key } })).toBe(1);
  });

  it("waits for a rival tick's decision still being written, and then leaves it alone", async () => {
    await installTestShop(SHOP_A);
    const key = await startEmailOneExperiment(SHOP_A, { rule: RULE });
    await clearWinner(SHOP_A, key);

    // A rival tick holds the shop's lock with its decision written but not yet committed, while this one
    // evaluates: without the lock, this one would see no decision and insert a second. The pause only gives
    // the evaluation time to reach its check; with the lock the outcome does not depend on it.
    let evaluation: Promise<Record<string, number>> | undefined;
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE "Shop" SET "installState" = "installState" WHERE "domain" = ${SHOP_A}`;
      await tx.experimentDecision.create({
        data: {
          shop: SHOP_A,
          experimentKey: key,
          segmentId: "default",
          step: 1,
          winner: "B",
          decidedBy: "AUTO",
          evidence: "{}",
          decidedAt: NOW,
        },
      });
      evaluation = evaluateExperiments(SHOP_A, { now: NOW });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    // PostgreSQL's evaluation reads before the rival commits and waits at the lock (decided_elsewhere);
    // SQLite's waits for the rival's transaction before its first read (nothing left to decide).
    expect((await evaluation)?.promoted).toBeUndefined();
    expect(await prisma.experimentDecision.count({ where: { shop: SHOP_A, experimentKey: key } })).toBe(1);
  });
});

describe("promoteVariant and undoDecision", () => {
  it("lets the merchant promote any variant that went out, undo it, and promote again; never another shop's", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const key = await startEmailOneExperiment(SHOP_A, {
      subjects: ["B subject", "C subject"],
      rule: { autoPromote: false },
    });
    await seedVariantSends(SHOP_A, key, "A", { sends: 20, recoveries: 2 });
    await seedVariantSends(SHOP_A, key, "B", { sends: 20, recoveries: 1 });

    // C never went out: nothing to promote. Not a variant, or not one of this experiment's: refused.
    expect(await promoteVariant(SHOP_A, key, "C", { now: NOW })).toEqual({
      ok: false,
      status: 409,
      reason: "Variant C has not been sent yet: there is nothing to promote.",
    });
    expect(await promoteVariant(SHOP_A, key, "D", { now: NOW })).toMatchObject({ ok: false, status: 400 });
    expect(await decisionsOf(SHOP_A)).toEqual([]);

    // B trails and the rule has not spoken (20 emails each): the merchant may still choose it.
    expect(await promoteVariant(SHOP_A, key, "B", { now: NOW })).toEqual({
      ok: true,
      message: "Variant B now goes to every checkout at email 1 of Everyone else.",
    });
    const [decision] = await decisionsOf(SHOP_A);
    expect(decision).toMatchObject({ winner: "B", decidedBy: "MERCHANT", decidedAt: NOW, reversedAt: null });
    expect(JSON.parse(decision?.evidence ?? "{}")).toMatchObject({ ruleHeld: false });
    expect((await getContentExperiments(SHOP_A)).experiments[0]?.standing).toMatchObject({ winner: "B" });
    // While B stands, no second promotion.
    expect(await promoteVariant(SHOP_A, key, "A", { now: LATER })).toMatchObject({ ok: false, status: 409 });

    // Shop B cannot undo shop A's decision, and learns nothing of it.
    expect(await undoDecision(SHOP_B, decision?.id ?? "", { now: LATER })).toEqual({
      ok: false,
      status: 404,
      reason: "This decision does not exist in your shop.",
    });
    expect((await decisionsOf(SHOP_A))[0]?.reversedAt).toBeNull();

    expect(await undoDecision(SHOP_A, decision?.id ?? "", { now: LATER })).toMatchObject({ ok: true });
    expect(await undoDecision(SHOP_A, decision?.id ?? "", { now: LATER })).toEqual({
      ok: false,
      status: 409,
      reason: "This decision was already undone.",
    });
    expect((await getContentExperiments(SHOP_A)).experiments[0]?.standing).toBeNull();
    expect((await loadShopContext(SHOP_A))?.winners.has(key)).toBe(false);

    // After the undo the merchant may promote again (the tick would not).
    expect(await promoteVariant(SHOP_A, key, "A", { now: LATER })).toMatchObject({ ok: true });
    expect((await decisionsOf(SHOP_A)).map((row) => [row.winner, row.reversedAt])).toEqual([
      ["B", LATER],
      ["A", null],
    ]);
    // Shop B's own sends and decisions were never touched.
    expect(await decisionsOf(SHOP_B)).toEqual([]);
  });

  it("answers 409 when the experiment changed since the page loaded, or is another shop's", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const oldKey = await startEmailOneExperiment(SHOP_A, { rule: RULE });
    await seedVariantSends(SHOP_A, oldKey, "B", { sends: 3 });
    // The merchant edits variant B: a new experiment.
    const newKey = await startEmailOneExperiment(SHOP_A, { subjects: ["A new subject"] });
    expect(newKey).not.toBe(oldKey);
    const stale = await promoteVariant(SHOP_A, oldKey, "B", { now: NOW });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect(stale.ok ? "" : stale.reason).toMatch(/^This experiment is no longer running: its emails changed/);

    const theirs = await startEmailOneExperiment(SHOP_B, { subjects: ["Shop B's own subject"] });
    await seedVariantSends(SHOP_B, theirs, "B", { sends: 3 });
    expect(await promoteVariant(SHOP_A, theirs, "B", { now: NOW })).toMatchObject({ ok: false, status: 409 });
    expect(await prisma.experimentDecision.count()).toBe(0);
  });
});
