import { z } from "zod";
// The pure module, not the folder's index: settings are read by the admin's client code too.
import { checkOfferArms, DiscountTierSchema, OfferArmsSchema } from "~/domain/discounts";
import {
  COPY_TONES,
  DEFAULT_COPY_TONE,
  DEFAULT_EMAIL_TEMPLATE,
  EMAIL_TEMPLATES,
} from "~/domain/messages/recovery-message";
import { majorToMinor } from "~/lib/money";

/**
 * A shop's Cartback settings: one JSON document validated by this schema. Every field has a default, so a
 * record written by an older version parses with the newer defaults filled in.
 */

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;
export const MAX_STEPS = 5;

const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use HH:MM, 24-hour");

const SubjectSchema = z.string().trim().min(1, "is required").max(150, "must be at most 150 characters");

/** What a content variant may change of its step: the subject, the design, the copy's tone, the offer. */
export const StepVariantSchema = z.object({
  subject: SubjectSchema,
  template: z.enum(EMAIL_TEMPLATES).default(DEFAULT_EMAIL_TEMPLATE),
  tone: z.enum(COPY_TONES).default(DEFAULT_COPY_TONE),
  offer: z.boolean(),
});
export type StepVariant = z.infer<typeof StepVariantSchema>;

/** The most hours a step may be held for the shopper's best hour (send-time optimisation). */
export const MAX_SEND_WINDOW_HOURS = 24;
/** The most alternatives to a step in its content experiment (B and C). */
export const MAX_STEP_VARIANTS = 2;

/** The step as its variant A: the fields a variant may change. */
export const variantOfStep = ({ subject, template, tone, offer }: StepVariant): StepVariant => ({
  subject,
  template,
  tone,
  offer,
});
const sameVariant = (a: StepVariant, b: StepVariant) =>
  a.subject === b.subject && a.template === b.template && a.tone === b.tone && a.offer === b.offer;

/**
 * A step stored before content experiments had an optional second subject (`subjectB`), an A/B test of the
 * subject: it reads as the experiment it was, a variant B that differs only in its subject.
 */
function fromSubjectTest(input: unknown): unknown {
  if (typeof input !== "object" || input === null || !("subjectB" in input)) return input;
  const { subjectB, ...step } = input as Record<string, unknown> & { subjectB: unknown };
  if ("variants" in step || typeof subjectB !== "string" || subjectB.trim() === "") return step;
  return { ...step, variants: [{ ...step, subject: subjectB }] };
}

export const SequenceStepSchema = z.preprocess(
  fromSubjectTest,
  z
    .object({
      /** Minutes after the checkout's last activity (Shopify's updated_at). */
      delayMinutes: z
        .number()
        .int()
        .min(15, "must be at least 15 minutes: Shopify's recovery link works only after about 10 minutes")
        .max(30 * MINUTES_PER_DAY, "must be at most 30 days"),
      /** Whether this step carries the tier discount. */
      offer: z.boolean(),
      subject: SubjectSchema,
      /** The email's design (app/domain/email/templates). */
      template: z.enum(EMAIL_TEMPLATES).default(DEFAULT_EMAIL_TEMPLATE),
      /** The copy's tone. */
      tone: z.enum(COPY_TONES).default(DEFAULT_COPY_TONE),
      /**
       * Send-time optimisation: the tick may hold the step up to this many hours after its delay, for the hour
       * the shopper is most likely to read it (app/domain/sequences/send-time.ts). 0: sent at the delay.
       */
      sendWindowHours: z
        .number()
        .int()
        .min(0, `must be between 0 and ${MAX_SEND_WINDOW_HOURS} hours`)
        .max(MAX_SEND_WINDOW_HOURS, `must be between 0 and ${MAX_SEND_WINDOW_HOURS} hours`)
        .default(0),
      /**
       * The step's content experiment: the alternatives (B, then C) to the step as written (A), each checkout
       * getting one, drawn by its id. Empty: no experiment.
       */
      variants: z
        .array(StepVariantSchema)
        .max(MAX_STEP_VARIANTS, `allows at most ${MAX_STEP_VARIANTS + 1} variants in all`)
        .default([]),
    })
    .superRefine((step, ctx) => {
      const all = [variantOfStep(step), ...step.variants];
      all.forEach((variant, index) => {
        if (index > 0 && all.slice(0, index).some((earlier) => sameVariant(earlier, variant)))
          ctx.addIssue({
            code: "custom",
            path: ["variants", index - 1],
            message: "must differ from the other variants in its subject, design, tone or offer",
          });
      });
    }),
);
export type SequenceStep = z.infer<typeof SequenceStepSchema>;

const DomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a domain such as example.com");

export const AudienceSchema = z.object({
  /** SUBSCRIBERS: only shoppers who accepted marketing. ALL: everyone who left an email. */
  mode: z.enum(["SUBSCRIBERS", "ALL"]).default("SUBSCRIBERS"),
  blockedEmails: z
    .array(z.string().trim().toLowerCase().pipe(z.email("must be an email address")))
    .max(5000)
    .default([]),
  blockedDomains: z.array(DomainSchema).max(1000).default([]),
  excludeTestCheckouts: z.boolean().default(true),
  /** Checkouts idle longer than this are never enrolled, so installing never emails old carts. */
  maxCheckoutAgeDays: z.number().int().min(1).max(60).default(7),
  /** At most one sequence per customer in this many days. */
  sequenceCooldownDays: z.number().int().min(0).max(365).default(14),
  /** No two recovery emails to one address within this many hours. */
  minHoursBetweenEmails: z.number().int().min(0).max(168).default(16),
  quietHours: z
    .object({ enabled: z.boolean(), start: TimeOfDaySchema, end: TimeOfDaySchema })
    .default({ enabled: true, start: "21:00", end: "08:00" }),
});

export const SenderSchema = z.object({
  /** Shown as the From name; null uses the shop's name. */
  displayName: z.string().trim().min(1).max(80).nullable().default(null),
  /** Where replies go; null uses the shop's contact email. */
  replyTo: z.email("must be an email address").nullable().default(null),
  logoUrl: z
    .url({ protocol: /^https$/, error: "must be an https URL" })
    .max(2048)
    .nullable()
    .default(null),
  accentColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour such as #008060")
    .default("#008060"),
});

export const SendingStateSchema = z.object({
  status: z.enum(["ACTIVE", "PAUSED"]).default("ACTIVE"),
  /** Why sending is paused: by the merchant, or automatically to protect the sender's reputation. */
  pausedReason: z.enum(["MERCHANT", "BOUNCE_RATE", "COMPLAINT_RATE"]).nullable().default(null),
  pausedAt: z.iso.datetime().nullable().default(null),
});

export function isStrictlyAscending(values: number[]): boolean {
  return values.every((value, index) => index === 0 || value > (values[index - 1] as number));
}

/** A sequence's steps and offer ladder, as the settings and every segment's strategy hold them. */
export const SequenceStepsSchema = z
  .array(SequenceStepSchema)
  .min(1, "needs at least one step")
  .max(MAX_STEPS, `allows at most ${MAX_STEPS} steps`);
export const DiscountTiersSchema = z.array(DiscountTierSchema).max(10, "allows at most 10 tiers");

/** The order rules of a sequence: each step later than the one before, tier thresholds ascending. */
export function checkSequenceOrder(
  sequence: { steps: { delayMinutes: number }[]; tiers: { minimumSubtotalMinor: number }[] },
  ctx: z.RefinementCtx,
): void {
  if (!isStrictlyAscending(sequence.steps.map((step) => step.delayMinutes)))
    ctx.addIssue({
      code: "custom",
      path: ["steps"],
      message: "each step must come later than the one before it",
    });
  if (!isStrictlyAscending(sequence.tiers.map((tier) => tier.minimumSubtotalMinor)))
    ctx.addIssue({ code: "custom", path: ["tiers"], message: "tier thresholds must be strictly ascending" });
}

export const EXPERIMENT_RULES = ["CONFIDENCE", "PROBABILITY"] as const;
export const EXPERIMENT_LEVELS = [90, 95, 99] as const;
export const ExperimentRuleSchema = z.object({
  autoPromote: z.boolean().default(true),
  minSendsPerVariant: z
    .number()
    .int()
    .min(50, "must be between 50 and 100,000")
    .max(100_000, "must be between 50 and 100,000")
    .default(400),
  rule: z.enum(EXPERIMENT_RULES).default("CONFIDENCE"),
  levelPercent: z
    .number()
    .int()
    .refine((level) => (EXPERIMENT_LEVELS as readonly number[]).includes(level), "must be 90, 95 or 99")
    .default(95),
});
export type ExperimentRule = z.infer<typeof ExperimentRuleSchema>;

