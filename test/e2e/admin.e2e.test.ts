import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAmount, formatCount, formatRate } from "~/components/dashboard-format";
import { prisma } from "~/db.server";
import { getShopSettings } from "~/domain/shops";
import { checkoutLine, seedCheckouts } from "../helpers/checkouts";
import { installTestShop } from "../helpers/shops";
import { seedAdminShop, type AdminSeed } from "./admin-seed";
import {
  E2E,
  ensureBuild,
  expectAccessible,
  launchBrowser,
  openAdmin,
  prepareDatabase,
  screenshot,
  startServer,
  type AdminPage,
  type RunningApp,
  type Vitals,
} from "./harness";

/**
 * The embedded admin in Debian's Chromium against the production build: what a merchant sees on each page,
 * that settings survive a reload and refuse bad values, that every page passes axe without serious or
 * critical violations, and the Core Web Vitals Built for Shopify asks of admin pages.
 */

const SHOP = "maple-e2e.myshopify.com";
const OTHER_SHOP = "birch-e2e.myshopify.com";
// Built for Shopify's thresholds for admin pages.
const LCP_MS = 2_500;
const CLS = 0.1;
const INP_MS = 200;

let app: RunningApp;
let browser: Browser;
let seed: AdminSeed;
const vitalsByPage: Record<string, Vitals> = {};

beforeAll(async () => {
  ensureBuild();
  prepareDatabase();
  await installTestShop(SHOP, { name: "Maple & Pine", timezone: "America/Toronto" });
  await installTestShop(OTHER_SHOP, { name: "Birch Goods", timezone: "Europe/Berlin" });
  seed = await seedAdminShop(SHOP);
  await seedAdminShop(OTHER_SHOP);
  // No scheduler runs here: a tick that has just finished, so the home shows no "stopped" warning by default.
  await recordFreshTick();
  app = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (Object.keys(vitalsByPage).length > 0) {
    fs.writeFileSync(path.join(E2E.dir, "vitals.json"), `${JSON.stringify(vitalsByPage, null, 2)}\n`);
    process.stdout.write(`Core Web Vitals (ms, CLS unitless): ${JSON.stringify(vitalsByPage)}\n`);
  }
});

const recordFreshTick = () =>
  prisma.jobHeartbeat.upsert({
    where: { name: "tick" },
    create: { name: "tick", lastStartedAt: new Date(), lastFinishedAt: new Date() },
    update: { lastStartedAt: new Date(), lastFinishedAt: new Date() },
  });

/** The text of the dashboard card whose title is `title`. */
const metricCard = (page: Page, title: string) =>
  page
    .getByText(title, { exact: true })
    .first()
    .locator("xpath=ancestor::div[contains(@class, 'Polaris-BlockStack')][1]")
    .innerText();

async function expectVitalsWithinBudget(admin: AdminPage, name: string) {
  const vitals = await admin.vitals();
  vitalsByPage[name] = vitals;
  expect(vitals.lcp).toBeGreaterThan(0);
  expect(vitals.lcp).toBeLessThanOrEqual(LCP_MS);
  expect(vitals.cls).toBeLessThanOrEqual(CLS);
  expect(vitals.inp, `slowest interaction: ${vitals.inpEvent}`).toBeLessThanOrEqual(INP_MS);
}

