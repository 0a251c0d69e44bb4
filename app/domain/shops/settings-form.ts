// The pure module, not the folder's index: the page's client code reads this file.
import { OFFER_ARMS, type OfferArm } from "~/domain/discounts/offer-arms";
import { formatDecimal, majorToMinor, parseMinorUnits } from "~/lib/money";
import type { ShopSettings } from "./settings";
import {
  nextStepContent,
  stepContentToForm,
  type StepContentForm,
  type VariantForm,
} from "./step-content-form";

/**
 * The Settings page's view of ShopSettings: every section as the strings and booleans its form fields hold,
 * and the names those fields carry. A field's name is the path of the setting it edits ("tiers.1.percentOff",
 * "audience.quietHours.start"), except where the form holds a different unit than storage: a tier threshold
 * is typed as a decimal in the shop currency ("tiers.1.minimumSubtotal", stored as minimumSubtotalMinor) and
 * a step's delay as a number plus a unit ("steps.0.delay" + "steps.0.delayUnit", stored as delayMinutes).
 * Errors come back keyed by these same names, so the page puts each one next to its field.
 *
 * Pure: the page renders with it and the server parses with it.
 */

/** Each is one <Form> on the page, named by its hidden `intent` field. */
export const SETTINGS_SECTIONS = [
  "tiers",
  "steps",
  "experiments",
  "profit",
  "audience",
  "sender",
  "measurement",
  "sending",
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];
/** The sections the contextual save bar covers; "sending" is a pause/resume button, not an edit. */
export type EditableSection = Exclude<SettingsSection, "sending">;

export const INTENT_FIELD = "intent";
/** The key of an error that belongs to no single field (shown in the section's banner). */
export const FORM_ERROR = "_form";

export type DelayUnit = "minutes" | "hours";

export interface TierForm {
  minimumSubtotal: string;
  percentOff: string;
  freeShipping: boolean;
}

/** A step's delay, offer and subject, and its content (design, tone, send window, variants). */
export interface StepForm extends StepContentForm {
  delay: string;
  delayUnit: DelayUnit;
  offer: boolean;
  subject: string;
}

export interface SettingsForm {
  /** offerArms: "Everyone else"'s offer test, one checkbox per offer (none checked: no test). */
  tiers: { tiers: TierForm[]; codeLifetimeHours: string; offerArms: Record<OfferArm, boolean> };
  steps: { steps: StepForm[] };
  /** The content experiments' promotion rule, and the send-time control share. */
  experiments: {
    autoPromote: boolean;
    minSendsPerVariant: string;
    rule: ShopSettings["experiments"]["rule"];
    levelPercent: string;
    sendTimeControlPercent: string;
  };
  /** marginFloorPercent: empty for no floor. */
  profit: { defaultMarginPercent: string; marginFloorPercent: string; customerBoundCodes: boolean };
  audience: {
    mode: ShopSettings["audience"]["mode"];
    excludeTestCheckouts: boolean;
    quietHours: { enabled: boolean; start: string; end: string };
    sequenceCooldownDays: string;
    minHoursBetweenEmails: string;
    maxCheckoutAgeDays: string;
    /** One address (or domain) per line. */
    blockedEmails: string;
    blockedDomains: string;
  };
  sender: { displayName: string; replyTo: string; logoUrl: string; accentColor: string };
  measurement: {
    aiCopyEnabled: boolean;
    holdoutPercent: string;
    attributionWindowDays: string;
    retentionDays: string;
  };
}

export type FieldErrors = Record<string, string>;

/** Names of the fields that are not rows of a list. */
export const FIELD = {
  codeLifetimeHours: "codeLifetimeHours",
  /** Where errors about the offer test as a whole go (its checkboxes are offerArmField(arm)). */
  offerArms: "offerArms",
  defaultMarginPercent: "defaultMarginPercent",
  marginFloorPercent: "marginFloorPercent",
  customerBoundCodes: "customerBoundCodes",
  autoPromote: "experiments.autoPromote",
  minSendsPerVariant: "experiments.minSendsPerVariant",
  experimentRule: "experiments.rule",
  experimentLevel: "experiments.levelPercent",
  sendTimeControlPercent: "sendTime.controlPercent",
  audienceMode: "audience.mode",
  excludeTestCheckouts: "audience.excludeTestCheckouts",
  quietHoursEnabled: "audience.quietHours.enabled",
  quietHoursStart: "audience.quietHours.start",
  quietHoursEnd: "audience.quietHours.end",
  sequenceCooldownDays: "audience.sequenceCooldownDays",
  minHoursBetweenEmails: "audience.minHoursBetweenEmails",
  maxCheckoutAgeDays: "audience.maxCheckoutAgeDays",
  blockedEmails: "audience.blockedEmails",
  blockedDomains: "audience.blockedDomains",
  displayName: "sender.displayName",
  replyTo: "sender.replyTo",
  logoUrl: "sender.logoUrl",
  accentColor: "sender.accentColor",
  aiCopyEnabled: "aiCopy.enabled",
  holdoutPercent: "holdoutPercent",
  attributionWindowDays: "attributionWindowDays",
  retentionDays: "retentionDays",
  sendingAction: "sending.action",
} as const;

