import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { SettingsPage } from "~/domain/shops/get-settings-page.server";
import { ShopSettingsSchema, type ShopSettings } from "~/domain/shops";
import {
  FIELD,
  sectionFields,
  type EditableSection,
  type SettingsForm,
  type SettingsSaveResult,
} from "~/domain/shops/settings-form";
import type { StepContentForm } from "~/domain/shops/step-content-form";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { action, loader } from "./app.settings";

async function loadPage(shop: string): Promise<SettingsPage> {
  const response = await callLoader(loader, await adminRequest("/app/settings", { shop }));
  expect(response.status).toBe(200);
  return response.json();
}

function formData(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

async function post(shop: string, entries: [string, string][]): Promise<Response> {
  const request = await adminRequest("/app/settings", {
    shop,
    init: { method: "POST", body: formData(entries) },
  });
  return callAction(action, request);
}

/** Loads the page as the merchant sees it, edits one section's fields and submits that section's form. */
async function saveSection(
  shop: string,
  section: EditableSection,
  edit: (form: SettingsForm) => void,
): Promise<{ status: number; body: SettingsSaveResult }> {
  const { form } = await loadPage(shop);
  edit(form);
  const response = await post(shop, sectionFields(section, form));
  return { status: response.status, body: await response.json() };
}

const storedRow = (shop: string) =>
  prisma.shopSettings.findUniqueOrThrow({ where: { shop }, select: { data: true } }).then((row) => row.data);

async function storedSettings(shop: string): Promise<ShopSettings> {
  return ShopSettingsSchema.parse(JSON.parse(await storedRow(shop)));
}

describe("GET /app/settings", () => {
  it("answers with the session shop's settings in the form's shape, with its currency and time zone", async () => {
    await installTestShop(SHOP_A, { name: "Shop A", currency: "EUR", timezone: "Europe/Paris" });
    await installTestShop(SHOP_B, { name: "Shop B" });

    const page = await loadPage(SHOP_A);

    expect(page.shop).toEqual({ name: "Shop A", currency: "EUR", timezone: "Europe/Paris" });
    expect(page.form.tiers).toEqual({
      tiers: [
        { minimumSubtotal: "0.00", percentOff: "0", freeShipping: true },
        { minimumSubtotal: "100.00", percentOff: "10", freeShipping: true },
        { minimumSubtotal: "500.00", percentOff: "20", freeShipping: true },
      ],
      codeLifetimeHours: "72",
      offerArms: { NO_DISCOUNT: false, TIER_DISCOUNT: false, FREE_SHIPPING: false },
    });
    expect(page.form.profit).toEqual({
      defaultMarginPercent: "50",
      marginFloorPercent: "",
      customerBoundCodes: true,
    });
    expect(page.form.steps.steps.map((step) => [step.delay, step.delayUnit])).toEqual([
      ["1", "hours"],
      ["24", "hours"],
      ["72", "hours"],
    ]);
    expect(page.form.steps.steps[0]).toMatchObject({
      template: "PRODUCT",
      tone: "FRIENDLY",
      sendWindowHours: "0",
      variants: [],
    });
    expect(page.form.experiments).toEqual({
      autoPromote: true,
      minSendsPerVariant: "400",
      rule: "CONFIDENCE",
      levelPercent: "95",
      sendTimeControlPercent: "20",
    });
    expect(page.form.audience).toMatchObject({
      mode: "SUBSCRIBERS",
      blockedEmails: "",
      maxCheckoutAgeDays: "7",
    });
    expect(page.sending).toMatchObject({ status: "ACTIVE", title: "Sending is active", pausedAtText: null });
    expect(JSON.stringify(page)).not.toContain("Shop B");
  });

  it("answers 404 for a shop marked uninstalled, and saves nothing for it", async () => {
    await installTestShop(SHOP_A);
    await prisma.shop.update({ where: { domain: SHOP_A }, data: { installState: "UNINSTALLED" } });
    const before = await storedRow(SHOP_A);

    const page = await callLoader(loader, await adminRequest("/app/settings", { shop: SHOP_A }));
    const save = await post(SHOP_A, [
      ["intent", "sending"],
      [FIELD.sendingAction, "pause"],
    ]);

    expect(page.status).toBe(404);
    expect(save.status).toBe(404);
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("refuses a request without a valid session token", async () => {
    await installTestShop(SHOP_A);
    const missing = await callLoader(loader, new Request(`${TEST_APP_URL}/app/settings`));
    expect([302, 401]).toContain(missing.status);
    const forged = await callLoader(loader, await forgedAdminRequest("/app/settings", { shop: SHOP_A }));
    expect(forged.status).toBe(401);
  });
});

describe("POST /app/settings, one section at a time", () => {
  it("refuses retention shorter than the emails, and saves one shorter than the attribution window with a warning", async () => {
    await installTestShop(SHOP_A);
    await saveSection(SHOP_A, "steps", (form) => {
      form.steps.steps[2]!.delay = "240";
    });

    const refused = await saveSection(SHOP_A, "measurement", (form) => {
      form.measurement.retentionDays = "10";
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      ok: false,
      errors: {
        [FIELD.retentionDays]: expect.stringMatching(
          /^Must be at least 11 days: your last recovery email goes out 10 days after/,
        ),
      },
    });
    expect((await storedSettings(SHOP_A)).retentionDays).toBe(90);

    const warned = await saveSection(SHOP_A, "measurement", (form) => {
      form.measurement.retentionDays = "14";
    });
    expect(warned.status).toBe(200);
    expect(warned.body).toMatchObject({
      ok: true,
      warnings: [expect.stringContaining("up to 18 days after the checkout")],
    });
    expect((await storedSettings(SHOP_A)).retentionDays).toBe(14);
  });

  it("saves discount tiers typed in euros, exactly, and shows them again on the next load", async () => {
    await installTestShop(SHOP_A, { currency: "EUR" });

    const { status, body } = await saveSection(SHOP_A, "tiers", (form) => {
      form.tiers.tiers = [
        { minimumSubtotal: "0", percentOff: "0", freeShipping: true },
        { minimumSubtotal: "0.1", percentOff: "0", freeShipping: false },
        { minimumSubtotal: "120,50", percentOff: "10", freeShipping: true },
      ];
      form.tiers.codeLifetimeHours = "48";
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({ section: "tiers", ok: true });
    expect((await storedSettings(SHOP_A)).tiers).toEqual([
      { minimumSubtotalMinor: 0, percentOff: 0, freeShipping: true },
      { minimumSubtotalMinor: 10, percentOff: 0, freeShipping: false },
      { minimumSubtotalMinor: 12050, percentOff: 10, freeShipping: true },
    ]);
    expect((await storedSettings(SHOP_A)).codeLifetimeHours).toBe(48);
    const reloaded = await loadPage(SHOP_A);
    expect(reloaded.form.tiers.tiers.map((tier) => tier.minimumSubtotal)).toEqual(["0.00", "0.10", "120.50"]);
    expect(body.ok && body.form.tiers).toEqual(reloaded.form.tiers);
  });

  it("saves thresholds in yen without decimals, and refuses yen with decimals", async () => {
    await installTestShop(SHOP_A, { currency: "JPY" });

    const saved = await saveSection(SHOP_A, "tiers", (form) => {
      form.tiers.tiers = [
        { minimumSubtotal: "5000", percentOff: "5", freeShipping: false },
        { minimumSubtotal: "12000", percentOff: "10", freeShipping: true },
      ];
    });
    expect(saved.status).toBe(200);
    expect((await storedSettings(SHOP_A)).tiers.map((tier) => tier.minimumSubtotalMinor)).toEqual([
      5000, 12000,
    ]);
    expect((await loadPage(SHOP_A)).form.tiers.tiers.map((tier) => tier.minimumSubtotal)).toEqual([
      "5000",
      "12000",
    ]);

    const before = await storedRow(SHOP_A);
    const refused = await saveSection(SHOP_A, "tiers", (form) => {
      form.tiers.tiers[1]!.minimumSubtotal = "12000.5";
    });
    expect(refused).toEqual({
      status: 422,
      body: {
        section: "tiers",
        ok: false,
        errors: { "tiers.1.minimumSubtotal": "JPY amounts have no decimals" },
      },
    });
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("refuses tiers out of order and a percentage over 100, naming the fields, and saves nothing", async () => {
    await installTestShop(SHOP_A);
    const before = await storedRow(SHOP_A);

    const { status, body } = await saveSection(SHOP_A, "tiers", (form) => {
      form.tiers.tiers[0]!.percentOff = "15";
      form.tiers.tiers[1]!.percentOff = "101";
      form.tiers.tiers[2]!.minimumSubtotal = "50.00";
    });

    expect(status).toBe(422);
    expect(body).toEqual({
      section: "tiers",
      ok: false,
      errors: {
        "tiers.1.percentOff": "Must be between 0 and 100",
        "tiers.2.minimumSubtotal":
          "Must be more than tier 2 ($100.00): tiers go from the smallest cart to the largest",
      },
    });
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("saves the emails with delays in hours or minutes, and refuses them out of order", async () => {
    await installTestShop(SHOP_A);

    const content: StepContentForm = {
      template: "PRODUCT",
      tone: "FRIENDLY",
      sendWindowHours: "0",
      variants: [],
    };
    const saved = await saveSection(SHOP_A, "steps", (form) => {
      form.steps.steps = [
        { delay: "45", delayUnit: "minutes", offer: false, subject: "Still there?", ...content },
        { delay: "1.5", delayUnit: "hours", offer: true, subject: "A little extra", ...content },
      ];
    });
    expect(saved.status).toBe(200);
    const plain = { template: "PRODUCT", tone: "FRIENDLY", sendWindowHours: 0, variants: [] };
    expect((await storedSettings(SHOP_A)).steps).toEqual([
      { delayMinutes: 45, offer: false, subject: "Still there?", ...plain },
      { delayMinutes: 90, offer: true, subject: "A little extra", ...plain },
    ]);
    expect(
      (await loadPage(SHOP_A)).form.steps.steps.map((step) => `${step.delay} ${step.delayUnit}`),
    ).toEqual(["45 minutes", "90 minutes"]);

    const before = await storedRow(SHOP_A);
    const refused = await saveSection(SHOP_A, "steps", (form) => {
      form.steps.steps[1] = { ...form.steps.steps[1]!, delay: "30", delayUnit: "minutes" };
    });
    expect(refused).toEqual({
      status: 422,
      body: {
        section: "steps",
        ok: false,
        errors: {
          "steps.1.delay":
            "Must be later than email 1 (45 minutes): each email goes out after the one before",
        },
      },
    });
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("saves an email's design, tone, send window and variants as Everyone else's next version, shows them again, and refuses a variant the same as A at that variant", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);

    const saved = await saveSection(SHOP_A, "steps", (form) => {
      const second = form.steps.steps[1]!;
      Object.assign(second, {
        template: "OFFER",
        tone: "DIRECT",
        sendWindowHours: "6",
        variants: [
          { subject: "A little something for your cart", template: "OFFER", tone: "DIRECT", offer: true },
          { subject: second.subject, template: "NOTE", tone: "FRIENDLY", offer: false },
        ],
      });
    });
    expect(saved.status).toBe(200);
    const variants = [
      { subject: "A little something for your cart", template: "OFFER", tone: "DIRECT", offer: true },
      {
        subject: "Your cart is waiting, with a little something extra",
        template: "NOTE",
        tone: "FRIENDLY",
        offer: false,
      },
    ];
    expect((await storedSettings(SHOP_A)).steps[1]).toMatchObject({
      template: "OFFER",
      tone: "DIRECT",
      sendWindowHours: 6,
      variants,
    });
    expect((await loadPage(SHOP_A)).form.steps.steps[1]).toMatchObject({
      template: "OFFER",
      tone: "DIRECT",
      sendWindowHours: "6",
      variants,
    });
    const [version] = await prisma.sequenceVersion.findMany({
      where: { shop: SHOP_A, segmentId: "default" },
      orderBy: { number: "desc" },
      take: 1,
    });
    expect(JSON.parse(version!.data).steps[1]).toMatchObject({
      template: "OFFER",
      sendWindowHours: 6,
      variants,
    });
    expect((await storedSettings(SHOP_B)).steps[1]).toMatchObject({ template: "PRODUCT", variants: [] });

    // Removing variant B leaves C alone; variant C made the same as A is refused at C.
    const before = await storedRow(SHOP_A);
    const refused = await saveSection(SHOP_A, "steps", (form) => {
      const second = form.steps.steps[1]!;
      second.variants = [{ ...second.variants[1]!, template: "OFFER", tone: "DIRECT", offer: true }];
    });
    expect(refused).toEqual({
      status: 422,
      body: {
        section: "steps",
        ok: false,
        errors: {
          "steps.1.variants.0": "Must differ from the other variants in its subject, design, tone or offer",
        },
      },
    });
    expect(await storedRow(SHOP_A)).toBe(before);

    const removed = await saveSection(SHOP_A, "steps", (form) => {
      form.steps.steps[1]!.variants = [];
      form.steps.steps[1]!.sendWindowHours = "0";
    });
    expect(removed.status).toBe(200);
    expect((await storedSettings(SHOP_A)).steps[1]).toMatchObject({ sendWindowHours: 0, variants: [] });
  });

  it("saves the experiment rule and the send-time control share, as no new version, and refuses them out of range", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const versions = () => prisma.sequenceVersion.count({ where: { shop: SHOP_A } });
    const versionsBefore = await versions();

    const saved = await saveSection(SHOP_A, "experiments", (form) => {
      form.experiments = {
        autoPromote: false,
        minSendsPerVariant: "1000",
        rule: "PROBABILITY",
        levelPercent: "99",
        sendTimeControlPercent: "10",
      };
    });
    expect(saved).toMatchObject({
      status: 200,
      body: { ok: true, form: { experiments: { rule: "PROBABILITY", sendTimeControlPercent: "10" } } },
    });
    expect(await storedSettings(SHOP_A)).toMatchObject({
      experiments: { autoPromote: false, minSendsPerVariant: 1000, rule: "PROBABILITY", levelPercent: 99 },
      sendTime: { controlPercent: 10 },
    });
    expect(await storedSettings(SHOP_B)).toMatchObject({
      experiments: { autoPromote: true, minSendsPerVariant: 400, rule: "CONFIDENCE", levelPercent: 95 },
      sendTime: { controlPercent: 20 },
    });
    expect(await versions()).toBe(versionsBefore);

    const before = await storedRow(SHOP_A);
    const refused = await saveSection(SHOP_A, "experiments", (form) => {
      form.experiments.minSendsPerVariant = "10";
      form.experiments.levelPercent = "50";
      form.experiments.sendTimeControlPercent = "60";
    });
    expect(refused).toEqual({
      status: 422,
      body: {
        section: "experiments",
        ok: false,
        errors: {
          [FIELD.minSendsPerVariant]: "Must be between 50 and 100,000",
          [FIELD.experimentLevel]: "Must be 90, 95 or 99",
          [FIELD.sendTimeControlPercent]: "Must be between 0 and 50",
        },
      },
    });
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("makes the next version of Everyone else's sequence when its emails, tiers or holdout change, and none otherwise", async () => {
    await installTestShop(SHOP_A);
    const versions = () =>
      prisma.sequenceVersion.findMany({
        where: { shop: SHOP_A, segmentId: "default" },
        orderBy: { number: "asc" },
        select: { number: true, data: true },
      });

    await saveSection(SHOP_A, "steps", (form) => {
      form.steps.steps[0] = { ...form.steps.steps[0]!, subject: "Version one" };
    });
    await saveSection(SHOP_A, "sender", (form) => {
      form.sender.displayName = "Not a sequence change";
    });
    expect((await versions()).map((version) => version.number)).toEqual([1]);
    await saveSection(SHOP_A, "measurement", (form) => {
      form.measurement.holdoutPercent = "15";
    });
    const [first, second] = await versions();
    expect(JSON.parse(first!.data)).toMatchObject({ holdoutPercent: 0 });
    expect(JSON.parse(second!.data)).toMatchObject({ holdoutPercent: 15 });
    expect(JSON.parse(second!.data).steps[0]).toMatchObject({ subject: "Version one" });
    // A refused save makes nothing, and another shop has none.
    await saveSection(SHOP_A, "tiers", (form) => {
      form.tiers.tiers[0] = { ...form.tiers.tiers[0]!, percentOff: "150" };
    });
    expect(await versions()).toHaveLength(2);
    expect(await prisma.sequenceVersion.count({ where: { shop: { not: SHOP_A } } })).toBe(0);
  });

  it("saves Everyone else's offer test with the tiers, as its next version, and refuses a test of one offer or without tiers", async () => {
    await installTestShop(SHOP_A);

    const saved = await saveSection(SHOP_A, "tiers", (form) => {
      form.tiers.offerArms = { NO_DISCOUNT: true, TIER_DISCOUNT: false, FREE_SHIPPING: true };
    });
    expect(saved.status).toBe(200);
    expect((await storedSettings(SHOP_A)).offerArms).toEqual(["NO_DISCOUNT", "FREE_SHIPPING"]);
    const [version] = await prisma.sequenceVersion.findMany({
      where: { shop: SHOP_A, segmentId: "default" },
      orderBy: { number: "desc" },
      take: 1,
    });
    expect(JSON.parse(version!.data)).toMatchObject({ offerArms: ["NO_DISCOUNT", "FREE_SHIPPING"] });

    const before = await storedRow(SHOP_A);
    const single = await saveSection(SHOP_A, "tiers", (form) => {
      form.tiers.offerArms = { NO_DISCOUNT: false, TIER_DISCOUNT: true, FREE_SHIPPING: false };
    });
    expect(single).toMatchObject({
      status: 422,
      body: { ok: false, errors: { [FIELD.offerArms]: "An offer test needs at least two offers" } },
    });
    const noTiers = await saveSection(SHOP_A, "tiers", (form) => {
      form.tiers.tiers = [];
    });
    expect(noTiers).toMatchObject({
      status: 422,
      body: { ok: false, errors: { [FIELD.offerArms]: "An offer test needs at least one discount tier" } },
    });
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("saves the profit section, and refuses margins out of range with the field's reason", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);

    const saved = await saveSection(SHOP_A, "profit", (form) => {
      form.profit = { defaultMarginPercent: "42", marginFloorPercent: "25 %", customerBoundCodes: false };
    });
    expect(saved).toMatchObject({
      status: 200,
      body: {
        ok: true,
        form: { profit: { defaultMarginPercent: "42", marginFloorPercent: "25", customerBoundCodes: false } },
      },
    });
    expect(await storedSettings(SHOP_A)).toMatchObject({
      defaultMarginPercent: 42,
      marginFloorPercent: 25,
      customerBoundCodes: false,
    });
    expect(await storedSettings(SHOP_B)).toMatchObject({
      defaultMarginPercent: 50,
      marginFloorPercent: null,
      customerBoundCodes: true,
    });

    // An empty floor is no floor.
    await saveSection(SHOP_A, "profit", (form) => {
      form.profit.marginFloorPercent = " ";
    });
    expect((await storedSettings(SHOP_A)).marginFloorPercent).toBeNull();

    const before = await storedRow(SHOP_A);
    const refused = await saveSection(SHOP_A, "profit", (form) => {
      form.profit = { defaultMarginPercent: "0", marginFloorPercent: "96", customerBoundCodes: true };
    });
    expect(refused).toEqual({
      status: 422,
      body: {
        section: "profit",
        ok: false,
        errors: {
          [FIELD.defaultMarginPercent]: "Must be between 1 and 100",
          [FIELD.marginFloorPercent]: "Must be between 0 and 95",
        },
      },
    });
    const notNumbers = await saveSection(SHOP_A, "profit", (form) => {
      form.profit = { defaultMarginPercent: "", marginFloorPercent: "a third", customerBoundCodes: true };
    });
    expect(notNumbers.body).toMatchObject({
      ok: false,
      errors: {
        [FIELD.defaultMarginPercent]: "Is required",
        [FIELD.marginFloorPercent]: "Must be a whole number",
      },
    });
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("saves the audience, and refuses malformed quiet hours and a bad blocklist line", async () => {
    await installTestShop(SHOP_A);

    const saved = await saveSection(SHOP_A, "audience", (form) => {
      form.audience = {
        mode: "ALL",
        excludeTestCheckouts: false,
        quietHours: { enabled: true, start: "22:30", end: "7:00" },
        sequenceCooldownDays: "30",
        minHoursBetweenEmails: "24",
        maxCheckoutAgeDays: "3",
        blockedEmails: "VIP@Example.org\n\nceo@shop.example",
        blockedDomains: "@competitor.com",
      };
    });
    expect(saved.status).toBe(200);
    expect((await storedSettings(SHOP_A)).audience).toEqual({
      mode: "ALL",
      excludeTestCheckouts: false,
      quietHours: { enabled: true, start: "22:30", end: "07:00" },
      sequenceCooldownDays: 30,
      minHoursBetweenEmails: 24,
      maxCheckoutAgeDays: 3,
      blockedEmails: ["vip@example.org", "ceo@shop.example"],
      blockedDomains: ["competitor.com"],
    });
    expect((await loadPage(SHOP_A)).form.audience.blockedEmails).toBe("vip@example.org\nceo@shop.example");

    const before = await storedRow(SHOP_A);
    const refused = await saveSection(SHOP_A, "audience", (form) => {
      form.audience.quietHours.start = "24:00";
      form.audience.blockedEmails = "vip@example.org\nceo@shop.example\nnobody";
    });
    expect(refused).toEqual({
      status: 422,
      body: {
        section: "audience",
        ok: false,
        errors: {
          [FIELD.quietHoursStart]: "Use HH:MM, 24-hour",
          [FIELD.blockedEmails]: "Line 3 (“nobody”) is not an email address",
        },
      },
    });
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("saves the sender, and refuses a logo that is not https", async () => {
    await installTestShop(SHOP_A);

    const saved = await saveSection(SHOP_A, "sender", (form) => {
      form.sender = {
        displayName: "Ada at Shop A",
        replyTo: "help@shop-a.example",
        logoUrl: "https://cdn.shop-a.example/logo.png",
        accentColor: "#1a2b3c",
      };
    });
    expect(saved.status).toBe(200);
    expect((await storedSettings(SHOP_A)).sender).toEqual({
      displayName: "Ada at Shop A",
      replyTo: "help@shop-a.example",
      logoUrl: "https://cdn.shop-a.example/logo.png",
      accentColor: "#1a2b3c",
    });

    const before = await storedRow(SHOP_A);
    const refused = await saveSection(SHOP_A, "sender", (form) => {
      form.sender.logoUrl = "http://cdn.shop-a.example/logo.png";
    });
    expect(refused).toEqual({
      status: 422,
      body: { section: "sender", ok: false, errors: { [FIELD.logoUrl]: "Must be an https URL" } },
    });
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("saves AI copy, holdout, attribution and retention, and refuses a holdout over 50%", async () => {
    await installTestShop(SHOP_A);

    const saved = await saveSection(SHOP_A, "measurement", (form) => {
      form.measurement = {
        aiCopyEnabled: false,
        holdoutPercent: "10",
        attributionWindowDays: "14",
        retentionDays: "30",
      };
    });
    expect(saved.status).toBe(200);
    expect(await storedSettings(SHOP_A)).toMatchObject({
      aiCopy: { enabled: false },
      holdoutPercent: 10,
      attributionWindowDays: 14,
      retentionDays: 30,
    });

    const before = await storedRow(SHOP_A);
    const refused = await saveSection(SHOP_A, "measurement", (form) => {
      form.measurement.holdoutPercent = "60";
    });
    expect(refused).toEqual({
      status: 422,
      body: { section: "measurement", ok: false, errors: { [FIELD.holdoutPercent]: "Must be at most 50" } },
    });
    expect(await storedRow(SHOP_A)).toBe(before);
  });

  it("leaves the other sections as they were", async () => {
    await installTestShop(SHOP_A);
    const before = await storedSettings(SHOP_A);

    await saveSection(SHOP_A, "sender", (form) => {
      form.sender.displayName = "Shop A";
    });

    expect(await storedSettings(SHOP_A)).toEqual({
      ...before,
      sender: { ...before.sender, displayName: "Shop A" },
    });
  });

  it("answers 400 for an unknown section and saves nothing", async () => {
    await installTestShop(SHOP_A);
    const before = await storedRow(SHOP_A);

    const response = await post(SHOP_A, [
      ["intent", "billing"],
      [FIELD.holdoutPercent, "10"],
    ]);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "BAD_REQUEST" });
    expect(await storedRow(SHOP_A)).toBe(before);
  });
});

describe("pause and resume sending", () => {
  it("pauses as the merchant and resumes, showing the state on the page", async () => {
    await installTestShop(SHOP_A, { timezone: "Europe/Paris" });

    const paused = await post(SHOP_A, [
      ["intent", "sending"],
      [FIELD.sendingAction, "pause"],
    ]);
    expect(paused.status).toBe(200);
    const stored = (await storedSettings(SHOP_A)).sending;
    expect(stored).toMatchObject({ status: "PAUSED", pausedReason: "MERCHANT" });
    expect(Date.now() - Date.parse(stored.pausedAt ?? "")).toBeLessThan(60_000);
    expect((await loadPage(SHOP_A)).sending).toMatchObject({
      status: "PAUSED",
      isAutomatic: false,
      title: "Sending is paused",
    });

    const resumed = await post(SHOP_A, [
      ["intent", "sending"],
      [FIELD.sendingAction, "resume"],
    ]);
    expect(resumed.status).toBe(200);
    expect((await storedSettings(SHOP_A)).sending).toEqual({
      status: "ACTIVE",
      pausedReason: null,
      pausedAt: null,
    });
  });

  it("shows why sending was paused automatically, and resuming clears the reason", async () => {
    await installTestShop(SHOP_A, { timezone: "Europe/Paris" });
    const settings = await storedSettings(SHOP_A);
    await prisma.shopSettings.update({
      where: { shop: SHOP_A },
      data: {
        data: JSON.stringify({
          ...settings,
          sending: { status: "PAUSED", pausedReason: "COMPLAINT_RATE", pausedAt: "2026-11-20T08:05:00.000Z" },
        }),
      },
    });

    const page = await loadPage(SHOP_A);
    expect(page.sending).toMatchObject({
      status: "PAUSED",
      pausedReason: "COMPLAINT_RATE",
      isAutomatic: true,
      title: "Sending was paused automatically: too many spam complaints",
      pausedAtText: "Nov 20, 2026, 9:05 AM",
    });
    expect(page.sending.explanation).toContain("marked as spam");

    await post(SHOP_A, [
      ["intent", "sending"],
      [FIELD.sendingAction, "resume"],
    ]);
    expect((await loadPage(SHOP_A)).sending).toMatchObject({ status: "ACTIVE", pausedReason: null });
  });
});

describe("tenant isolation", () => {
  it("changes only the session's shop: shop B is untouched when shop A saves and pauses", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const shopB = await storedRow(SHOP_B);

    await saveSection(SHOP_A, "sender", (form) => {
      form.sender.displayName = "Only A";
    });
    await saveSection(SHOP_A, "tiers", (form) => {
      form.tiers.tiers = [];
    });
    await post(SHOP_A, [
      ["intent", "sending"],
      [FIELD.sendingAction, "pause"],
      // Not a field of any form; a request cannot choose its shop.
      ["shop", SHOP_B],
    ]);

    expect(await storedRow(SHOP_B)).toBe(shopB);
    expect(await storedSettings(SHOP_A)).toMatchObject({
      sender: { displayName: "Only A" },
      tiers: [],
      sending: { status: "PAUSED" },
    });
    expect((await loadPage(SHOP_B)).form.sender.displayName).toBe("");
  });

  it("refuses a save signed with another secret and saves nothing", async () => {
    await installTestShop(SHOP_A);
    const before = await storedRow(SHOP_A);
    const forged = await forgedAdminRequest("/app/settings", { shop: SHOP_A });

    const response = await callAction(
      action,
      new Request(forged, {
        method: "POST",
        body: formData([
          ["intent", "sending"],
          [FIELD.sendingAction, "pause"],
        ]),
      }),
    );

    expect(response.status).toBe(401);
    expect(await storedRow(SHOP_A)).toBe(before);
  });
});
