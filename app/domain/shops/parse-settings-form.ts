import type { z } from "zod";
import { formatMoney } from "~/lib/money";
import { LATE_SEND_DAYS, retentionNeeds } from "./retention-needs";
import { AudienceSchema, ShopSettingsSchema, type ShopSettings } from "./settings";
import { OFFER_ARMS } from "~/domain/discounts/offer-arms";
import type { CopyTone, EmailTemplate } from "~/domain/messages";
import {
  CHECKED,
  FIELD,
  FORM_ERROR,
  offerArmField,
  stepField,
  tierField,
  variantField,
  type DelayUnit,
  type FieldErrors,
  type SettingsSection,
} from "./settings-form";
import {
  converted,
  normaliseTimeOfDay,
  parseAmount,
  parseDelayMinutes,
  parsePercent,
  parseWholeNumber,
  refused,
  type Converted,
} from "./settings-values";

/**
 * One section of the Settings page, from its submitted form to a whole new settings document: the section's
 * fields are converted (decimal amounts to minor units, delays to minutes, one blocklist entry per line),
 * merged into the current settings, and the result is validated with ShopSettingsSchema, the same rules as
 * every other writer. Every problem comes back keyed by the name of the field it is about, and any problem
 * means no settings at all: the caller saves nothing. Warnings do not stop the save: the page shows them
 * after it.
 */

/** What this needs of FormData (URLSearchParams has it too). */
export interface FormFields {
  get(name: string): FormDataEntryValue | null;
  keys(): Iterable<string>;
}

export type SectionParse =
  { ok: true; settings: ShopSettings; warnings: string[] } | { ok: false; errors: FieldErrors };

export interface SectionContext {
  current: ShopSettings;
  currency: string;
  now: Date;
}

const BLOCKLIST = {
  emails: {
    entry: AudienceSchema.shape.blockedEmails.unwrap().element,
    one: "is not an email address",
    many: "are not email addresses",
  },
  domains: {
    entry: AudienceSchema.shape.blockedDomains.unwrap().element,
    one: "is not a domain such as example.com",
    many: "are not domains such as example.com",
  },
} as const;
/** Far above the schema's own limits (5,000 and 1,000 entries), so those speak first; this only bounds the work. */
const MAX_BLOCKLIST_LINES = 20_000;
const LINES_NAMED = 3;

/**
 * A blocklist typed one entry per line: blank lines skipped, entries normalised (lower case; "@example.com"
 * is the domain example.com) and de-duplicated. Bad lines are named by their line number.
 */
export function parseBlocklist(text: string, kind: keyof typeof BLOCKLIST): Converted<string[]> {
  const rule = BLOCKLIST[kind];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > MAX_BLOCKLIST_LINES) return refused(`must have at most ${MAX_BLOCKLIST_LINES} lines`);
  const entries = new Set<string>();
  const bad: string[] = [];
  lines.forEach((line, index) => {
    const entry = kind === "domains" ? line.trim().replace(/^@/, "") : line.trim();
    if (entry === "") return;
    const parsed = rule.entry.safeParse(entry);
    if (!parsed.success) {
      bad.push(`${index + 1} (“${entry.length > 40 ? `${entry.slice(0, 39)}…` : entry}”)`);
      return;
    }
    entries.add(parsed.data);
  });
  if (bad.length === 0) return converted([...entries]);
  const named = bad.slice(0, LINES_NAMED).join(", ");
  const more = bad.length > LINES_NAMED ? ` and ${bad.length - LINES_NAMED} more` : "";
  return refused(bad.length === 1 ? `Line ${named} ${rule.one}` : `Lines ${named}${more} ${rule.many}`);
}