export const tierField = (index: number, key: keyof TierForm) => `tiers.${index}.${key}`;
export const stepField = (index: number, key: keyof StepForm) => `steps.${index}.${key}`;
/** A step's field by its path within the step, as the shared step content fields name them ("variants.0.tone"). */
export const stepPathField = (index: number, path: string) => `steps.${index}.${path}`;
/** A variant's field ("steps.0.variants.1.subject"); without a key, the variant as a whole. */
export const variantField = (step: number, variant: number, key?: keyof VariantForm) =>
  `${stepField(step, "variants")}.${variant}${key ? `.${key}` : ""}`;
export const offerArmField = (arm: OfferArm) => `offerArms.${arm}`;

/** The value a checked checkbox submits; an unchecked one submits nothing. */
export const CHECKED = "on";

const MINUTES_PER_HOUR = 60;

/** A delay in the unit a merchant would have typed: whole hours as hours, anything else as minutes. */
export function formatDelay(delayMinutes: number): { delay: string; delayUnit: DelayUnit } {
  return delayMinutes % MINUTES_PER_HOUR === 0
    ? { delay: String(delayMinutes / MINUTES_PER_HOUR), delayUnit: "hours" }
    : { delay: String(delayMinutes), delayUnit: "minutes" };
}

export function toSettingsForm(settings: ShopSettings, currency: string): SettingsForm {
  const { audience, sender } = settings;
  return {
    tiers: {
      tiers: settings.tiers.map((tier) => ({
        minimumSubtotal: formatDecimal(tier.minimumSubtotalMinor, currency),
        percentOff: String(tier.percentOff),
        freeShipping: tier.freeShipping,
      })),
      codeLifetimeHours: String(settings.codeLifetimeHours),
      offerArms: Object.fromEntries(
        OFFER_ARMS.map((arm) => [arm, settings.offerArms.includes(arm)]),
      ) as Record<OfferArm, boolean>,
    },
    steps: {
      steps: settings.steps.map((step) => ({
        ...formatDelay(step.delayMinutes),
        offer: step.offer,
        subject: step.subject,
        ...stepContentToForm(step),
      })),
    },
    experiments: {
      autoPromote: settings.experiments.autoPromote,
      minSendsPerVariant: String(settings.experiments.minSendsPerVariant),
      rule: settings.experiments.rule,
      levelPercent: String(settings.experiments.levelPercent),
      sendTimeControlPercent: String(settings.sendTime.controlPercent),
    },
    profit: {
      defaultMarginPercent: String(settings.defaultMarginPercent),
      marginFloorPercent: settings.marginFloorPercent === null ? "" : String(settings.marginFloorPercent),
      customerBoundCodes: settings.customerBoundCodes,
    },
    audience: {
      mode: audience.mode,
      excludeTestCheckouts: audience.excludeTestCheckouts,
      quietHours: { ...audience.quietHours },
      sequenceCooldownDays: String(audience.sequenceCooldownDays),
      minHoursBetweenEmails: String(audience.minHoursBetweenEmails),
      maxCheckoutAgeDays: String(audience.maxCheckoutAgeDays),
      blockedEmails: audience.blockedEmails.join("\n"),
      blockedDomains: audience.blockedDomains.join("\n"),
    },
    sender: {
      displayName: sender.displayName ?? "",
      replyTo: sender.replyTo ?? "",
      logoUrl: sender.logoUrl ?? "",
      accentColor: sender.accentColor,
    },
    measurement: {
      aiCopyEnabled: settings.aiCopy.enabled,
      holdoutPercent: String(settings.holdoutPercent),
      attributionWindowDays: String(settings.attributionWindowDays),
      retentionDays: String(settings.retentionDays),
    },
  };
}

/**
 * The row "Add tier" appends: double the last threshold (100 when the last is 0 or unreadable), 5 points more
 * off, free shipping as the last tier has it. A starting point that already satisfies the ascending rule.
 */
export function newTierRow(rows: TierForm[], currency: string): TierForm {
  const last = rows.at(-1);
  if (!last) return { minimumSubtotal: formatDecimal(0, currency), percentOff: "0", freeShipping: true };
  const lastMinor = parseMinorUnits(last.minimumSubtotal, currency);
  const nextMinor = lastMinor && lastMinor > 0 ? lastMinor * 2 : majorToMinor(100, currency);
  const lastPercent = Number.parseInt(last.percentOff, 10);
  return {
    minimumSubtotal: formatDecimal(nextMinor, currency),
    percentOff: String(Number.isFinite(lastPercent) ? Math.min(100, Math.max(0, lastPercent) + 5) : 0),
    freeShipping: last.freeShipping,
  };
}

/**
 * The email "Add email" appends: a day after the last one, with the offer, in the last one's design, tone and
 * send window, with no experiment.
 */
