import { prisma } from "~/db.server";
import { sequentialMean, wilsonInterval, type Interval } from "~/domain/analytics";
import {
  CONTENT_VARIANTS,
  COPY_TONE_LABELS,
  EMAIL_TEMPLATE_LABELS,
  type ContentVariant,
} from "~/domain/messages";
import { getShopSettings, type ExperimentRule, type StepVariant } from "~/domain/shops";
import { describeExperimentRule, judgeContentExperiment, type ExperimentVerdict } from "./content-experiment";
import { listCurrentExperiments } from "./current-experiments.server";
import { NO_COUNTS, tallyExperiments, type VariantCounts } from "./tally-experiments.server";

/**
 * The shop's current content experiments for the dashboard, plain data (ISO strings, numbers, minor units):
 * each variant's content and all-time figures with 95% intervals, the verdict of the shop's rule, the standing
 * decision and every decision taken (and undone) on the experiment.
 */

export interface ExperimentVariantFigures extends VariantCounts {
  variant: ContentVariant;
  content: StepVariant;
  /** The content but the subject, in words: "Product-led design · friendly tone · with the offer". */
  summary: string;
  /** Clicks and recoveries per email, with 95% Wilson intervals; null without emails. */
  clickRate: Interval | null;
  recoveryRate: Interval | null;
  /** Recovered revenue per email (minor units), with its always-valid 95% interval; null without emails. */
  revenuePerEmailMinor: Interval | null;
}

export const DECIDED_BY = ["AUTO", "MERCHANT"] as const;
export type DecidedBy = (typeof DECIDED_BY)[number];

export interface ExperimentDecisionView {
  id: string;
  winner: ContentVariant;
  decidedBy: DecidedBy;
  decidedAt: string;
  /** When the merchant undid it; null while it stands. */
  reversedAt: string | null;
}

export interface ContentExperimentFigures {
  experimentKey: string;
  segmentId: string;
  segmentName: string;
  step: number;
  variants: ExperimentVariantFigures[];
  verdict: ExperimentVerdict;
  /** The decision every checkout follows now, if any. */
  standing: ExperimentDecisionView | null;
  /** Every decision on this experiment, newest first. */
  decisions: ExperimentDecisionView[];
  /** No decision was ever taken: the tick may still promote a winner (an undone one it never promotes again). */
  isOpenToAutoPromotion: boolean;
}

export interface ContentExperiments {
  rule: ExperimentRule;
  /** The rule in one sentence. */
  ruleSentence: string;
  experiments: ContentExperimentFigures[];
}

const isContentVariant = (value: string): value is ContentVariant =>
  (CONTENT_VARIANTS as readonly string[]).includes(value);

/** A variant's figures for the card, from its counts. */
export function variantFigures(
  variant: ContentVariant,
  content: StepVariant,
  counts: VariantCounts,
): ExperimentVariantFigures {
  return {
    variant,
    content,
    summary: [
      `${EMAIL_TEMPLATE_LABELS[content.template]} design`,
      `${COPY_TONE_LABELS[content.tone].toLowerCase()} tone`,
      content.offer ? "with the offer" : "no offer",
    ].join(" · "),
    ...counts,
    clickRate: wilsonInterval({ successes: counts.clicks, trials: counts.sends }),
    recoveryRate: wilsonInterval({ successes: counts.recoveries, trials: counts.sends }),
    revenuePerEmailMinor: sequentialMean({
      n: counts.sends,
      sum: counts.revenueMinor,
      sumOfSquares: counts.revenueSumOfSquares,
    }),
  };
}

/** The decisions of the given experiments, per key, newest first. */
export async function findDecisions(
  shop: string,
  experimentKeys: readonly string[],
): Promise<Map<string, ExperimentDecisionView[]>> {
  const rows =
    experimentKeys.length === 0
      ? []
      : await prisma.experimentDecision.findMany({
          where: { shop, experimentKey: { in: [...experimentKeys] } },
          orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
          select: {
            id: true,
            experimentKey: true,
            winner: true,
            decidedBy: true,
            decidedAt: true,
            reversedAt: true,
          },
        });
  const byKey = new Map<string, ExperimentDecisionView[]>();
  for (const row of rows) {
    if (!isContentVariant(row.winner)) continue;
    const list = byKey.get(row.experimentKey) ?? [];
    byKey.set(row.experimentKey, list);
    list.push({
      id: row.id,
      winner: row.winner,
      decidedBy: row.decidedBy === "AUTO" ? "AUTO" : "MERCHANT",
      decidedAt: row.decidedAt.toISOString(),
      reversedAt: row.reversedAt?.toISOString() ?? null,
    });
  }
  return byKey;
}

export async function getContentExperiments(shop: string): Promise<ContentExperiments> {
  const settings = await getShopSettings(shop);
  const rule = settings.experiments;
  const experiments = await listCurrentExperiments(shop, settings);
  const keys = experiments.map((experiment) => experiment.experimentKey);
  const [tallies, decisions] = await Promise.all([tallyExperiments(shop, keys), findDecisions(shop, keys)]);
  return {
    rule,
    ruleSentence: describeExperimentRule(rule),
    experiments: experiments.map((experiment) => {
      const counts = tallies.get(experiment.experimentKey);
      const variants = experiment.variants.map(({ variant, content }) =>
        variantFigures(variant, content, counts?.get(variant) ?? NO_COUNTS),
      );
      const history = decisions.get(experiment.experimentKey) ?? [];
      return {
        experimentKey: experiment.experimentKey,
        segmentId: experiment.segmentId,
        segmentName: experiment.segmentName,
        step: experiment.step,
        variants,
        verdict: judgeContentExperiment(variants, rule),
        standing: history.find((decision) => decision.reversedAt === null) ?? null,
        decisions: history,
        isOpenToAutoPromotion: history.length === 0,
      };
    }),
  };
}