function textOf(form: FormFields, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

const isChecked = (form: FormFields, name: string) => textOf(form, name) === CHECKED;

function nullable(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

/**
 * The row indices a list's fields carry ("tiers.0.percentOff", "steps.1.variants.0.subject" …), in order; at
 * most 100 rows are read.
 */
function rowIndices(form: FormFields, list: "tiers" | "steps" | `steps.${number}.variants`): number[] {
  const pattern = new RegExp(`^${list.replace(/\./g, "\\.")}\\.(\\d{1,2})\\.`);
  const indices = new Set<number>();
  for (const key of form.keys()) {
    const match = pattern.exec(key);
    if (match) indices.add(Number(match[1]));
  }
  return [...indices].sort((a, b) => a - b);
}

/** Keeps the first problem of each field: a conversion error explains more than the schema's follow-on. */
function note(errors: FieldErrors, field: string, message: string) {
  errors[field] ??= message;
}

/** The value, or NaN (which the schema refuses too) with the problem noted. */
function take(errors: FieldErrors, field: string, result: Converted<number>): number {
  if (result.ok) return result.value;
  note(errors, field, result.error);
  return Number.NaN;
}

function takeList(errors: FieldErrors, field: string, result: Converted<string[]>): string[] {
  if (result.ok) return result.value;
  note(errors, field, result.error);
  return [];
}

interface Draft {
  candidate: ShopSettings;
  errors: FieldErrors;
  /** The submitted row indices of each list, by position (variants: of each step, by the step's position). */
  rows: { tiers: number[]; steps: number[]; variants?: number[][] };
}

function formatMinutes(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

const MINUTES_PER_DAY = 24 * 60;

function formatSpan(minutes: number): string {
  if (minutes % MINUTES_PER_DAY !== 0) return formatMinutes(minutes);
  return minutes === MINUTES_PER_DAY ? "1 day" : `${minutes / MINUTES_PER_DAY} days`;
}

function draftTiers(form: FormFields, { current, currency }: SectionContext): Draft {
  const errors: FieldErrors = {};
  const rows = rowIndices(form, "tiers");
  const tiers = rows.map((index) => ({
    minimumSubtotalMinor: take(
      errors,
      tierField(index, "minimumSubtotal"),
      parseAmount(textOf(form, tierField(index, "minimumSubtotal")), currency),
    ),
    percentOff: take(
      errors,
      tierField(index, "percentOff"),
      parsePercent(textOf(form, tierField(index, "percentOff"))),
    ),
    freeShipping: isChecked(form, tierField(index, "freeShipping")),
  }));
  // Strictly ascending, said on the row that breaks it (the schema can only say it of the whole list).
  let highest: { minor: number; position: number } | null = null;
  tiers.forEach((tier, position) => {
    const minor = tier.minimumSubtotalMinor;
    if (!Number.isFinite(minor)) return;
    if (highest && minor <= highest.minor) {
      const money = formatMoney({ amountMinor: highest.minor, currency });
      note(
        errors,
        tierField(rows[position] as number, "minimumSubtotal"),
        `must be more than tier ${highest.position + 1} (${money}): tiers go from the smallest cart to the largest`,
      );
    }
    if (!highest || minor > highest.minor) highest = { minor, position };
  });
  const codeLifetimeHours = take(
    errors,
    FIELD.codeLifetimeHours,
    parseWholeNumber(textOf(form, FIELD.codeLifetimeHours)),
  );
  // "Everyone else"'s offer test sits with the tiers it splits (it needs at least one).
  const offerArms = OFFER_ARMS.filter((arm) => isChecked(form, offerArmField(arm)));
  return {
    candidate: { ...current, tiers, codeLifetimeHours, offerArms },
    errors,
    rows: { tiers: rows, steps: [] },
  };
}

function draftSteps(form: FormFields, { current }: SectionContext): Draft {
  const errors: FieldErrors = {};
  const rows = rowIndices(form, "steps");
  const variants = rows.map((index) => rowIndices(form, `steps.${index}.variants`));
  const variantRows = (index: number) => variants[rows.indexOf(index)] ?? [];
  const steps = rows.map((index) => {
    const unitText = textOf(form, stepField(index, "delayUnit"));
    const unit: DelayUnit = unitText === "minutes" ? "minutes" : "hours";
    if (unitText !== "minutes" && unitText !== "hours") {
      note(errors, stepField(index, "delayUnit"), "must be minutes or hours");
    }
    return {
      delayMinutes: take(
        errors,
        stepField(index, "delay"),
        parseDelayMinutes(textOf(form, stepField(index, "delay")), unit),
      ),
      offer: isChecked(form, stepField(index, "offer")),
      subject: textOf(form, stepField(index, "subject")),
      // The selects' values; anything else is left for the schema to refuse at the field.
      template: textOf(form, stepField(index, "template")) as EmailTemplate,
      tone: textOf(form, stepField(index, "tone")) as CopyTone,
      sendWindowHours: take(
        errors,
        stepField(index, "sendWindowHours"),
        parseWholeNumber(textOf(form, stepField(index, "sendWindowHours"))),
      ),
      variants: variantRows(index).map((variant) => ({
        subject: textOf(form, variantField(index, variant, "subject")),
        template: textOf(form, variantField(index, variant, "template")) as EmailTemplate,
        tone: textOf(form, variantField(index, variant, "tone")) as CopyTone,
        offer: isChecked(form, variantField(index, variant, "offer")),
      })),
    };
  });
  let latest: { minutes: number; position: number } | null = null;
  steps.forEach((step, position) => {
    const minutes = step.delayMinutes;
    if (!Number.isFinite(minutes)) return;
    if (latest && minutes <= latest.minutes) {
      note(
        errors,
        stepField(rows[position] as number, "delay"),
        `must be later than email ${latest.position + 1} (${formatMinutes(latest.minutes)}): each email goes out after the one before`,
      );
    }
    if (!latest || minutes > latest.minutes) latest = { minutes, position };
  });
  return { candidate: { ...current, steps }, errors, rows: { tiers: [], steps: rows, variants } };
}

/** The content experiments' promotion rule and the send-time control share. */
function draftExperiments(form: FormFields, { current }: SectionContext): Draft {
  const errors: FieldErrors = {};
  const number = (field: string) => take(errors, field, parseWholeNumber(textOf(form, field)));
  const candidate: ShopSettings = {
    ...current,
    experiments: {
      autoPromote: isChecked(form, FIELD.autoPromote),
      minSendsPerVariant: number(FIELD.minSendsPerVariant),
      rule: textOf(form, FIELD.experimentRule) as ShopSettings["experiments"]["rule"],
      levelPercent: take(errors, FIELD.experimentLevel, parsePercent(textOf(form, FIELD.experimentLevel))),
    },
    sendTime: {
      controlPercent: take(
        errors,
        FIELD.sendTimeControlPercent,
        parsePercent(textOf(form, FIELD.sendTimeControlPercent)),
      ),
    },
  };
  return { candidate, errors, rows: { tiers: [], steps: [] } };
}

/** Margins and who may use a code. An empty floor is no floor; the default margin is required. */
function draftProfit(form: FormFields, { current }: SectionContext): Draft {
  const errors: FieldErrors = {};
  const floorText = textOf(form, FIELD.marginFloorPercent);
  const candidate: ShopSettings = {
    ...current,
    defaultMarginPercent: take(
      errors,
      FIELD.defaultMarginPercent,
      parsePercent(textOf(form, FIELD.defaultMarginPercent)),
    ),
    marginFloorPercent:
      floorText.trim() === "" ? null : take(errors, FIELD.marginFloorPercent, parsePercent(floorText)),
    customerBoundCodes: isChecked(form, FIELD.customerBoundCodes),
  };
  return { candidate, errors, rows: { tiers: [], steps: [] } };
}

function draftAudience(form: FormFields, { current }: SectionContext): Draft {
  const errors: FieldErrors = {};
  const number = (field: string) => take(errors, field, parseWholeNumber(textOf(form, field)));
  const quietStart = normaliseTimeOfDay(textOf(form, FIELD.quietHoursStart));
  const quietEnd = normaliseTimeOfDay(textOf(form, FIELD.quietHoursEnd));
  const quietEnabled = isChecked(form, FIELD.quietHoursEnabled);
  // Equal ends would make the window empty (the sender treats it as "never quiet"): say so instead.
  if (quietEnabled && quietStart === quietEnd && /^\d\d:\d\d$/.test(quietEnd)) {
    note(errors, FIELD.quietHoursEnd, "must differ from the start");
  }
  const audience: ShopSettings["audience"] = {
    mode: textOf(form, FIELD.audienceMode) as ShopSettings["audience"]["mode"],
    excludeTestCheckouts: isChecked(form, FIELD.excludeTestCheckouts),
    quietHours: { enabled: quietEnabled, start: quietStart, end: quietEnd },
    sequenceCooldownDays: number(FIELD.sequenceCooldownDays),
    minHoursBetweenEmails: number(FIELD.minHoursBetweenEmails),
    maxCheckoutAgeDays: number(FIELD.maxCheckoutAgeDays),
    blockedEmails: takeList(
      errors,
      FIELD.blockedEmails,
      parseBlocklist(textOf(form, FIELD.blockedEmails), "emails"),
    ),
    blockedDomains: takeList(
      errors,
      FIELD.blockedDomains,
      parseBlocklist(textOf(form, FIELD.blockedDomains), "domains"),
    ),
  };
  return { candidate: { ...current, audience }, errors, rows: { tiers: [], steps: [] } };
}

function draftSender(form: FormFields, { current }: SectionContext): Draft {
  const accent = textOf(form, FIELD.accentColor).trim();
  const sender: ShopSettings["sender"] = {
    displayName: nullable(textOf(form, FIELD.displayName)),
    replyTo: nullable(textOf(form, FIELD.replyTo)),
    logoUrl: nullable(textOf(form, FIELD.logoUrl)),
    // "008060" is what a colour picker's hex box gives without the hash.
    accentColor: /^[0-9a-fA-F]{6}$/.test(accent) ? `#${accent}` : accent,
  };
  return { candidate: { ...current, sender }, errors: {}, rows: { tiers: [], steps: [] } };
}

function draftMeasurement(form: FormFields, { current }: SectionContext): Draft {
  const errors: FieldErrors = {};
  const number = (field: string) => take(errors, field, parseWholeNumber(textOf(form, field)));
  const candidate: ShopSettings = {
    ...current,
    aiCopy: { enabled: isChecked(form, FIELD.aiCopyEnabled) },
    holdoutPercent: take(errors, FIELD.holdoutPercent, parsePercent(textOf(form, FIELD.holdoutPercent))),
    attributionWindowDays: number(FIELD.attributionWindowDays),
    retentionDays: number(FIELD.retentionDays),
  };
  return { candidate, errors, rows: { tiers: [], steps: [] } };
}

/**
 * Pausing keeps an existing pause as it is (an automatic pause keeps its reason); resuming clears the reason,
 * so the next automatic pause is judged afresh.
 */
function draftSending(form: FormFields, { current, now }: SectionContext): Draft {
  const errors: FieldErrors = {};
  const action = textOf(form, FIELD.sendingAction);
  let sending = current.sending;
  if (action === "pause") {
    if (sending.status !== "PAUSED") {
      sending = { status: "PAUSED", pausedReason: "MERCHANT", pausedAt: now.toISOString() };
    }
  } else if (action === "resume") {
    sending = { status: "ACTIVE", pausedReason: null, pausedAt: null };
  } else {
    note(errors, FIELD.sendingAction, "must be pause or resume");
  }
  return { candidate: { ...current, sending }, errors, rows: { tiers: [], steps: [] } };
}

const DRAFTS: Record<SettingsSection, (form: FormFields, context: SectionContext) => Draft> = {
  tiers: draftTiers,
  steps: draftSteps,
  experiments: draftExperiments,
  profit: draftProfit,
  audience: draftAudience,
  sender: draftSender,
  measurement: draftMeasurement,
  sending: draftSending,
};

/** The top-level settings each section may change: anything else in an error is not this form's doing. */
const SECTION_ROOTS: Record<SettingsSection, string[]> = {
  tiers: ["tiers", "codeLifetimeHours", "offerArms"],
  steps: ["steps"],
  experiments: ["experiments", "sendTime"],
  profit: ["defaultMarginPercent", "marginFloorPercent", "customerBoundCodes"],
  audience: ["audience"],
  sender: ["sender"],
  measurement: ["aiCopy", "holdoutPercent", "attributionWindowDays", "retentionDays"],
  sending: ["sending"],
};

/** The form field a schema issue is about: the stored path, renamed where the form uses another unit. */
function fieldOf(path: PropertyKey[], rows: Draft["rows"]): string {
  const [root, position, key, variant, variantKey] = path;
  if ((root === "tiers" || root === "steps") && typeof position === "number") {
    const index = rows[root][position] ?? position;
    if (key === undefined) return `${root}.${index}`;
    // A variant's field, or the variant as a whole (one the same as another).
    if (root === "steps" && key === "variants" && typeof variant === "number") {
      const submitted = rows.variants?.[position]?.[variant] ?? variant;
      return `${stepField(index, "variants")}.${submitted}${variantKey === undefined ? "" : `.${String(variantKey)}`}`;
    }
    const renamed =
      key === "minimumSubtotalMinor" ? "minimumSubtotal" : key === "delayMinutes" ? "delay" : key;
    return `${root}.${index}.${String(renamed)}`;
  }
  // A blocklist's problems are on the textarea as a whole (bad lines were named by number already).
  if (root === "audience" && (position === "blockedEmails" || position === "blockedDomains")) {
    return `audience.${position}`;
  }
  return path.length === 0 ? FORM_ERROR : path.map(String).join(".");
}

/** Messages for the schema's bare rules; messages written in the schema itself take precedence over these. */
const plainMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return issue.minimum === 1 ? "is required" : undefined;
      if (issue.origin === "array") return `needs at least ${issue.minimum}`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      if (issue.origin === "array") return `allows at most ${issue.maximum} entries`;
      return `must be at most ${issue.maximum}`;
    case "invalid_type":
      return issue.input === undefined || issue.input === null ? "is required" : "is not valid";
    case "invalid_value":
      return "is not one of the choices";
    case "invalid_format":
      return "is not valid";
    default:
      return undefined;
  }
};

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

const refusal = (errors: FieldErrors): SectionParse => ({
  ok: false,
  errors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, sentence(message)])),
});

