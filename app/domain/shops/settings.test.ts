import { describe, expect, it } from "vitest";
import { defaultShopSettings, ShopSettingsSchema } from "./settings";

describe("shop settings", () => {
  it("defaults to the original system: 3 steps at 1h, 24h, 72h and tiers at 0, 100, 500", () => {
    const settings = defaultShopSettings("USD");
    expect(settings.steps.map((step) => [step.delayMinutes, step.offer])).toEqual([
      [60, false],
      [1440, true],
      [4320, true],
    ]);
    expect(settings.tiers).toEqual([
      { minimumSubtotalMinor: 0, percentOff: 0, freeShipping: true },
      { minimumSubtotalMinor: 10000, percentOff: 10, freeShipping: true },
      { minimumSubtotalMinor: 50000, percentOff: 20, freeShipping: true },
    ]);
    expect(settings.audience).toMatchObject({
      mode: "SUBSCRIBERS",
      maxCheckoutAgeDays: 7,
      sequenceCooldownDays: 14,
      minHoursBetweenEmails: 16,
      quietHours: { enabled: true, start: "21:00", end: "08:00" },
    });
    expect(settings).toMatchObject({
      codeLifetimeHours: 72,
      holdoutPercent: 0,
      sending: { status: "ACTIVE" },
    });
  });

  it("fills defaults for fields an older stored document does not have", () => {
    const stored = { steps: [{ delayMinutes: 60, offer: false, subject: "Hi" }], tiers: [] };
    const parsed = ShopSettingsSchema.parse(stored);
    expect(parsed.steps[0]).toMatchObject({
      template: "PRODUCT",
      tone: "FRIENDLY",
      sendWindowHours: 0,
      variants: [],
    });
    expect(parsed.audience.mode).toBe("SUBSCRIBERS");
    expect(parsed.retentionDays).toBe(90);
  });

  const messagesOf = (value: unknown) =>
    ShopSettingsSchema.safeParse(value).error?.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    ) ?? [];

  it("rejects percentages outside 0-100 and more than five steps, naming the field", () => {
    const base = defaultShopSettings("USD");
    const messages = messagesOf({
      ...base,
      tiers: [{ minimumSubtotalMinor: 100, percentOff: 101, freeShipping: false }],
      steps: Array.from({ length: 6 }, (_, i) => ({
        delayMinutes: 60 * (i + 1),
        offer: false,
        subject: "s",
      })),
    });
    expect(messages).toEqual(
      expect.arrayContaining([
        "tiers.0.percentOff: must be between 0 and 100",
        "steps: allows at most 5 steps",
      ]),
    );
  });

  it("rejects tier thresholds that are not strictly ascending", () => {
    const base = defaultShopSettings("USD");
    const tiers = [
      { minimumSubtotalMinor: 100, percentOff: 10, freeShipping: false },
      { minimumSubtotalMinor: 100, percentOff: 20, freeShipping: false },
    ];
    expect(messagesOf({ ...base, tiers })).toEqual(["tiers: tier thresholds must be strictly ascending"]);
  });

  it("rejects steps out of order and a non-https logo", () => {
    const base = defaultShopSettings("USD");
    const result = ShopSettingsSchema.safeParse({
      ...base,
      steps: [base.steps[1], base.steps[0]],
      sender: { ...base.sender, logoUrl: "http://example.com/logo.png" },
    });
    const messages = result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        "steps: each step must come later than the one before it",
        "sender.logoUrl: must be an https URL",
      ]),
    );
  });
});
