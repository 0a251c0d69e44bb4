import { prisma } from "~/db.server";
import { CONTENT_VARIANTS, type ContentVariant } from "~/domain/messages";
import { getShopSettings } from "~/domain/shops";
import { logger } from "~/lib/logger.server";
import { judgeContentExperiment, type ExperimentVerdict } from "./content-experiment";
import { listCurrentExperiments, type CurrentExperiment } from "./current-experiments.server";
import type { DecidedBy } from "./get-content-experiments.server";
import { NO_COUNTS, tallyExperiments, type VariantCounts } from "./tally-experiments.server";

/**
 * Decisions of content experiments: the tick promotes a winner when the shop's rule holds
 * (evaluateExperiments), the merchant may promote any variant that went out or undo a decision. A standing
 * decision (not undone) makes the engine send its variant to every checkout (sequences' ShopContext.winners);
 * undoing it restarts the draw, and an experiment that was ever decided is never promoted automatically
 * again: the merchant's undo stands until they promote by hand.
 */

export type ExperimentActionResult =
  { ok: true; message: string } | { ok: false; status: 400 | 404 | 409; reason: string };

/** What a decision was taken on, stored with it: the rule and the counts, no personal data. */
interface DecisionEvidence {
  rule: ExperimentVerdict["rule"];
  levelPercent: number;
  minSendsPerVariant: number;
  ruleHeld: boolean;
  variants: Array<{ variant: ContentVariant } & VariantCounts>;
  comparisons: Array<{ versus: ContentVariant; estimate: number; low: number; high: number } | null>;
  probabilityBest: number | null;
  sentence: string;
}

function evidenceOf(
  variants: Array<{ variant: ContentVariant } & VariantCounts>,
  verdict: ExperimentVerdict,
): DecisionEvidence {
  return {
    rule: verdict.rule,
    levelPercent: verdict.levelPercent,
    minSendsPerVariant: verdict.minSendsPerVariant,
    ruleHeld: verdict.outcome === "WINNER",
    variants,
    comparisons: verdict.comparisons.map(({ versus, difference }) =>
      difference
        ? { versus, estimate: difference.estimate, low: difference.low, high: difference.high }
        : null,
    ),
    probabilityBest: verdict.probabilityBest,
    sentence: verdict.sentence,
  };
}

/**
 * Inserts a decision unless one already rules the experiment out: for AUTO any decision at all (an undone
 * experiment stays undone), for MERCHANT a standing one. Two ticks (or a tick and a merchant) may get here at
 * once and ExperimentDecision has no unique key that could refuse the second, so the check and the insert
 * run in one transaction that first takes the shop's row lock: a no-op update of its Shop row. On PostgreSQL
 * the second transaction waits at that update until the first commits, and its check then sees the first's
 * row (READ COMMITTED reads each statement afresh); SQLite runs one writing transaction at a time.
 */