/**
 * Personal data kept for less time than the sequence runs is refused: the shopper's email would be deleted
 * before the last emails go out, so they never would, which no merchant setting both means. Kept for less
 * than the sequence plus the attribution window only warns: every email still goes out and keeping less
 * data may be the merchant's choice, but orders matched by the shopper's email alone late in the window
 * then count as recovered on their own. Checked by the two sections that change these settings.
 */
function checkRetention(
  section: "steps" | "measurement",
  settings: ShopSettings,
  rows: Draft["rows"],
): { errors: FieldErrors; warnings: string[] } {
  const { retentionDays, attributionWindowDays } = settings;
  const needs = retentionNeeds(settings);
  const span = formatSpan(needs.sequenceSpanMinutes);
  const errors: FieldErrors = {};
  if (retentionDays < needs.sequenceDays) {
    if (section === "measurement") {
      note(
        errors,
        FIELD.retentionDays,
        `must be at least ${needs.sequenceDays} days: your last recovery email goes out ${span} after the checkout, and the shopper's email must still be kept to send it (with a day's margin for quiet hours and retries)`,
      );
      return { errors, warnings: [] };
    }
    // The emails due later than the address is kept, each said at its own delay.
    const latestDays = retentionDays - LATE_SEND_DAYS;
    settings.steps.forEach((step, position) => {
      if (step.delayMinutes <= latestDays * MINUTES_PER_DAY) return;
      note(
        errors,
        stepField(rows.steps[position] ?? position, "delay"),
        `must be at most ${latestDays * 24} hours (${latestDays} days): personal data is kept for ${retentionDays} days (AI copy, measurement and data), and the shopper's email would be deleted before this email goes out`,
      );
    });
    return { errors, warnings: [] };
  }
  if (retentionDays >= needs.attributionDays) return { errors, warnings: [] };
  return {
    errors,
    warnings: [
      `Personal data is kept for ${retentionDays} days, but an order can count as recovered by email up to ${needs.attributionDays} days after the checkout (the last email at ${span}, then the ${attributionWindowDays}-day attribution window, with a day's margin). Orders matched by the shopper's email alone after ${retentionDays} days will count as recovered on their own; keep personal data for ${needs.attributionDays} days to measure the whole window.`,
    ],
  };
}