export const ShopSettingsSchema = z
  .object({
    steps: SequenceStepsSchema,
    tiers: DiscountTiersSchema,
    /** Hours a discount code stays valid after the email that carries it. */
    codeLifetimeHours: z
      .number()
      .int()
      .min(1)
      .max(30 * 24)
      .default(72),
    audience: AudienceSchema.default(AudienceSchema.parse({})),
    sender: SenderSchema.default(SenderSchema.parse({})),
    aiCopy: z.object({ enabled: z.boolean() }).default({ enabled: true }),
    /** Share of enrolled checkouts that get no email, to measure incremental recoveries. */
    holdoutPercent: z.number().int().min(0).max(50).default(0),
    /** "Everyone else"'s offer test: none, or the offers its checkouts are split between (discounts/offer-arms). */
    offerArms: OfferArmsSchema.default([]),
    /**
     * The shop's gross margin on merchandise, as a percentage of the price before our discount, for orders
     * whose products' costs Shopify does not have: profit = merchandise x margin - our discount.
     */
    defaultMarginPercent: z
      .number()
      .int()
      .min(1, "must be between 1 and 100")
      .max(100, "must be between 1 and 100")
      .default(50),
    /**
     * No offer may take an order's margin below this percentage (after the discount); null: no floor. The tick
     * gives the largest offer that keeps it, and says on the timeline when the floor cut one.
     */
    marginFloorPercent: z
      .number()
      .int()
      .min(0, "must be between 0 and 95")
      .max(95, "must be between 0 and 95")
      .nullable()
      .default(null),
    /**
     * Codes only the checkout's Shopify customer may use (guest checkouts' codes stay open: Shopify can bind a
     * code to a customer only). Off: anyone with the code may use it once.
     */
    customerBoundCodes: z.boolean().default(true),
    /**
     * Content experiments (a step's variants): when a variant is promoted for every checkout. Never below
     * `minSendsPerVariant` sends of each variant; then CONFIDENCE: the always-valid interval (at levelPercent) of
     * the leader's recoveries per email minus each other variant's is above zero; PROBABILITY: the posterior
     * probability (uniform priors) that the leader recovers the most per email is at least levelPercent.
     * autoPromote off: the dashboard offers "Promote" when the rule holds, and nothing happens by itself.
     */
    experiments: ExperimentRuleSchema.default(ExperimentRuleSchema.parse({})),
    /**
     * Send-time optimisation's control: this share of the checkouts whose sequence holds steps for the
     * shopper's best hour are sent at the plain delay, to measure whether holding pays.
     */
    sendTime: z
      .object({
        controlPercent: z
          .number()
          .int()
          .min(0, "must be between 0 and 50")
          .max(50, "must be between 0 and 50")
          .default(20),
      })
      .default({ controlPercent: 20 }),
    /** Orders within this many days of the last email count as recovered by it. */
    attributionWindowDays: z.number().int().min(1).max(30).default(7),
    /** Personal data of checkouts older than this is deleted; anonymous counts stay. */
    retentionDays: z.number().int().min(7).max(730).default(90),
    sending: SendingStateSchema.default(SendingStateSchema.parse({})),
    /**
     * Setup steps only the merchant can confirm (the app cannot see them), with when they said so (ISO 8601).
     * Shopify's own abandoned checkout email: the Admin API does not tell whether it is on (see
     * docs/decisions/0011-shopify-own-abandoned-checkout-email.md).
     */
    setupChecks: z
      .object({ shopifyEmailResolvedAt: z.iso.datetime().nullable().default(null) })
      .default({ shopifyEmailResolvedAt: null }),
  })
  .superRefine((settings, ctx) => {
    checkSequenceOrder(settings, ctx);
    checkOfferArms(settings, ctx);
  });
export type ShopSettings = z.infer<typeof ShopSettingsSchema>;

/** The defaults of the original system, with the thresholds in the shop's own currency. */
export function defaultShopSettings(currency: string): ShopSettings {
  return ShopSettingsSchema.parse({
    steps: [
      { delayMinutes: 1 * MINUTES_PER_HOUR, offer: false, subject: "You left something in your cart" },
      {
        delayMinutes: 1 * MINUTES_PER_DAY,
        offer: true,
        subject: "Your cart is waiting, with a little something extra",
      },
      {
        delayMinutes: 3 * MINUTES_PER_DAY,
        offer: true,
        subject: "Last chance: your cart and your offer expire soon",
      },
    ],
    tiers: [
      { minimumSubtotalMinor: 0, percentOff: 0, freeShipping: true },
      { minimumSubtotalMinor: majorToMinor(100, currency), percentOff: 10, freeShipping: true },
      { minimumSubtotalMinor: majorToMinor(500, currency), percentOff: 20, freeShipping: true },
    ],
  });
}
