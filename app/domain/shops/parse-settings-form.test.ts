import { describe, expect, it } from "vitest";
import { parseBlocklist, parseSettingsSection } from "./parse-settings-form";
import { defaultShopSettings, ShopSettingsSchema, type ShopSettings } from "./settings";
import {
  CHECKED,
  FIELD,
  FORM_ERROR,
  MAX_TIERS,
  sectionFields,
  toSettingsForm,
  type EditableSection,
  type SettingsForm,
  type SettingsSection,
  type StepForm,
} from "./settings-form";
import type { StepContentForm } from "./step-content-form";

const NOW = new Date("2026-11-21T10:00:00Z");

function formData(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

/** The section's form as the page would submit it, after `edit` changed some of its fields. */
function submitted(
  section: EditableSection,
  current: ShopSettings,
  currency: string,
  edit: (form: SettingsForm) => void = () => {},
): FormData {
  const form = toSettingsForm(current, currency);
  edit(form);
  return formData(sectionFields(section, form));
}

function parse(section: SettingsSection, data: FormData, current: ShopSettings, currency = "USD") {
  return parseSettingsSection(section, data, { current, currency, now: NOW });
}

/** Settings with something other than the default in every field, so a round trip proves each one. */
function customSettings(currency: string): ShopSettings {
  return ShopSettingsSchema.parse({
    ...defaultShopSettings(currency),
    steps: [
      { delayMinutes: 45, offer: false, subject: "Still there?", subjectB: "Forgot something?" },
      {
        delayMinutes: 90,
        offer: true,
        subject: "Your cart, with an offer",
        template: "OFFER",
        tone: "DIRECT",
        sendWindowHours: 3,
        variants: [
          { subject: "Your cart, with an offer", template: "IMAGE", tone: "DIRECT", offer: true },
          { subject: "Still thinking it over?", template: "NOTE", tone: "FRIENDLY", offer: false },
        ],
      },
      { delayMinutes: 2 * 24 * 60, offer: true, subject: "Last call", sendWindowHours: 24 },
    ],
    experiments: { autoPromote: false, minSendsPerVariant: 2500, rule: "PROBABILITY", levelPercent: 90 },
    sendTime: { controlPercent: 0 },
    tiers: [
      { minimumSubtotalMinor: 2550, percentOff: 0, freeShipping: true },
      { minimumSubtotalMinor: 12099, percentOff: 15, freeShipping: false },
    ],
    codeLifetimeHours: 48,
    offerArms: ["NO_DISCOUNT", "FREE_SHIPPING"],
    defaultMarginPercent: 42,
    marginFloorPercent: 25,
    customerBoundCodes: false,
    audience: {
      mode: "ALL",
      blockedEmails: ["vip@example.org", "ceo@shop.test"],
      blockedDomains: ["competitor.com"],
      excludeTestCheckouts: false,
      maxCheckoutAgeDays: 3,
      sequenceCooldownDays: 30,
      minHoursBetweenEmails: 24,
      quietHours: { enabled: false, start: "22:30", end: "07:15" },
    },
    sender: {
      displayName: "Ada's Shop",
      replyTo: "help@ada.example",
      logoUrl: "https://cdn.example.com/logo.png",
      accentColor: "#1A2B3C",
    },
    aiCopy: { enabled: false },
    holdoutPercent: 10,
    attributionWindowDays: 14,
    retentionDays: 30,
  });
}

describe("parseBlocklist", () => {
  it("keeps one normalised entry per line, skipping blanks and repeats", () => {
    expect(parseBlocklist("Ada@Example.org\n\n  bob@shop.test \r\nada@example.org\n", "emails")).toEqual({
      ok: true,
      value: ["ada@example.org", "bob@shop.test"],
    });
    expect(parseBlocklist("@Competitor.com\nmail.example.net", "domains")).toEqual({
      ok: true,
      value: ["competitor.com", "mail.example.net"],
    });
  });

  it("names each bad line by its number", () => {
    expect(parseBlocklist("ada@example.org\n\nnot-an-email", "emails")).toEqual({
      ok: false,
      error: "Line 3 (“not-an-email”) is not an email address",
    });
    expect(parseBlocklist("a\nb@example.org\nc\nd\ne", "emails")).toEqual({
      ok: false,
      error: "Lines 1 (“a”), 3 (“c”), 4 (“d”) and 1 more are not email addresses",
    });
    expect(parseBlocklist("example.com\nhttps://spam.example", "domains")).toEqual({
      ok: false,
      error: "Line 2 (“https://spam.example”) is not a domain such as example.com",
    });
  });
});

describe("parseSettingsSection", () => {
  it.each(["tiers", "steps", "experiments", "profit", "audience", "sender", "measurement"] as const)(
    "gives back exactly the stored settings for the %s form as the page shows them",
    (section) => {
      for (const currency of ["USD", "JPY", "EUR", "KWD"]) {
        const current = customSettings(currency);
        expect(parse(section, submitted(section, current, currency), current, currency)).toEqual({
          ok: true,
          settings: current,
          warnings: [],
        });
      }
    },
  );

  it("reads the profit section: an empty floor is none, a percentage sign is allowed, out of range is refused", () => {
    const current = customSettings("USD");
    const withProfit = (profit: Partial<SettingsForm["profit"]>) =>
      parse(
        "profit",
        submitted("profit", current, "USD", (form) => Object.assign(form.profit, profit)),
        current,
      );
    expect(withProfit({ marginFloorPercent: "" })).toMatchObject({
      ok: true,
      settings: { marginFloorPercent: null, defaultMarginPercent: 42 },
    });
    expect(withProfit({ defaultMarginPercent: "35%", customerBoundCodes: true })).toMatchObject({
      ok: true,
      settings: { defaultMarginPercent: 35, customerBoundCodes: true },
    });
    expect(withProfit({ defaultMarginPercent: "101", marginFloorPercent: "-1" })).toEqual({
      ok: false,
      errors: {
        [FIELD.defaultMarginPercent]: "Must be between 1 and 100",
        [FIELD.marginFloorPercent]: "Must be between 0 and 95",
      },
    });
  });

  it("reads the offer test with the tiers: none, two or three offers", () => {
    const current = defaultShopSettings("USD");
    const withArms = (arms: SettingsForm["tiers"]["offerArms"]) =>
      parse(
        "tiers",
        submitted("tiers", current, "USD", (form) => (form.tiers.offerArms = arms)),
        current,
      );
    expect(withArms({ NO_DISCOUNT: false, TIER_DISCOUNT: true, FREE_SHIPPING: true })).toMatchObject({
      ok: true,
      settings: { offerArms: ["TIER_DISCOUNT", "FREE_SHIPPING"] },
    });
    expect(withArms({ NO_DISCOUNT: true, TIER_DISCOUNT: false, FREE_SHIPPING: false })).toEqual({
      ok: false,
      errors: { [FIELD.offerArms]: "An offer test needs at least two offers" },
    });
  });

  it("changes only its own section, whatever else the request carries", () => {
    const current = defaultShopSettings("USD");
    const data = submitted("tiers", current, "USD", (form) => {
      form.tiers.codeLifetimeHours = "24";
    });
    data.append(FIELD.logoUrl, "https://attacker.example/logo.png");
    data.append(FIELD.holdoutPercent, "50");
    data.append("sending.status", "PAUSED");

    const result = parse("tiers", data, current);

    expect(result).toEqual({ ok: true, settings: { ...current, codeLifetimeHours: 24 }, warnings: [] });
  });

  describe("tiers", () => {
    it("converts thresholds typed in the shop currency exactly", () => {
      const jpy = defaultShopSettings("JPY");
      const inYen = parse(
        "tiers",
        submitted("tiers", jpy, "JPY", (form) => {
          form.tiers.tiers[1]!.minimumSubtotal = "12000";
          form.tiers.tiers[2]!.minimumSubtotal = "50000.00";
        }),
        jpy,
        "JPY",
      );
      expect(inYen.ok && inYen.settings.tiers.map((tier) => tier.minimumSubtotalMinor)).toEqual([
        0, 12000, 50000,
      ]);

      const eur = defaultShopSettings("EUR");
      const inEuro = parse(
        "tiers",
        submitted("tiers", eur, "EUR", (form) => {
          form.tiers.tiers[1]!.minimumSubtotal = "120,50";
          form.tiers.tiers[2]!.minimumSubtotal = "499.99";
        }),
        eur,
        "EUR",
      );
      expect(inEuro.ok && inEuro.settings.tiers.map((tier) => tier.minimumSubtotalMinor)).toEqual([
        0, 12050, 49999,
      ]);
    });

    it("says which threshold breaks the ascending order, and every other problem at once", () => {
      const current = defaultShopSettings("USD");
      const data = submitted("tiers", current, "USD", (form) => {
        form.tiers.tiers[2]!.minimumSubtotal = "100";
        form.tiers.tiers[1]!.percentOff = "101";
        form.tiers.codeLifetimeHours = "0";
      });

      expect(parse("tiers", data, current)).toEqual({
        ok: false,
        errors: {
          "tiers.2.minimumSubtotal":
            "Must be more than tier 2 ($100.00): tiers go from the smallest cart to the largest",
          "tiers.1.percentOff": "Must be between 0 and 100",
          codeLifetimeHours: "Must be at least 1",
        },
      });
    });

    it("keys errors by the index the field carried, and refuses more tiers than allowed", () => {
      const current = defaultShopSettings("USD");
      const gaps = formData([
        ["intent", "tiers"],
        ["tiers.0.minimumSubtotal", "0"],
        ["tiers.0.percentOff", "0"],
        ["tiers.3.minimumSubtotal", "50"],
        ["tiers.3.percentOff", "ten"],
        [FIELD.codeLifetimeHours, "72"],
      ]);
      expect(parse("tiers", gaps, current)).toEqual({
        ok: false,
        errors: { "tiers.3.percentOff": "Must be a whole number" },
      });

      const rows = (count: number): [string, string][] =>
        Array.from({ length: count }, (_, index): [string, string][] => [
          [`tiers.${index}.minimumSubtotal`, String(index * 10)],
          [`tiers.${index}.percentOff`, "5"],
          [`tiers.${index}.freeShipping`, CHECKED],
        ]).flat();
      const allowed = parse(
        "tiers",
        formData([...rows(MAX_TIERS), [FIELD.codeLifetimeHours, "72"]]),
        current,
      );
      expect(allowed.ok && allowed.settings.tiers).toHaveLength(MAX_TIERS);
      expect(
        parse("tiers", formData([...rows(MAX_TIERS + 1), [FIELD.codeLifetimeHours, "72"]]), current),
      ).toEqual({ ok: false, errors: { tiers: "Allows at most 10 tiers" } });
    });

    it("accepts no tiers at all (offers then carry no discount)", () => {
      const current = defaultShopSettings("USD");
      const result = parse("tiers", formData([[FIELD.codeLifetimeHours, "72"]]), current);
      expect(result.ok && result.settings.tiers).toEqual([]);
    });
  });

  describe("steps", () => {
    it("stores delays in minutes, an unchecked offer as off, and each step's design, tone, window and variants", () => {
      const current = defaultShopSettings("USD");
      const content: StepContentForm = {
        template: "PRODUCT",
        tone: "FRIENDLY",
        sendWindowHours: "0",
        variants: [],
      };
      const result = parse(
        "steps",
        submitted("steps", current, "USD", (form) => {
          form.steps.steps[0] = { delay: "1.5", delayUnit: "hours", offer: false, subject: "Hi", ...content };
          form.steps.steps[1] = {
            delay: "180",
            delayUnit: "minutes",
            offer: false,
            subject: "A",
            template: "NOTE",
            tone: "DIRECT",
            sendWindowHours: "12",
            variants: [
              { subject: " B ", template: "NOTE", tone: "DIRECT", offer: false },
              { subject: "A", template: "OFFER", tone: "FRIENDLY", offer: true },
            ],
          };
        }),
        current,
      );
      expect(result.ok && result.settings.steps.slice(0, 2)).toEqual([
        {
          delayMinutes: 90,
          offer: false,
          subject: "Hi",
          template: "PRODUCT",
          tone: "FRIENDLY",
          sendWindowHours: 0,
          variants: [],
        },
        {
          delayMinutes: 180,
          offer: false,
          subject: "A",
          template: "NOTE",
          tone: "DIRECT",
          sendWindowHours: 12,
          variants: [
            { subject: "B", template: "NOTE", tone: "DIRECT", offer: false },
            { subject: "A", template: "OFFER", tone: "FRIENDLY", offer: true },
          ],
        },
      ]);
    });

    it("refuses a variant the same as A or as another variant, a variant without a subject, and a bad design, tone or window, each at its field", () => {
      const current = defaultShopSettings("USD");
      const data = submitted("steps", current, "USD", (form) => {
        const [first, second, third] = form.steps.steps as [StepForm, StepForm, StepForm];
        // Variant B is A again; C is B again.
        const again = {
          subject: first.subject,
          template: first.template,
          tone: first.tone,
          offer: first.offer,
        };
        first.variants = [again, { ...again }];
        second.variants = [
          { subject: " ", template: "NOTE", tone: "DIRECT", offer: true },
          { subject: "C", template: "LOUD" as "NOTE", tone: "SHOUTY" as "DIRECT", offer: true },
        ];
        second.sendWindowHours = "25";
        third.template = "FANCY" as "NOTE";
        third.sendWindowHours = "soon";
      });
      const sameAsAnother = "Must differ from the other variants in its subject, design, tone or offer";
      expect(parse("steps", data, current)).toEqual({
        ok: false,
        errors: {
          "steps.0.variants.0": sameAsAnother,
          "steps.0.variants.1": sameAsAnother,
          "steps.1.variants.0.subject": "Is required",
          "steps.1.variants.1.template": "Is not one of the choices",
          "steps.1.variants.1.tone": "Is not one of the choices",
          "steps.1.sendWindowHours": "Must be between 0 and 24 hours",
          "steps.2.template": "Is not one of the choices",
          "steps.2.sendWindowHours": "Must be a whole number",
        },
      });
    });

    it("keeps the variants' own numbers in errors when the page sent gaps in them", () => {
      const current = defaultShopSettings("USD");
      const data = formData(
        sectionFields("steps", toSettingsForm(current, "USD")).concat([
          ["steps.1.variants.3.subject", "Your cart is waiting, with a little something extra"],
          ["steps.1.variants.3.template", "PRODUCT"],
          ["steps.1.variants.3.tone", "FRIENDLY"],
          ["steps.1.variants.3.offer", CHECKED],
        ]),
      );
      // That is step 2 as written: the same as A, said at the variant the page numbered 3.
      expect(parse("steps", data, current)).toEqual({
        ok: false,
        errors: {
          "steps.1.variants.3": "Must differ from the other variants in its subject, design, tone or offer",
        },
      });
    });

    it("refuses a third variant", () => {
      const current = defaultShopSettings("USD");
      const data = submitted("steps", current, "USD", (form) => {
        form.steps.steps[0]!.variants = ["B", "C", "D"].map((subject) => ({
          subject,
          template: "PRODUCT",
          tone: "FRIENDLY",
          offer: false,
        }));
      });
      expect(parse("steps", data, current)).toEqual({
        ok: false,
        errors: { "steps.0.variants": "Allows at most 3 variants in all" },
      });
    });

    it("refuses steps out of order, too early, or without a subject, each at its field", () => {
      const current = defaultShopSettings("USD");
      const data = submitted("steps", current, "USD", (form) => {
        form.steps.steps[0]!.delay = "10";
        form.steps.steps[0]!.delayUnit = "minutes";
        form.steps.steps[1]!.subject = " ";
        form.steps.steps[2]!.delay = "12";
        form.steps.steps[2]!.delayUnit = "hours";
      });

      expect(parse("steps", data, current)).toEqual({
        ok: false,
        errors: {
          "steps.2.delay": "Must be later than email 2 (24 hours): each email goes out after the one before",
          "steps.0.delay":
            "Must be at least 15 minutes: Shopify's recovery link works only after about 10 minutes",
          "steps.1.subject": "Is required",
        },
      });
    });

    it("refuses a unit other than minutes or hours", () => {
      const current = defaultShopSettings("USD");
      const data = submitted("steps", current, "USD", (form) => {
        form.steps.steps[0]!.delayUnit = "days" as "hours";
      });
      expect(parse("steps", data, current)).toEqual({
        ok: false,
        errors: { "steps.0.delayUnit": "Must be minutes or hours" },
      });
    });

    it("needs at least one email", () => {
      const current = defaultShopSettings("USD");
      expect(parse("steps", formData([["intent", "steps"]]), current)).toEqual({
        ok: false,
        errors: { steps: "Needs at least one step" },
      });
    });
  });

  describe("experiments", () => {
    const withExperiments = (change: Partial<SettingsForm["experiments"]>) => {
      const current = defaultShopSettings("USD");
      return parse(
        "experiments",
        submitted("experiments", current, "USD", (form) => Object.assign(form.experiments, change)),
        current,
      );
    };

    it("saves the promotion rule and the send-time control share, and nothing else", () => {
      const result = withExperiments({
        autoPromote: false,
        minSendsPerVariant: "1000",
        rule: "PROBABILITY",
        levelPercent: "99",
        sendTimeControlPercent: "35 %",
      });
      expect(result).toEqual({
        ok: true,
        settings: {
          ...defaultShopSettings("USD"),
          experiments: {
            autoPromote: false,
            minSendsPerVariant: 1000,
            rule: "PROBABILITY",
            levelPercent: 99,
          },
          sendTime: { controlPercent: 35 },
        },
        warnings: [],
      });
    });

    it("refuses values out of range or not among the choices, each at its field", () => {
      expect(
        withExperiments({
          minSendsPerVariant: "49",
          rule: "GUT_FEELING" as "CONFIDENCE",
          levelPercent: "80",
          sendTimeControlPercent: "51",
        }),
      ).toEqual({
        ok: false,
        errors: {
          [FIELD.minSendsPerVariant]: "Must be between 50 and 100,000",
          [FIELD.experimentRule]: "Is not one of the choices",
          [FIELD.experimentLevel]: "Must be 90, 95 or 99",
          [FIELD.sendTimeControlPercent]: "Must be between 0 and 50",
        },
      });
      expect(withExperiments({ minSendsPerVariant: "", sendTimeControlPercent: "a fifth" })).toEqual({
        ok: false,
        errors: {
          [FIELD.minSendsPerVariant]: "Is required",
          [FIELD.sendTimeControlPercent]: "Must be a whole number",
        },
      });
    });
  });

  describe("audience", () => {
    it("refuses malformed quiet hours, an empty quiet window and a bad blocklist line", () => {
      const current = defaultShopSettings("USD");
      const data = submitted("audience", current, "USD", (form) => {
        form.audience.quietHours = { enabled: true, start: "25:00", end: "7am" };
        form.audience.blockedEmails = "ada@example.org\nada@";
        form.audience.blockedDomains = "example.com\nnot a domain";
        form.audience.maxCheckoutAgeDays = "0";
        form.audience.mode = "EVERYONE" as SettingsForm["audience"]["mode"];
      });

      expect(parse("audience", data, current)).toEqual({
        ok: false,
        errors: {
          [FIELD.blockedEmails]: "Line 2 (“ada@”) is not an email address",
          [FIELD.blockedDomains]: "Line 2 (“not a domain”) is not a domain such as example.com",
          [FIELD.audienceMode]: "Is not one of the choices",
          [FIELD.maxCheckoutAgeDays]: "Must be at least 1",
          [FIELD.quietHoursStart]: "Use HH:MM, 24-hour",
          [FIELD.quietHoursEnd]: "Use HH:MM, 24-hour",
        },
      });

      const empty = submitted("audience", current, "USD", (form) => {
        form.audience.quietHours = { enabled: true, start: "22:00", end: "22:00" };
      });
      expect(parse("audience", empty, current)).toEqual({
        ok: false,
        errors: { [FIELD.quietHoursEnd]: "Must differ from the start" },
      });
    });

    it("accepts equal quiet hours while they are off", () => {
      const current = defaultShopSettings("USD");
      const data = submitted("audience", current, "USD", (form) => {
        form.audience.quietHours = { enabled: false, start: "9:00", end: "09:00" };
      });
      const result = parse("audience", data, current);
      expect(result.ok && result.settings.audience.quietHours).toEqual({
        enabled: false,
        start: "09:00",
        end: "09:00",
      });
    });
  });

  describe("sender", () => {
    it("stores empty fields as none and completes a colour typed without its hash", () => {
      const current = customSettings("USD");
      const result = parse(
        "sender",
        submitted("sender", current, "USD", (form) => {
          form.sender = { displayName: " ", replyTo: "", logoUrl: "", accentColor: "008060" };
        }),
        current,
      );
      expect(result.ok && result.settings.sender).toEqual({
        displayName: null,
        replyTo: null,
        logoUrl: null,
        accentColor: "#008060",
      });
    });

    it("refuses a logo that is not https, a reply-to that is not an email and a colour that is not hex", () => {
      const current = defaultShopSettings("USD");
      const data = submitted("sender", current, "USD", (form) => {
        form.sender = {
          displayName: "Shop",
          replyTo: "help at shop",
          logoUrl: "http://cdn.example.com/logo.png",
          accentColor: "green",
        };
      });
      expect(parse("sender", data, current)).toEqual({
        ok: false,
        errors: {
          [FIELD.replyTo]: "Must be an email address",
          [FIELD.logoUrl]: "Must be an https URL",
          [FIELD.accentColor]: "Must be a colour such as #008060",
        },
      });
    });
  });

  describe("measurement", () => {
    it("reads a percentage with its sign and refuses a holdout over 50%", () => {
      const current = defaultShopSettings("USD");
      const ok = parse(
        "measurement",
        submitted("measurement", current, "USD", (form) => {
          form.measurement.holdoutPercent = "10 %";
        }),
        current,
      );
      expect(ok.ok && ok.settings.holdoutPercent).toBe(10);

      const tooMuch = submitted("measurement", current, "USD", (form) => {
        form.measurement.holdoutPercent = "51";
        form.measurement.retentionDays = "3";
        form.measurement.attributionWindowDays = "";
      });
      expect(parse("measurement", tooMuch, current)).toEqual({
        ok: false,
        errors: {
          [FIELD.holdoutPercent]: "Must be at most 50",
          [FIELD.retentionDays]: "Must be at least 7",
          [FIELD.attributionWindowDays]: "Is required",
        },
      });
    });
  });

  describe("retention against the sequence and the attribution window", () => {
    const DAY_MINUTES = 24 * 60;
    /** Emails at 1 hour, 1 day and `lastDays` days; the attribution window and retention as given. */
    const settingsWith = (lastDays: number, retentionDays: number, attributionWindowDays = 7) => {
      const defaults = defaultShopSettings("USD");
      return ShopSettingsSchema.parse({
        ...defaults,
        steps: defaults.steps.map((step, i) =>
          i === 2 ? { ...step, delayMinutes: lastDays * DAY_MINUTES } : step,
        ),
        retentionDays,
        attributionWindowDays,
      });
    };
    const keepFor = (current: ShopSettings, days: string) =>
      parse(
        "measurement",
        submitted("measurement", current, "USD", (form) => {
          form.measurement.retentionDays = days;
        }),
        current,
      );
    const lastEmailAt = (current: ShopSettings, hours: string) =>
      parse(
        "steps",
        submitted("steps", current, "USD", (form) => {
          form.steps.steps[2] = { ...form.steps.steps[2]!, delay: hours, delayUnit: "hours" };
        }),
        current,
      );

    it("refuses to keep personal data for less than the sequence runs, plus a day for late sends", () => {
      const current = settingsWith(10, 90);
      expect(keepFor(current, "10")).toEqual({
        ok: false,
        errors: {
          [FIELD.retentionDays]:
            "Must be at least 11 days: your last recovery email goes out 10 days after the checkout, and the shopper's email must still be kept to send it (with a day's margin for quiet hours and retries)",
        },
      });
      const atTheLimit = keepFor(current, "11");
      expect(atTheLimit.ok && atTheLimit.settings.retentionDays).toBe(11);
    });

    it("refuses an email later than personal data is kept, at that email's delay", () => {
      const current = settingsWith(3, 7, 1);
      expect(lastEmailAt(current, "145")).toEqual({
        ok: false,
        errors: {
          "steps.2.delay":
            "Must be at most 144 hours (6 days): personal data is kept for 7 days (AI copy, measurement and data), and the shopper's email would be deleted before this email goes out",
        },
      });
      // Saved at the limit (with the attribution window's warning: it ends after the data is gone).
      expect(lastEmailAt(current, "144")).toMatchObject({ ok: true, warnings: [expect.any(String)] });
    });

    it("saves, with a warning, data kept for less than the attribution window after the sequence", () => {
      const current = settingsWith(3, 90, 7);
      const short = keepFor(current, "10");
      expect(short).toEqual({
        ok: true,
        settings: { ...current, retentionDays: 10 },
        warnings: [
          "Personal data is kept for 10 days, but an order can count as recovered by email up to 11 days after the checkout (the last email at 3 days, then the 7-day attribution window, with a day's margin). Orders matched by the shopper's email alone after 10 days will count as recovered on their own; keep personal data for 11 days to measure the whole window.",
        ],
      });
      expect(keepFor(current, "11")).toMatchObject({ ok: true, warnings: [] });
      // Lengthening the sequence past the window is warned about in the emails' section too.
      expect(lastEmailAt(settingsWith(3, 11, 7), "96")).toMatchObject({
        ok: true,
        warnings: [expect.any(String)],
      });
    });

    it("leaves the other sections alone when the stored settings already fall short", () => {
      const stored = { ...settingsWith(10, 90), retentionDays: 7 };
      expect(parse("sender", submitted("sender", stored, "USD"), stored)).toEqual({
        ok: true,
        settings: stored,
        warnings: [],
      });
    });
  });

  describe("sending", () => {
    const action = (value: string) => formData([[FIELD.sendingAction, value]]);

    it("pauses as the merchant, keeps an automatic pause's reason, and resumes", () => {
      const active = defaultShopSettings("USD");
      const paused = parse("sending", action("pause"), active);
      expect(paused.ok && paused.settings.sending).toEqual({
        status: "PAUSED",
        pausedReason: "MERCHANT",
        pausedAt: NOW.toISOString(),
      });

      const automatic: ShopSettings = {
        ...active,
        sending: { status: "PAUSED", pausedReason: "BOUNCE_RATE", pausedAt: "2026-11-20T08:00:00.000Z" },
      };
      const pausedAgain = parse("sending", action("pause"), automatic);
      expect(pausedAgain.ok && pausedAgain.settings.sending).toEqual(automatic.sending);

      const resumed = parse("sending", action("resume"), automatic);
      expect(resumed.ok && resumed.settings.sending).toEqual({
        status: "ACTIVE",
        pausedReason: null,
        pausedAt: null,
      });
    });

    it("refuses anything but pause or resume", () => {
      expect(parse("sending", action("stop"), defaultShopSettings("USD"))).toEqual({
        ok: false,
        errors: { [FIELD.sendingAction]: "Must be pause or resume" },
      });
    });
  });

  it("puts a problem outside the section in the form-level error instead of inventing a field", () => {
    // Stored settings are always valid, so this only happens if a section and its fields drift apart.
    const stored = { ...defaultShopSettings("USD"), holdoutPercent: 99 };
    const result = parse("sender", submitted("sender", defaultShopSettings("USD"), "USD"), stored);
    expect(result).toEqual({ ok: false, errors: { [FORM_ERROR]: "HoldoutPercent must be at most 50" } });
  });
});