export function parseSettingsSection(
  section: SettingsSection,
  form: FormFields,
  context: SectionContext,
): SectionParse {
  const { candidate, errors, rows } = DRAFTS[section](form, context);
  const parsed = ShopSettingsSchema.safeParse(candidate, { error: plainMessages });
  for (const issue of parsed.error?.issues ?? []) {
    // The order of tiers and steps was checked row by row above, where the message can name the row.
    const isListOrder = issue.path.length === 1 && (issue.path[0] === "tiers" || issue.path[0] === "steps");
    if (issue.code === "custom" && isListOrder) continue;
    const field = fieldOf(issue.path, rows);
    if (SECTION_ROOTS[section].includes(field.split(".")[0] ?? "")) note(errors, field, issue.message);
    else note(errors, FORM_ERROR, `${field} ${issue.message}`);
  }
  if (!parsed.success && Object.keys(errors).length === 0) {
    note(errors, FORM_ERROR, parsed.error.issues[0]?.message ?? "is not valid");
  }
  if (!parsed.success || Object.keys(errors).length > 0) return refusal(errors);
  if (section !== "steps" && section !== "measurement") {
    return { ok: true, settings: parsed.data, warnings: [] };
  }
  const retention = checkRetention(section, parsed.data, rows);
  if (Object.keys(retention.errors).length > 0) return refusal(retention.errors);
  return { ok: true, settings: parsed.data, warnings: retention.warnings };
}
