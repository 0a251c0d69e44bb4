import type { CopyTone, EmailTemplate } from "~/domain/messages";
import type { SequenceStep, StepVariant } from "./settings";

/**
 * What both step editors (the Settings page's recovery emails and each segment's emails) show of a step's
 * content beyond its delay, subject and offer: its design, its tone, how long it may wait for the shopper's
 * best hour, and its content experiment (variants B and C). Strings while typed, as each editor's other fields.
 *
 * Pure and free of zod: the editors run in the browser.
 */

/** One alternative to the step as written (A). */
export interface VariantForm {
  subject: string;
  template: EmailTemplate;
  tone: CopyTone;
  offer: boolean;
}

export interface StepContentForm {
  template: EmailTemplate;
  tone: CopyTone;
  /** Whole hours as typed in the select: "0" sends at the delay. */
  sendWindowHours: string;
  variants: VariantForm[];
}

/** A step's own fields a variant may change: A, to compare the variants with. */
export type StepAsVariant = StepContentForm & { subject: string; offer: boolean };

/** The designs in the order the select lists them, each with the line that says what it is. */
export const TEMPLATE_LABELS: Record<EmailTemplate, string> = {
  PRODUCT: "Product-led: the cart's items lead",
  IMAGE: "Image-led: large product pictures",
  OFFER: "Offer-led: the code and its expiry lead",
  NOTE: "Personal note: a plain note from you, little styling",
};

export const TONE_LABELS: Record<CopyTone, string> = { FRIENDLY: "Friendly", DIRECT: "Direct" };

const TEMPLATES = Object.keys(TEMPLATE_LABELS) as EmailTemplate[];

/**
 * As many variants and hours as SequenceStepSchema allows (a test keeps them in step); repeated so the editors
 * do not pull the schema, and zod with it, into the browser.
 */
export const MAX_VARIANTS = 2;
export const MAX_WINDOW_HOURS = 24;
/** The letters of the variants after A, by position. */
export const VARIANT_LETTERS = ["B", "C"] as const;

const WINDOW_CHOICES = [0, 1, 2, 3, 6, 12, MAX_WINDOW_HOURS];

/**
 * The send-window select's options. A stored window that is not one of the choices (the schema allows any whole
 * hour up to 24) is listed too, so the select shows what is stored rather than silently changing it.
 */
export function sendWindowOptions(current: string): { label: string; value: string }[] {
  const stored = Number(current);
  const hours =
    /^\d+$/.test(current) && stored <= MAX_WINDOW_HOURS && !WINDOW_CHOICES.includes(stored)
      ? [...WINDOW_CHOICES, stored].sort((a, b) => a - b)
      : WINDOW_CHOICES;
  return hours.map((hour) => ({
    label: hour === 0 ? "Off: send at the delay" : `Up to ${hour} ${hour === 1 ? "hour" : "hours"} later`,
    value: String(hour),
  }));
}

export const templateOptions = TEMPLATES.map((value) => ({ label: TEMPLATE_LABELS[value], value }));
export const toneOptions = (Object.keys(TONE_LABELS) as CopyTone[]).map((value) => ({
  label: TONE_LABELS[value],
  value,
}));

export function stepContentToForm(step: SequenceStep): StepContentForm {
  return {
    template: step.template,
    tone: step.tone,
    sendWindowHours: String(step.sendWindowHours),
    variants: step.variants.map(({ subject, template, tone, offer }) => ({ subject, template, tone, offer })),
  };
}

/**
 * The content of an email added after `last`: its design, tone and send window, with no experiment; the
 * schema's defaults when it is the first.
 */
export function nextStepContent(last: StepContentForm | undefined): StepContentForm {
  if (!last) return { template: "PRODUCT", tone: "FRIENDLY", sendWindowHours: "0", variants: [] };
  return { template: last.template, tone: last.tone, sendWindowHours: last.sendWindowHours, variants: [] };
}

/**
 * The variant "Add variant" appends: A's subject, tone and offer in the first design that neither A nor another
 * variant uses, so it already differs from each of them (as the schema asks) and tests one thing, the design.
 */
export function newVariantRow(step: StepAsVariant): VariantForm {
  const taken = new Set([step.template, ...step.variants.map((variant) => variant.template)]);
  const template = TEMPLATES.find((candidate) => !taken.has(candidate)) ?? step.template;
  return { subject: step.subject, template, tone: step.tone, offer: step.offer };
}

/** The step content as a segment's strategy posts it: the window as a number, or null when it is not one. */
export function stepContentFromForm(content: StepContentForm): {
  template: EmailTemplate;
  tone: CopyTone;
  sendWindowHours: number | null;
  variants: StepVariant[];
} {
  const hours = content.sendWindowHours.trim();
  return {
    template: content.template,
    tone: content.tone,
    sendWindowHours: /^\d{1,4}$/.test(hours) ? Number(hours) : null,
    variants: content.variants.map(({ subject, template, tone, offer }) => ({
      subject,
      template,
      tone,
      offer,
    })),
  };
}
