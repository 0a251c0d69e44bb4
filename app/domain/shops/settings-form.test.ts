import { describe, expect, it } from "vitest";
import { defaultShopSettings, MAX_STEPS, ShopSettingsSchema } from "./settings";
import {
  CHECKED,
  formatDelay,
  MAX_EMAILS,
  MAX_TIERS,
  newStepRow,
  newTierRow,
  sectionFields,
  toSettingsForm,
} from "./settings-form";

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
      steps: [{ delayMinutes: 90, offer: true, subject: "Hi", subjectB: "Hello" }],
      audience: { blockedEmails: ["a@example.org", "b@example.org"], blockedDomains: ["spam.example"] },
      sender: { displayName: null, replyTo: "help@shop.example", logoUrl: null, accentColor: "#112233" },
    });
    const form = toSettingsForm(settings, "EUR");
    expect(form.steps.steps).toEqual([
      { delay: "90", delayUnit: "minutes", offer: true, subject: "Hi", subjectB: "Hello" },
    ]);
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

  it("appends an email a day after the last one", () => {
    expect(
      newStepRow([{ delay: "1.5", delayUnit: "hours", offer: false, subject: "Hi", subjectB: "" }]),
    ).toEqual({ delay: "1530", delayUnit: "minutes", offer: true, subject: "", subjectB: "" });
    expect(
      newStepRow([{ delay: "72", delayUnit: "hours", offer: true, subject: "Hi", subjectB: "" }]),
    ).toEqual({
      delay: "96",
      delayUnit: "hours",
      offer: true,
      subject: "",
      subjectB: "",
    });
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
});

it("allows as many emails and tiers in the editor as the settings schema does", () => {
  expect(MAX_EMAILS).toBe(MAX_STEPS);
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