export function newStepRow(rows: StepForm[]): StepForm {
  const last = rows.at(-1);
  const lastMinutes = last ? Number(last.delay) * (last.delayUnit === "hours" ? MINUTES_PER_HOUR : 1) : 0;
  const nextMinutes = Number.isSafeInteger(lastMinutes) ? lastMinutes + 24 * MINUTES_PER_HOUR : 24 * 60;
  return { ...formatDelay(nextMinutes), offer: true, subject: "", ...nextStepContent(last) };
}

/**
 * What saving a section answers: the whole form as stored (normalised) with any warnings about what was
 * saved, or why nothing was saved.
 */
export type SettingsSaveResult =
  | { section: SettingsSection; ok: true; form: SettingsForm; warnings: string[] }
  | { section: SettingsSection; ok: false; errors: FieldErrors };

/**
 * As many tiers and emails as ShopSettingsSchema allows (a test keeps them in step). Repeated here so the
 * page's editor does not pull the schema, and zod with it, into the browser.
 */
export const MAX_TIERS = 10;
export const MAX_EMAILS = 5;

/**
 * The fields a section's form submits for these values, named as the page names them (a checked box sends
 * CHECKED, an unchecked one nothing, as browsers do). The render test holds the page to these names.
 */
export function sectionFields(section: EditableSection, form: SettingsForm): [string, string][] {
  const fields: [string, string][] = [[INTENT_FIELD, section]];
  const add = (name: string, value: string | boolean) => {
    if (typeof value === "string") fields.push([name, value]);
    else if (value) fields.push([name, CHECKED]);
  };
  switch (section) {
    case "tiers":
      form.tiers.tiers.forEach((tier, index) => {
        add(tierField(index, "minimumSubtotal"), tier.minimumSubtotal);
        add(tierField(index, "percentOff"), tier.percentOff);
        add(tierField(index, "freeShipping"), tier.freeShipping);
      });
      add(FIELD.codeLifetimeHours, form.tiers.codeLifetimeHours);
      for (const arm of OFFER_ARMS) add(offerArmField(arm), form.tiers.offerArms[arm]);
      break;
    case "steps":
      form.steps.steps.forEach((step, index) => {
        add(stepField(index, "delay"), step.delay);
        add(stepField(index, "delayUnit"), step.delayUnit);
        add(stepField(index, "offer"), step.offer);
        add(stepField(index, "subject"), step.subject);
        add(stepField(index, "template"), step.template);
        add(stepField(index, "tone"), step.tone);
        add(stepField(index, "sendWindowHours"), step.sendWindowHours);
        step.variants.forEach((variant, position) => {
          add(variantField(index, position, "subject"), variant.subject);
          add(variantField(index, position, "template"), variant.template);
          add(variantField(index, position, "tone"), variant.tone);
          add(variantField(index, position, "offer"), variant.offer);
        });
      });
      break;
    case "experiments": {
      const { experiments } = form;
      add(FIELD.autoPromote, experiments.autoPromote);
      add(FIELD.minSendsPerVariant, experiments.minSendsPerVariant);
      add(FIELD.experimentRule, experiments.rule);
      add(FIELD.experimentLevel, experiments.levelPercent);
      add(FIELD.sendTimeControlPercent, experiments.sendTimeControlPercent);
      break;
    }
    case "profit":
      add(FIELD.defaultMarginPercent, form.profit.defaultMarginPercent);
      add(FIELD.marginFloorPercent, form.profit.marginFloorPercent);
      add(FIELD.customerBoundCodes, form.profit.customerBoundCodes);
      break;
    case "audience": {
      const { audience } = form;
      add(FIELD.audienceMode, audience.mode);
      add(FIELD.excludeTestCheckouts, audience.excludeTestCheckouts);
      add(FIELD.quietHoursEnabled, audience.quietHours.enabled);
      add(FIELD.quietHoursStart, audience.quietHours.start);
      add(FIELD.quietHoursEnd, audience.quietHours.end);
      add(FIELD.sequenceCooldownDays, audience.sequenceCooldownDays);
      add(FIELD.minHoursBetweenEmails, audience.minHoursBetweenEmails);
      add(FIELD.maxCheckoutAgeDays, audience.maxCheckoutAgeDays);
      add(FIELD.blockedEmails, audience.blockedEmails);
      add(FIELD.blockedDomains, audience.blockedDomains);
      break;
    }
    case "sender":
      add(FIELD.displayName, form.sender.displayName);
      add(FIELD.replyTo, form.sender.replyTo);
      add(FIELD.logoUrl, form.sender.logoUrl);
      add(FIELD.accentColor, form.sender.accentColor);
      break;
    case "measurement":
      add(FIELD.aiCopyEnabled, form.measurement.aiCopyEnabled);
      add(FIELD.holdoutPercent, form.measurement.holdoutPercent);
      add(FIELD.attributionWindowDays, form.measurement.attributionWindowDays);
      add(FIELD.retentionDays, form.measurement.retentionDays);
      break;
  }
  return fields;
}
