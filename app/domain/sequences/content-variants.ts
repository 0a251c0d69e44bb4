import crypto from "node:crypto";
import { CONTENT_VARIANTS, type ContentVariant } from "~/domain/messages";
import { variantOfStep, type SequenceStep, type StepVariant } from "~/domain/shops";
import { deterministicDraw } from "./deterministic-draw";

/**
 * A step's content experiment: the step as written is variant A, its alternatives B and C. Each checkout gets
 * one, drawn from its id and the step number (so a retry, a restart or a second worker draws the same), until
 * the experiment is decided: then every checkout gets the winner.
 *
 * An experiment is one segment's step with one set of variants: its key hashes the segment, the step number
 * and every variant's content, so editing the variants starts a new experiment and never mixes the figures
 * of two different sets of emails.
 */

export interface ChosenContent {
  /** A, B or C when the step runs an experiment, null when it does not. */
  variant: ContentVariant | null;
  content: StepVariant;
  /**
   * The experiment the send counts in: null without one, and null once it is decided (a promoted variant is
   * no longer drawn, so its sends are no longer a comparison).
   */
  experimentKey: string | null;
  /** The variant was promoted by a decision, not drawn. */
  promoted: boolean;
}

/** The variants of a step in order: A (the step itself), then B and C. */
export function variantsOfStep(step: SequenceStep): StepVariant[] {
  return [variantOfStep(step), ...step.variants];
}

export function experimentKeyOf(segmentId: string, stepNumber: number, step: SequenceStep): string | null {
  if (step.variants.length === 0) return null;
  const contents = variantsOfStep(step).map(({ subject, template, tone, offer }) => [
    subject,
    template,
    tone,
    offer,
  ]);
  const digest = crypto
    .createHash("sha256")
    .update(JSON.stringify([segmentId, stepNumber, contents]))
    .digest("hex");
  return `x${digest.slice(0, 15)}`;
}

/**
 * The variant a checkout gets for a step, drawn from the shop and the checkout's Shopify token (as the holdout,
 * offer and send-time draws are): the same checkout draws the same in every process and on every replay of
 * the same webhooks, whatever id the database gave its row.
 */
export function chooseContent(
  step: SequenceStep,
  {
    shop,
    checkoutToken,
    stepNumber,
    segmentId,
    winnerOf,
  }: {
    shop: string;
    checkoutToken: string;
    stepNumber: number;
    segmentId: string;
    /** The variant a decided experiment promoted, if any. */
    winnerOf: (experimentKey: string) => ContentVariant | undefined;
  },
): ChosenContent {
  const experimentKey = experimentKeyOf(segmentId, stepNumber, step);
  const variants = variantsOfStep(step);
  if (!experimentKey)
    return { variant: null, content: variants[0] as StepVariant, experimentKey: null, promoted: false };
  const winner = winnerOf(experimentKey);
  const promoted = winner !== undefined && CONTENT_VARIANTS.indexOf(winner) < variants.length;
  const index = promoted
    ? CONTENT_VARIANTS.indexOf(winner)
    : Math.floor(deterministicDraw("variant", shop, checkoutToken, String(stepNumber)) * variants.length);
  return {
    variant: CONTENT_VARIANTS[index] as ContentVariant,
    content: variants[index] as StepVariant,
    experimentKey: promoted ? null : experimentKey,
    promoted,
  };
}
