import { describe, expect, it } from "vitest";
import {
  defaultShopSettings,
  MAX_SEND_WINDOW_HOURS,
  MAX_STEP_VARIANTS,
  MAX_STEPS,
  ShopSettingsSchema,
} from "./settings";
import {
  CHECKED,
  formatDelay,
  MAX_EMAILS,
  MAX_TIERS,
  newStepRow,
  newTierRow,
  sectionFields,
  toSettingsForm,
  type StepForm,
} from "./settings-form";
import { MAX_VARIANTS, MAX_WINDOW_HOURS, type StepContentForm } from "./step-content-form";

const PLAIN: StepContentForm = { template: "PRODUCT", tone: "FRIENDLY", sendWindowHours: "0", variants: [] };

describe("toSettingsForm", () => {
  it("shows thresholds as decimals of the shop currency", () => {
    const tiersIn = (currency: string) =>
      toSettingsForm(defaultShopSettings(currency), currency).tiers.tiers.map((tier) => tier.minimumSubtotal);
    expect(tiersIn("USD")).toEqual(["0.00", "100.00", "500.00"]);
    expect(tiersIn("JPY")).toEqual(["0", "100", "500"]);
    expect(tiersIn("KWD")).toEqual(["0.000", "100.000", "500.000"]);
  });

  it("shows each section's stored values in the fields' shape", () => {
    const settings = ShopSettingsSchema.parse({
      ...defaultShopSettings("EUR"),
      steps: [
        {
          delayMinutes: 90,
          offer: true,
          subject: "Hi",
          template: "IMAGE",
          tone: "DIRECT",
          sendWindowHours: 6,
          variants: [{ subject: "Hello", template: "NOTE", tone: "FRIENDLY", offer: false }],
        },
        // Stored before content experiments: its A/B subject reads as variant B.
        { delayMinutes: 120, offer: true, subject: "Hi", subjectB: "Hello" },
      ],
      experiments: { autoPromote: false, minSendsPerVariant: 1000, rule: "PROBABILITY", levelPercent: 99 },
      sendTime: { controlPercent: 35 },
      audience: { blockedEmails: ["a@example.org", "b@example.org"], blockedDomains: ["spam.example"] },
      sender: { displayName: null, replyTo: "help@shop.example", logoUrl: null, accentColor: "#112233" },
    });
    const form = toSettingsForm(settings, "EUR");
    expect(form.steps.steps).toEqual([
      {
        delay: "90",
        delayUnit: "minutes",
        offer: true,
        subject: "Hi",
        template: "IMAGE",
        tone: "DIRECT",
        sendWindowHours: "6",
        variants: [{ subject: "Hello", template: "NOTE", tone: "FRIENDLY", offer: false }],
      },
      {
        delay: "2",
        delayUnit: "hours",
        offer: true,
        subject: "Hi",
        ...PLAIN,
        variants: [{ subject: "Hello", template: "PRODUCT", tone: "FRIENDLY", offer: true }],
      },
    ]);
    expect(form.experiments).toEqual({
      autoPromote: false,
      minSendsPerVariant: "1000",
      rule: "PROBABILITY",
      levelPercent: "99",
      sendTimeControlPercent: "35",
    });
    expect(form.audience).toMatchObject({
      blockedEmails: "a@example.org\nb@example.org",
      blockedDomains: "spam.example",
      quietHours: { enabled: true, start: "21:00", end: "08:00" },
      maxCheckoutAgeDays: "7",
    });
    expect(form.sender).toEqual({
      displayName: "",
      replyTo: "help@shop.example",
      logoUrl: "",
      accentColor: "#112233",
    });
    expect(form.measurement).toEqual({
      aiCopyEnabled: true,
      holdoutPercent: "0",
      attributionWindowDays: "7",
      retentionDays: "90",
    });
  });
});

describe("formatDelay", () => {
  it("shows whole hours in hours and anything else in minutes", () => {
    expect(formatDelay(60)).toEqual({ delay: "1", delayUnit: "hours" });
    expect(formatDelay(4320)).toEqual({ delay: "72", delayUnit: "hours" });
    expect(formatDelay(45)).toEqual({ delay: "45", delayUnit: "minutes" });
    expect(formatDelay(90)).toEqual({ delay: "90", delayUnit: "minutes" });
  });
});