describe("the embedded admin in a real browser", () => {
  it("home: shows the period's figures of this shop's data, and meets the Web Vitals budget", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    await admin.open("/app");
    const { page } = admin;
    await page.getByText("Maple & Pine").first().waitFor();

    const { expected } = seed;
    expect(await metricCard(page, "Abandoned checkouts")).toContain(formatCount(expected.abandoned));
    expect(await metricCard(page, "Emails sent")).toContain(formatCount(expected.emailsSent));
    expect(await metricCard(page, "Click rate")).toContain(
      `${formatCount(expected.clicked)} of ${formatCount(expected.emailsSent)} emails clicked`,
    );
    expect(await metricCard(page, "Click rate")).toContain(
      formatRate(expected.clicked / expected.emailsSent),
    );
    expect(await metricCard(page, "Orders recovered by email")).toContain(
      formatCount(expected.recoveredByEmail),
    );
    expect(await metricCard(page, "Recovered revenue")).toContain(
      formatAmount(expected.recoveredRevenueMinor, "USD"),
    );
    expect(await metricCard(page, "Recovery rate")).toContain(
      `${expected.recoveredByEmail} of ${expected.emailsSent} emailed checkouts`,
    );
    expect(await metricCard(page, "Discount cost")).toContain("1 code used");

    // An interaction for INP: choosing another period from the keyboard.
    await page.getByLabel("Period").focus();
    await page.keyboard.press("ArrowUp");
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(300);
    await expectVitalsWithinBudget(admin, "home");
    await admin.open("/app");
    await screenshot(page, "dashboard");
    await expectAccessible(page);
    await admin.context.close();
  });

  it("settings: a changed tier is saved and survives a reload; an invalid one shows its error and saves nothing", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    await admin.open("/app/settings");
    const { page } = admin;
    const percent = page.getByLabel("Percent off");
    await expect.poll(() => percent.count()).toBe(3);
    await expect.poll(() => percent.nth(1).inputValue()).toBe("10");
    await expectAccessible(page);
    await screenshot(page, "settings");

    await percent.nth(1).fill("15");
    await page.getByRole("button", { name: "Save discount tiers" }).click();
    await page.getByText("Saved", { exact: true }).waitFor();
    expect((await getShopSettings(SHOP)).tiers[1]?.percentOff).toBe(15);
    expect((await getShopSettings(OTHER_SHOP)).tiers[1]?.percentOff).toBe(10);

    await page.reload({ waitUntil: "networkidle" });
    await expect.poll(() => page.getByLabel("Percent off").nth(1).inputValue()).toBe("15");
    await expectVitalsWithinBudget(admin, "settings");

    // The third tier's threshold below the second's: refused with the field's own error.
    const before = await getShopSettings(SHOP);
    await page.getByLabel("Minimum cart subtotal").nth(2).fill("50");
    await page.getByRole("button", { name: "Save discount tiers" }).click();
    await page.getByText("Discount tiers: nothing was saved").waitFor();
    await page
      .getByText(/more than tier 2/)
      .first()
      .waitFor();
    expect(await page.getByLabel("Minimum cart subtotal").nth(2).getAttribute("aria-invalid")).toBe("true");
    expect(await getShopSettings(SHOP)).toEqual(before);
    await admin.context.close();
  });

  it("settings: a retention shorter than the attribution window is saved with a warning that says what it costs", async () => {
    const admin = await openAdmin(browser, app.baseUrl, OTHER_SHOP);
    await admin.open("/app/settings");
    const { page } = admin;
    const retention = page.getByLabel("Keep personal data for");
    await expect.poll(() => retention.inputValue()).toBe("90");
    await retention.fill("7");
    await page.getByRole("button", { name: "Save ai copy, measurement and data" }).click();
    await page.getByText("AI copy, measurement and data: saved, with a warning").waitFor();
    expect((await getShopSettings(OTHER_SHOP)).retentionDays).toBe(7);
    await expectAccessible(page);
    await page.getByText("AI copy, measurement and data: saved, with a warning").scrollIntoViewIfNeeded();
    await screenshot(page, "settings-retention-warning", { fullPage: false });
    await admin.context.close();
  });

  it("settings: the Profit section saves margins and code binding; Everyone else's offer test saves with the tiers", async () => {
    const admin = await openAdmin(browser, app.baseUrl, OTHER_SHOP);
    await admin.open("/app/settings");
    const { page } = admin;
    const margin = page.getByLabel("Default margin");
    await expect.poll(() => margin.inputValue()).toBe("50");
    await margin.fill("40");
    await page.getByLabel("Margin floor").fill("20");
    await page.getByLabel("Only the checkout's customer may use the code").uncheck();
    await page.getByRole("button", { name: "Save profit" }).click();
    await expect
      .poll(async () => {
        const { defaultMarginPercent, marginFloorPercent, customerBoundCodes } =
          await getShopSettings(OTHER_SHOP);
        return { defaultMarginPercent, marginFloorPercent, customerBoundCodes };
      })
      .toEqual({ defaultMarginPercent: 40, marginFloorPercent: 20, customerBoundCodes: false });

    await page.getByLabel("No discount").check();
    await page.getByLabel("Tier discount").check();
    await page.getByRole("button", { name: "Save discount tiers" }).click();
    await expect
      .poll(async () => (await getShopSettings(OTHER_SHOP)).offerArms)
      .toEqual(["NO_DISCOUNT", "TIER_DISCOUNT"]);
    expect((await getShopSettings(SHOP)).offerArms).toEqual([]);

    // One offer alone is not a test: refused next to the checkboxes, nothing saved.
    await page.getByLabel("No discount").uncheck();
    await page.getByRole("button", { name: "Save discount tiers" }).click();
    await page.getByText("An offer test needs at least two offers").waitFor();
    expect((await getShopSettings(OTHER_SHOP)).offerArms).toEqual(["NO_DISCOUNT", "TIER_DISCOUNT"]);
    await expectAccessible(page);
    await screenshot(page, "settings-offer-test", {
      element: page.getByRole("group", { name: "Offer test" }),
    });
    await screenshot(page, "settings-profit", {
      element: page.locator('form[aria-labelledby="settings-profit"]'),
    });
    await admin.context.close();
  });

  it("settings: an email's design, send window and variant B are saved and kept after a reload; a variant the same as A is refused at it", async () => {
    const admin = await openAdmin(browser, app.baseUrl, OTHER_SHOP);
    await admin.open("/app/settings");
    const { page } = admin;
    const email = page.getByRole("group", { name: "Email 2", exact: true });
    // Email 2's own fields come first; a variant's are inside its own group.
    const design = email.getByLabel("Design", { exact: true }).first();
    const window = email.getByLabel("Send at the shopper's best hour");
    await expect.poll(() => design.inputValue()).toBe("PRODUCT");
    await design.selectOption({ label: "Offer-led: the code and its expiry lead" });
    await window.selectOption({ label: "Up to 6 hours later" });
    await email.getByRole("button", { name: "Add variant to email 2" }).click();
    const variant = email.getByRole("group", { name: "Variant B" });
    // It starts as a copy of A in the next unused design, so it already differs.
    await expect.poll(() => variant.getByLabel("Design").inputValue()).toBe("PRODUCT");
    await variant.getByLabel("Subject").fill("A little something for your cart");
    await variant
      .getByLabel("Design")
      .selectOption({ label: "Personal note: a plain note from you, little styling" });
    await variant.getByLabel("Tone").selectOption({ label: "Direct" });
    await page.getByRole("button", { name: "Save recovery emails" }).click();
    const savedVariant = {
      subject: "A little something for your cart",
      template: "NOTE",
      tone: "DIRECT",
      offer: true,
    };
    await expect
      .poll(async () => (await getShopSettings(OTHER_SHOP)).steps[1])
      .toMatchObject({ template: "OFFER", sendWindowHours: 6, variants: [savedVariant] });
    expect((await getShopSettings(SHOP)).steps[1]).toMatchObject({ template: "PRODUCT", variants: [] });

    await page.reload({ waitUntil: "networkidle" });
    await expect.poll(() => design.inputValue()).toBe("OFFER");
    expect(await window.inputValue()).toBe("6");
    expect(await variant.getByLabel("Subject").inputValue()).toBe("A little something for your cart");
    expect(await variant.getByLabel("Design").inputValue()).toBe("NOTE");
    expect(await variant.getByLabel("Tone").inputValue()).toBe("DIRECT");
    await expectAccessible(page);
    await screenshot(page, "settings-step-variants", { element: email });

    // Variant B made A again: refused at the variant's subject, nothing saved.
    const before = await getShopSettings(OTHER_SHOP);
    const subjectA = await email.getByLabel("Subject", { exact: true }).first().inputValue();
    await variant.getByLabel("Subject").fill(subjectA);
    await variant.getByLabel("Design").selectOption("OFFER");
    await variant.getByLabel("Tone").selectOption("FRIENDLY");
    await page.getByRole("button", { name: "Save recovery emails" }).click();
    await page.getByText("Recovery emails: nothing was saved").waitFor();
    await variant
      .getByText("Must differ from the other variants in its subject, design, tone or offer")
      .waitFor();
    expect(await variant.getByLabel("Subject").getAttribute("aria-invalid")).toBe("true");
    expect(await getShopSettings(OTHER_SHOP)).toEqual(before);

    // Removed, and saved: no experiment left on the email.
    await email.getByRole("button", { name: "Remove variant B of email 2" }).click();
    await expect.poll(() => variant.count()).toBe(0);
    await page.getByRole("button", { name: "Save recovery emails" }).click();
    await expect.poll(async () => (await getShopSettings(OTHER_SHOP)).steps[1]?.variants).toEqual([]);
    await admin.context.close();
  });

  it("settings: the Experiments card saves the promotion rule and the send-time control share", async () => {
    const admin = await openAdmin(browser, app.baseUrl, OTHER_SHOP);
    await admin.open("/app/settings");
    const { page } = admin;
    const card = page.locator('form[aria-labelledby="settings-experiments"]');
    const minimum = card.getByLabel("Minimum sends per variant");
    await expect.poll(() => minimum.inputValue()).toBe("400");
    await card.getByLabel("Promote a winning variant automatically").uncheck();
    await minimum.fill("1000");
    // The label, as a merchant clicks it (Polaris draws its own circle over the radio input).
    await card.getByText("Probability: the chance it is best").click();
    await expect.poll(() => card.getByLabel("Probability: the chance it is best").isChecked()).toBe(true);
    await card.getByLabel("Level", { exact: true }).selectOption("99");
    await card.getByLabel("Control share").fill("10");
    await card.getByText("Send 10% of shoppers at the plain delay").waitFor();
    await page.getByRole("button", { name: "Save experiments" }).click();
    await expect
      .poll(async () => {
        const { experiments, sendTime } = await getShopSettings(OTHER_SHOP);
        return { experiments, sendTime };
      })
      .toEqual({
        experiments: { autoPromote: false, minSendsPerVariant: 1000, rule: "PROBABILITY", levelPercent: 99 },
        sendTime: { controlPercent: 10 },
      });
    expect((await getShopSettings(SHOP)).experiments.rule).toBe("CONFIDENCE");

    await page.reload({ waitUntil: "networkidle" });
    await expect.poll(() => minimum.inputValue()).toBe("1000");
    expect(await card.getByLabel("Probability: the chance it is best").isChecked()).toBe(true);
    expect(await card.getByLabel("Promote a winning variant automatically").isChecked()).toBe(false);
    await expectAccessible(page);
    await screenshot(page, "settings-experiments", { element: card });

    // Out of range: refused at the field, nothing saved.
    await card.getByLabel("Control share").fill("60");
    await page.getByRole("button", { name: "Save experiments" }).click();
    await page.getByText("Experiments: nothing was saved").waitFor();
    await card.getByText("Must be between 0 and 50").waitFor();
    expect(await card.getByLabel("Control share").getAttribute("aria-invalid")).toBe("true");
    expect((await getShopSettings(OTHER_SHOP)).sendTime.controlPercent).toBe(10);
    await admin.context.close();
  });

  it("checkouts: filters by status, finds a shopper by email, and shows the timeline", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    await admin.open("/app/checkouts");
    const { page } = admin;
    const rows = page.locator(".Polaris-IndexTable__TableRow");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, "checkouts");

    await page.getByRole("button", { name: "Status" }).first().click();
    // Polaris draws its own radio over the native one, which takes the click.
    await page.getByRole("radio", { name: "Recovered by email" }).click({ force: true });
    await page.waitForURL(/status=recovered/);
    await expect.poll(() => rows.count()).toBe(seed.expected.recoveredByEmail);

    await page.getByLabel("Search by email or first name").fill(seed.shopper.email.toUpperCase());
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/q=/);
    await expect.poll(() => rows.count()).toBe(1);

    await rows.first().getByRole("link").first().click();
    await page.waitForURL(new RegExp(`/app/checkouts/${seed.shopper.checkoutId}`));
    await page.getByText(`Checkout of ${seed.shopper.firstName}`).first().waitFor();
    await page.getByText(seed.shopper.productTitle).first().waitFor();
    await page.getByText("Checkout started").first().waitFor();
    await page.getByText("Step 1 sent").first().waitFor();
    // The shopper's language by name, and the order opens in Shopify admin.
    await page.getByText("English (en)").first().waitFor();
    expect(await page.locator('a[href^="shopify://admin/orders/"][target="_top"]').count()).toBe(1);
    await page
      .getByText(/recovered/i)
      .first()
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, "checkout-detail");
    await expectVitalsWithinBudget(admin, "checkouts");
    await admin.context.close();
  });

  it("preview: renders the recovery email of a real cart, with the shopper's items", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    await admin.open("/app/preview");
    const { page } = admin;
    const checkout = page.getByLabel("Checkout");
    const options = await checkout.locator("option").allTextContents();
    expect(options.length).toBeGreaterThan(1);
    await checkout.selectOption({ index: 1 });
    await page.getByRole("button", { name: "Show preview" }).click();
    await page.waitForURL(/checkout=/);
    // Playwright's scripts cannot run inside the preview's sandboxed frame (neither can the email's), so the
    // email is read from the frame's srcdoc and checked, axe included, on a page of its own.
    const frame = page.locator('iframe[title="Email preview"]');
    await frame.waitFor();
    const html = (await frame.getAttribute("srcdoc")) ?? "";
    await screenshot(page, "preview");
    const emailPage = await admin.context.newPage();
    await emailPage.setContent(html, { waitUntil: "load" });
    const chosen = options[1] ?? "";
    await emailPage
      .getByText(chosen.split(" · ")[1] ?? "no price")
      .first()
      .waitFor();
    await emailPage
      .getByText(/Linen shirt|Oxford shirt|Chino trousers|Wool overcoat|Leather belt|Cotton socks/)
      .first()
      .waitFor();
    await emailPage.getByRole("link", { name: /Return to your cart/ }).waitFor();
    await emailPage.getByRole("link", { name: /Unsubscribe/ }).waitFor();
    await expectAccessible(emailPage);
    await emailPage.close();
    // axe waits forever on a frame it cannot script: the page is checked with the plain-text version shown.
    await page.getByRole("tab", { name: "Plain text" }).click();
    await frame.waitFor({ state: "detached" });
    await expectAccessible(page);
    await expectVitalsWithinBudget(admin, "preview");
    await admin.context.close();
  });

  it("home: warns before sending pauses when spam complaints near the limit, and says what to do", async () => {
    // Two of the other shop's emails of the last days complained of: above 0.1%, too few to pause.
    const sends = await prisma.recoverySend.findMany({
      where: { shop: OTHER_SHOP, status: "SENT" },
      orderBy: { sentAt: "desc" },
      take: 2,
      select: { id: true },
    });
    expect(sends).toHaveLength(2);
    await prisma.recoverySend.updateMany({
      where: { id: { in: sends.map((send) => send.id) } },
      data: { complainedAt: new Date() },
    });
    const admin = await openAdmin(browser, app.baseUrl, OTHER_SHOP);
    await admin.open("/app");
    const { page } = admin;
    await page.getByText("Spam complaints are rising").first().waitFor();
    await page
      .getByText(/2 of your \d+ recovery emails of the last 30 days .* were marked as spam/)
      .first()
      .waitFor();
    expect(await page.getByText("Sending active").count()).toBeGreaterThan(0);
    expect((await getShopSettings(OTHER_SHOP)).sending.status).toBe("ACTIVE");
    await expectAccessible(page);
    await screenshot(page, "dashboard-reputation-warning");
    await admin.context.close();
  });

  it("checkouts: the table fits its card at 1024 and 1280 px wide", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    const { page } = admin;
    for (const width of [1024, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await admin.open("/app/checkouts");
      await expect.poll(() => page.locator(".Polaris-IndexTable__TableRow").count()).toBeGreaterThan(0);
      const { table, scroller } = await page.evaluate(() => ({
        table: document.querySelector(".Polaris-IndexTable__Table")?.getBoundingClientRect().width ?? 0,
        scroller: document.querySelector(".Polaris-IndexTable-ScrollContainer")?.clientWidth ?? 0,
      }));
      await screenshot(page, `checkouts-${width}`, { fullPage: false });
      expect(table, `the table at ${width} px`).toBeGreaterThan(0);
      expect(table, `the table at ${width} px`).toBeLessThanOrEqual(scroller + 1);
    }
    await admin.context.close();
  });

  it("home: the daily charts show dates for a week, a month and a quarter", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    const { page } = admin;
    // About the app's frame inside Shopify admin on a 1280 px screen (the admin's menu takes the rest).
    await page.setViewportSize({ width: 1024, height: 900 });
    for (const period of ["7", "30", "90"]) {
      await admin.open(`/app?period=${period}`);
      const charts = page.locator("[data-chart-slot]");
      await charts.last().locator("svg").waitFor();
      await charts.first().scrollIntoViewIfNeeded();
      await screenshot(page, `dashboard-chart-${period}-days`, { fullPage: false });
      for (const [index, name] of ["checkouts", "revenue"].entries()) {
        const dates = await charts
          .nth(index)
          .locator("svg text")
          .evaluateAll((nodes) =>
            nodes
              .map((node) => node.textContent ?? "")
              .filter((text) => /^[A-Z][a-z]{2} \d{1,2}$/.test(text)),
          );
        expect(dates.length, `dates under the ${period}-day ${name} chart`).toBeGreaterThan(1);
      }
    }
    await admin.context.close();
  });

  it("favicon: /favicon.ico, which browsers ask for on their own, leads to the app's icon", async () => {
    const icon = await fetch(`${app.baseUrl}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.url).toBe(`${app.baseUrl}/favicon.svg`);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
  });

  it("preview: a German shopper's email is German from the subject on, and names what each code gives", async () => {
    // Not in the shared seed, whose figures other tests count; removed again at the end.
    const [german] = await seedCheckouts(SHOP, [
      {
        email: "lena@shopper.example",
        firstName: "Lena",
        locale: "de-DE",
        updatedAt: new Date("2026-01-15T12:00:00Z"),
        subtotalMinor: 15_000,
        lines: [checkoutLine({ title: "Wool overcoat", unitPriceMinor: 15_000, linePriceMinor: 15_000 })],
      },
    ]);
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    await admin.open(`/app/preview?checkout=${german!.id}&step=2`);
    const { page } = admin;
    const frame = page.locator('iframe[title="Email preview"]');
    await frame.waitFor();
    // The merchant's subject is the English default: a German shopper gets the template's German one.
    await page
      .getByText(/Ein kleines Extra für Ihren Warenkorb: \d+\s% Rabatt und kostenloser Versand/)
      .waitFor();
    await screenshot(page, "preview-german");
    const html = (await frame.getAttribute("srcdoc")) ?? "";
    const emailPage = await admin.context.newPage();
    await emailPage.setContent(html, { waitUntil: "load" });
    await emailPage
      .getByText(/Hallo Lena, in Ihrem Warenkorb bei .+ ist noch alles da: „Wool overcoat“/)
      .waitFor();
    await emailPage.getByText("CB-PREVIEW", { exact: true }).waitFor();
    // The tier's percentage: the settings test above may have changed it.
    await emailPage.getByText(/^\d+\s% Rabatt$/).waitFor();
    await emailPage.getByText("Kostenloser Versand für Ihre Bestellung", { exact: true }).waitFor();
    await screenshot(emailPage, "preview-german-email");
    // One heading above the recommendations, not a label and a line that repeat each other.
    expect(await emailPage.getByText(/könnte (Ihnen|dir) auch gefallen/).count()).toBeLessThanOrEqual(1);
    expect(await emailPage.getByText(/You might also like|Your cart|Your code/).count()).toBe(0);
    await emailPage.close();
    await admin.context.close();
    await prisma.checkout.delete({ where: { id: german!.id } });
  });

  it("privacy requests: the page loads and passes axe", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    await admin.open("/app/privacy");
    await admin.page.getByRole("heading", { name: "Privacy requests" }).waitFor();
    await expectAccessible(admin.page);
    await admin.context.close();
  });

  describe("home: is Cartback working?", () => {
    const HOUR_MS = 3_600_000;
    /** The card's text, once the page shows it. */
    const aliveCard = async (page: Page) => {
      const heading = page.getByRole("heading", { name: "Is Cartback working?" });
      await heading.waitFor();
      await heading.scrollIntoViewIfNeeded();
      return heading.locator("xpath=ancestor::div[contains(@class, 'Polaris-ShadowBevel')][1]").innerText();
    };
    const banner = (page: Page, title: string) =>
      page
        .getByText(title, { exact: true })
        .first()
        .locator("xpath=ancestor::div[@role='alert' or @role='status'][1]");

    it("healthy: the last checkout, scheduled run, email and reconciliation, and Check now asks for one", async () => {
      await recordFreshTick();
      await prisma.reconciliationState.upsert({
        where: { shop: SHOP },
        create: {
          shop: SHOP,
          lastStartedAt: new Date(Date.now() - 20 * 60_000),
          lastFinishedAt: new Date(Date.now() - 19 * 60_000),
          lastOutcome: "OK",
          lastSeen: 14,
          lastFound: 2,
          totalFound: 5,
        },
        update: {},
      });
      const admin = await openAdmin(browser, app.baseUrl, SHOP);
      await admin.open("/app");
      const { page } = admin;
      const card = await aliveCard(page);
      expect(card).toContain("Working");
      expect(card).toMatch(/Last checkout received\n.*(ago|yesterday).*\(\w{3} \d+, \d{4}, \d+:\d\d [AP]M\)/);
      expect(card).toMatch(/Last scheduled run\n.*(just now|minute)/);
      expect(card).toMatch(/Last recovery email sent\n.*(ago|yesterday)/);
      expect(card).toContain("19 minutes ago");
      expect(card).toContain(
        "Read 14 abandoned checkouts from Shopify; 2 had not come by webhook and were added (5 found this way in all).",
      );
      for (const title of [
        "Checkouts have stopped arriving",
        "Cartback can no longer reach your store's Admin API",
        "Cartback cannot read your store's abandoned checkouts",
      ])
        expect(await page.getByText(title).count()).toBe(0);
      expect(await page.getByText(/^Scheduled work has (stopped|never run)/).count()).toBe(0);
      await expectAccessible(page);
      await screenshot(page, "dashboard-alive", { fullPage: false });

      await page.getByRole("button", { name: "Check now" }).click();
      await page.getByText("Check requested: it runs with the next scheduled run").waitFor();
      await expect
        .poll(
          async () => (await prisma.reconciliationState.findUnique({ where: { shop: SHOP } }))?.requestedAt,
        )
        .toBeInstanceOf(Date);
      expect(await prisma.reconciliationState.findUnique({ where: { shop: OTHER_SHOP } })).toBeNull();
      await screenshot(page, "dashboard-alive-check-requested", { fullPage: false });
      await admin.context.close();
      await prisma.reconciliationState.update({ where: { shop: SHOP }, data: { requestedAt: null } });
    });

    it("warns when checkouts stop arriving for a shop that usually has them", async () => {
      const shop = "cedar-e2e.myshopify.com";
      await installTestShop(shop, { name: "Cedar Supply", timezone: "America/Vancouver" });
      // One every three hours for twelve days, then nothing for a day: about eight expected, none came.
      const lastAt = Date.now() - 24 * HOUR_MS;
      await seedCheckouts(
        shop,
        Array.from({ length: 100 }, (_, index) => ({
          email: null,
          updatedAt: new Date(lastAt - index * 3 * HOUR_MS),
        })),
      );
      const admin = await openAdmin(browser, app.baseUrl, shop);
      await admin.open("/app");
      const { page } = admin;
      const warning = banner(page, "Checkouts have stopped arriving");
      await warning.waitFor();
      const text = await warning.innerText();
      expect(text).toMatch(/about 7 checkouts would have arrived since the last one/);
      expect(text).toContain("reinstalling it restores its webhook subscriptions");
      expect(await aliveCard(page)).toContain("Needs attention");
      await page.evaluate(() => window.scrollTo(0, 0));
      await expectAccessible(page);
      await screenshot(page, "dashboard-checkouts-stopped", { fullPage: false });
      await admin.context.close();
    });

    it("warns when scheduled work has stopped, and says how the tick is scheduled", async () => {
      const stoppedAt = new Date(Date.now() - 2 * HOUR_MS);
      await prisma.jobHeartbeat.update({
        where: { name: "tick" },
        data: { lastStartedAt: stoppedAt, lastFinishedAt: stoppedAt },
      });
      try {
        const admin = await openAdmin(browser, app.baseUrl, SHOP);
        await admin.open("/app");
        const { page } = admin;
        const warning = banner(page, "Scheduled work has stopped: no recovery emails are going out");
        await warning.waitFor();
        expect(await warning.innerText()).toMatch(/POST \/jobs\/tick .* SCHEDULER=interval/);
        expect(await aliveCard(page)).toMatch(/Last scheduled run\n2 hours ago/);
        await page.evaluate(() => window.scrollTo(0, 0));
        await expectAccessible(page);
        await screenshot(page, "dashboard-ticks-stopped", { fullPage: false });
        await admin.context.close();
      } finally {
        await recordFreshTick();
      }
    });

    it("shows a shop that must reconnect as a critical banner first", async () => {
      await prisma.shop.update({
        where: { domain: OTHER_SHOP },
        data: {
          reauthRequiredAt: new Date(Date.now() - HOUR_MS),
          reauthReason: "Shopify refused to renew the app's access (HTTP 400, invalid_grant)",
        },
      });
      try {
        const admin = await openAdmin(browser, app.baseUrl, OTHER_SHOP);
        await admin.open("/app");
        const { page } = admin;
        const title = "Cartback can no longer reach your store's Admin API";
        const warning = banner(page, title);
        await warning.waitFor();
        expect(await warning.innerText()).toContain(
          "Open Cartback from your Shopify admin (Apps › Cartback) to reconnect.",
        );
        // The first banner on the page, critical.
        expect(await page.locator(".Polaris-Banner").first().innerText()).toContain(title);
        expect(
          await page.locator(".Polaris-Banner--toneCritical, [class*='toneCritical']").count(),
        ).toBeGreaterThan(0);
        await expectAccessible(page);
        await screenshot(page, "dashboard-reauth-required", { fullPage: false });
        await admin.context.close();
      } finally {
        await prisma.shop.update({
          where: { domain: OTHER_SHOP },
          data: { reauthRequiredAt: null, reauthReason: null },
        });
      }
    });

    it("warns when reconciliation lacks access, with the fix", async () => {
      const fix =
        "Cartback needs the read_checkouts permission to list abandoned checkouts: open Cartback from Shopify admin > Apps and approve the updated permissions.";
      const before = await prisma.reconciliationState.findUnique({ where: { shop: SHOP } });
      await prisma.reconciliationState.update({
        where: { shop: SHOP },
        data: {
          lastOutcome: "MISSING_ACCESS",
          lastError: fix,
          lastFinishedAt: new Date(Date.now() - 5 * 60_000),
        },
      });
      try {
        const admin = await openAdmin(browser, app.baseUrl, SHOP);
        await admin.open("/app");
        const { page } = admin;
        const warning = banner(page, "Cartback cannot read your store's abandoned checkouts");
        await warning.waitFor();
        expect(await warning.innerText()).toContain(fix);
        expect(await aliveCard(page)).toContain(`No access: ${fix}`);
        await page.evaluate(() => window.scrollTo(0, 0));
        await expectAccessible(page);
        await screenshot(page, "dashboard-reconciliation-missing-access", { fullPage: false });
        await admin.context.close();
      } finally {
        await prisma.reconciliationState.update({
          where: { shop: SHOP },
          data: {
            lastOutcome: before?.lastOutcome ?? null,
            lastError: before?.lastError ?? null,
            lastFinishedAt: before?.lastFinishedAt ?? null,
          },
        });
      }
    });

    it("warns when the email provider's quota holds emails back, and says they are not lost", async () => {
      await recordFreshTick();
      const checkout = await prisma.checkout.findFirstOrThrow({
        where: { shop: SHOP },
        select: { id: true },
      });
      const held = await prisma.recoveryEvent.create({
        data: {
          shop: SHOP,
          checkoutId: checkout.id,
          step: 1,
          type: "DEFERRED",
          reason: "DEFERRED_PROVIDER_QUOTA",
          data: JSON.stringify({ until: new Date(Date.now() + 25 * 60_000).toISOString() }),
          at: new Date(Date.now() - 5 * 60_000),
        },
      });
      try {
        const admin = await openAdmin(browser, app.baseUrl, SHOP);
        await admin.open("/app");
        const { page } = admin;
        const warning = banner(
          page,
          "Recovery emails are waiting: the email provider's sending quota is used up",
        );
        await warning.waitFor();
        expect(await warning.innerText()).toMatch(/not lost.*each once.*checks again every half hour/s);
        await page.evaluate(() => window.scrollTo(0, 0));
        await expectAccessible(page);
        await screenshot(page, "dashboard-provider-quota", { fullPage: false });
        await admin.context.close();
      } finally {
        await prisma.recoveryEvent.delete({ where: { id: held.id } });
      }
    });

    it("setup: lists the steps the app cannot check, and the merchant can mark one done", async () => {
      const admin = await openAdmin(browser, app.baseUrl, OTHER_SHOP);
      await admin.open("/app");
      const { page } = admin;
      const step = page.getByText("Shopify's own abandoned checkout email", { exact: true }).first();
      await step.waitFor();
      await step.scrollIntoViewIfNeeded();
      await page.getByText("Report emails to Shopify", { exact: true }).first().waitFor();
      await expectAccessible(page);
      await screenshot(page, "dashboard-setup-checklist", { fullPage: false });
      await page
        .getByRole("button", { name: /Mark as done: Shopify's own abandoned checkout email/ })
        .click();
      await expect
        .poll(async () => (await getShopSettings(OTHER_SHOP)).setupChecks.shopifyEmailResolvedAt)
        .not.toBeNull();
      await admin.context.close();
    });
  });
});