async function insertDecision(
  shop: string,
  experiment: CurrentExperiment,
  {
    winner,
    decidedBy,
    evidence,
    now,
  }: { winner: ContentVariant; decidedBy: DecidedBy; evidence: DecisionEvidence; now: Date },
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "Shop" SET "installState" = "installState" WHERE "domain" = ${shop}`;
    const blocking = await tx.experimentDecision.count({
      where: {
        shop,
        experimentKey: experiment.experimentKey,
        ...(decidedBy === "MERCHANT" ? { reversedAt: null } : {}),
      },
    });
    if (blocking > 0) return false;
    await tx.experimentDecision.create({
      data: {
        shop,
        experimentKey: experiment.experimentKey,
        segmentId: experiment.segmentId,
        step: experiment.step,
        winner,
        decidedBy,
        evidence: JSON.stringify(evidence),
        decidedAt: now,
      },
    });
    return true;
  });
}

const variantCountsOf = (
  experiment: CurrentExperiment,
  counts: Map<ContentVariant, VariantCounts> | undefined,
) => experiment.variants.map(({ variant }) => ({ variant, ...(counts?.get(variant) ?? NO_COUNTS) }));

/**
 * The tick's check of a shop's experiments: each current experiment that was never decided (nor undone) is
 * promoted when automatic promotion is on and the rule holds. Safe to run again and from two ticks at once.
 * Counts per outcome.
 */
export async function evaluateExperiments(
  shop: string,
  { now }: { now: Date },
): Promise<Record<string, number>> {
  const settings = await getShopSettings(shop);
  if (!settings.experiments.autoPromote) return {};
  const experiments = await listCurrentExperiments(shop, settings);
  if (experiments.length === 0) return {};
  const decided = new Set(
    (
      await prisma.experimentDecision.findMany({
        where: { shop, experimentKey: { in: experiments.map((experiment) => experiment.experimentKey) } },
        select: { experimentKey: true },
      })
    ).map((row) => row.experimentKey),
  );
  const open = experiments.filter((experiment) => !decided.has(experiment.experimentKey));
  const tallies = await tallyExperiments(
    shop,
    open.map((experiment) => experiment.experimentKey),
  );
  const counts: Record<string, number> = {};
  const add = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  for (const experiment of open) {
    const variants = variantCountsOf(experiment, tallies.get(experiment.experimentKey));
    const verdict = judgeContentExperiment(variants, settings.experiments);
    if (!verdict.winner) {
      add(
        verdict.outcome === "TOO_FEW_SENDS" || verdict.outcome === "NO_SENDS" ? "too_few_sends" : "undecided",
      );
      continue;
    }
    const inserted = await insertDecision(shop, experiment, {
      winner: verdict.winner,
      decidedBy: "AUTO",
      evidence: evidenceOf(variants, verdict),
      now,
    });
    add(inserted ? "promoted" : "decided_elsewhere");
    if (inserted)
      logger.info(
        {
          shop,
          unit: "experiments",
          segmentId: experiment.segmentId,
          step: experiment.step,
          winner: verdict.winner,
        },
        "content experiment decided: its winner goes to every checkout",
      );
  }
  return counts;
}

const isContentVariant = (value: string): value is ContentVariant =>
  (CONTENT_VARIANTS as readonly string[]).includes(value);

const stale = (): ExperimentActionResult => ({
  ok: false,
  status: 409,
  reason:
    "This experiment is no longer running: its emails changed since this page loaded. Reload the page to see the current experiments.",
});

/**
 * The merchant promotes a variant (the dashboard's "Promote"): any variant of a current experiment that went
 * out at least once, whatever the rule says (the card warns when it does not hold). Refused while another
 * decision stands, and when the experiment is no longer current (409: the page is stale).
 */
export async function promoteVariant(
  shop: string,
  experimentKey: string,
  variant: string,
  { now }: { now: Date },
): Promise<ExperimentActionResult> {
  if (!isContentVariant(variant)) return { ok: false, status: 400, reason: `"${variant}" is not a variant.` };
  const settings = await getShopSettings(shop);
  const experiment = (await listCurrentExperiments(shop, settings)).find(
    (candidate) => candidate.experimentKey === experimentKey,
  );
  if (!experiment) return stale();
  if (!experiment.variants.some((candidate) => candidate.variant === variant))
    return { ok: false, status: 400, reason: `This experiment has no variant ${variant}.` };
  const tallies = await tallyExperiments(shop, [experimentKey]);
  const variants = variantCountsOf(experiment, tallies.get(experimentKey));
  if ((variants.find((candidate) => candidate.variant === variant)?.sends ?? 0) === 0)
    return {
      ok: false,
      status: 409,
      reason: `Variant ${variant} has not been sent yet: there is nothing to promote.`,
    };
  const verdict = judgeContentExperiment(variants, settings.experiments);
  const inserted = await insertDecision(shop, experiment, {
    winner: variant,
    decidedBy: "MERCHANT",
    evidence: evidenceOf(variants, verdict),
    now,
  });
  if (!inserted)
    return {
      ok: false,
      status: 409,
      reason: "A variant of this experiment is already promoted. Undo that decision first.",
    };
  logger.info(
    { shop, unit: "experiments", segmentId: experiment.segmentId, step: experiment.step, winner: variant },
    "content experiment decided by the merchant",
  );
  return {
    ok: true,
    message: `Variant ${variant} now goes to every checkout at email ${experiment.step} of ${experiment.segmentName}.`,
  };
}

/** The merchant undoes a decision: the draw between the variants resumes from the next email on. */
export async function undoDecision(
  shop: string,
  decisionId: string,
  { now }: { now: Date },
): Promise<ExperimentActionResult> {
  const { count } = await prisma.experimentDecision.updateMany({
    where: { id: decisionId, shop, reversedAt: null },
    data: { reversedAt: now },
  });
  if (count === 1) {
    logger.info({ shop, unit: "experiments", decisionId }, "content experiment decision undone");
    return { ok: true, message: "Undone: each checkout gets one of the variants again, drawn at random." };
  }
  const found = await prisma.experimentDecision.findFirst({
    where: { id: decisionId, shop },
    select: { id: true },
  });
  return found
    ? { ok: false, status: 409, reason: "This decision was already undone." }
    : { ok: false, status: 404, reason: "This decision does not exist in your shop." };
}