describe("new rows", () => {
  it("appends a tier above the last one", () => {
    expect(newTierRow([], "USD")).toEqual({ minimumSubtotal: "0.00", percentOff: "0", freeShipping: true });
    expect(newTierRow([{ minimumSubtotal: "250.00", percentOff: "20", freeShipping: false }], "USD")).toEqual(
      { minimumSubtotal: "500.00", percentOff: "25", freeShipping: false },
    );
    expect(newTierRow([{ minimumSubtotal: "0", percentOff: "98", freeShipping: true }], "JPY")).toEqual({
      minimumSubtotal: "100",
      percentOff: "100",
      freeShipping: true,
    });
  });

  it("appends an email a day after the last one, in its design, tone and send window, with no variants", () => {
    const step = (change: Partial<StepForm>): StepForm => ({
      delay: "1.5",
      delayUnit: "hours",
      offer: false,
      subject: "Hi",
      ...PLAIN,
      ...change,
    });
    expect(newStepRow([step({})])).toEqual({
      delay: "1530",
      delayUnit: "minutes",
      offer: true,
      subject: "",
      ...PLAIN,
    });
    const variant = { subject: "Hey", template: "NOTE", tone: "DIRECT", offer: true } as const;
    expect(
      newStepRow([
        step({ delay: "72", template: "OFFER", tone: "DIRECT", sendWindowHours: "3", variants: [variant] }),
      ]),
    ).toEqual({
      delay: "96",
      delayUnit: "hours",
      offer: true,
      subject: "",
      template: "OFFER",
      tone: "DIRECT",
      sendWindowHours: "3",
      variants: [],
    });
    expect(newStepRow([])).toEqual({ delay: "24", delayUnit: "hours", offer: true, subject: "", ...PLAIN });
  });
});

describe("sectionFields", () => {
  it("names fields by the setting they edit and sends checkboxes only when checked", () => {
    const form = toSettingsForm(defaultShopSettings("USD"), "USD");
    form.tiers.tiers[1]!.freeShipping = false;
    expect(sectionFields("tiers", form)).toEqual([
      ["intent", "tiers"],
      ["tiers.0.minimumSubtotal", "0.00"],
      ["tiers.0.percentOff", "0"],
      ["tiers.0.freeShipping", CHECKED],
      ["tiers.1.minimumSubtotal", "100.00"],
      ["tiers.1.percentOff", "10"],
      ["tiers.2.minimumSubtotal", "500.00"],
      ["tiers.2.percentOff", "20"],
      ["tiers.2.freeShipping", CHECKED],
      ["codeLifetimeHours", "72"],
    ]);
  });

  it("names each step's content and each variant's fields by their place in the step", () => {
    const form = toSettingsForm(defaultShopSettings("USD"), "USD");
    form.steps.steps = [
      {
        ...form.steps.steps[0]!,
        template: "OFFER",
        sendWindowHours: "12",
        variants: [
          { subject: "B", template: "NOTE", tone: "DIRECT", offer: true },
          { subject: "C", template: "IMAGE", tone: "FRIENDLY", offer: false },
        ],
      },
    ];
    expect(sectionFields("steps", form)).toEqual([
      ["intent", "steps"],
      ["steps.0.delay", "1"],
      ["steps.0.delayUnit", "hours"],
      ["steps.0.subject", "You left something in your cart"],
      ["steps.0.template", "OFFER"],
      ["steps.0.tone", "FRIENDLY"],
      ["steps.0.sendWindowHours", "12"],
      ["steps.0.variants.0.subject", "B"],
      ["steps.0.variants.0.template", "NOTE"],
      ["steps.0.variants.0.tone", "DIRECT"],
      ["steps.0.variants.0.offer", CHECKED],
      ["steps.0.variants.1.subject", "C"],
      ["steps.0.variants.1.template", "IMAGE"],
      ["steps.0.variants.1.tone", "FRIENDLY"],
    ]);
  });

  it("names the experiment rule's fields and the send-time control share", () => {
    const form = toSettingsForm(defaultShopSettings("USD"), "USD");
    expect(sectionFields("experiments", form)).toEqual([
      ["intent", "experiments"],
      ["experiments.autoPromote", CHECKED],
      ["experiments.minSendsPerVariant", "400"],
      ["experiments.rule", "CONFIDENCE"],
      ["experiments.levelPercent", "95"],
      ["sendTime.controlPercent", "20"],
    ]);
  });
});

it("allows as many emails, tiers, variants and hours of send window in the editor as the settings schema does", () => {
  expect(MAX_EMAILS).toBe(MAX_STEPS);
  expect(MAX_VARIANTS).toBe(MAX_STEP_VARIANTS);
  expect(MAX_WINDOW_HOURS).toBe(MAX_SEND_WINDOW_HOURS);
  const tiers = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      minimumSubtotalMinor: index * 100,
      percentOff: 5,
      freeShipping: false,
    }));
  const withTiers = (count: number) => ({ ...defaultShopSettings("USD"), tiers: tiers(count) });
  expect(ShopSettingsSchema.safeParse(withTiers(MAX_TIERS)).success).toBe(true);
  expect(ShopSettingsSchema.safeParse(withTiers(MAX_TIERS + 1)).success).toBe(false);
});
