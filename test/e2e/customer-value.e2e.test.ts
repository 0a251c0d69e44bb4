import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMonth } from "~/components/customer-value-format";
import { prisma } from "~/db.server";
import { localDateOf } from "~/domain/analytics";
import { addMonths } from "~/domain/analytics/repeat-cohorts";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { mulberry32 } from "~/lib/seeded-random";
import { seedEnrollments, type EnrollmentSeed } from "../helpers/recovery-seed";
import { installTestShop } from "../helpers/shops";
import {
  ensureBuild,
  expectAccessible,
  launchBrowser,
  openAdmin,
  prepareDatabase,
  screenshot,
  startServer,
  type RunningApp,
} from "./harness";

/**
 * The customer value page in Debian's Chromium against the production build: eight months of buyers
 * recovered by email, held out and never abandoned, who order again now and then; the page shows the
 * honest comparison, the chart and the cohort table, axe clean and within Built for Shopify's Web Vitals.
 * Another shop with a short retention sees the notice about it and its own empty months. The screenshot
 * customer-value.png is for the README.
 */

const SHOP = "larch-e2e.myshopify.com";
const OTHER_SHOP = "hazel-e2e.myshopify.com";
const TIMEZONE = "America/Toronto";
const LCP_MS = 2_500;
const CLS = 0.1;
const INP_MS = 200;
const DAY_MS = 86_400_000;
const MONTHS = 8;

let app: RunningApp;
let browser: Browser;
let seededAt: Date;

/**
 * Per month back (1 to 8, each about 30 days apart, mid-month): buyers recovered by email (every third
 * orders again within a month, every fifth again within three), holdout buyers (every fourth orders again
 * within two months), and buyers who never abandoned (one in six again within a month, one in eight within
 * three), with order totals drawn from a seeded generator.
 */
async function seedBuyers(shop: string, now: Date) {
  const random = mulberry32(23);
  const total = () => 2_000 + Math.floor(random() * 12_000);
  const enrollments: EnrollmentSeed[] = [];
  const orders: Array<{ orderId: string; emailHash: string; at: Date; totalMinor: number }> = [];
  let sequence = 0;
  const buyer = (kind: string) => `${kind}-buyer-${++sequence}`;
  const later = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS);
  const addOrder = (emailHash: string, at: Date) => {
    if (at.getTime() < now.getTime())
      orders.push({ orderId: `${shop}-${orders.length + 1}`, emailHash, at, totalMinor: total() });
  };

  for (let back = 1; back <= MONTHS; back++) {
    const mid = new Date(now.getTime() - back * 30 * DAY_MS);
    const recover = (
      kind: string,
      count: number,
      arm: "TREATMENT" | "HOLDOUT",
      again: (n: number) => number[],
    ) => {
      for (let n = 0; n < count; n++) {
        const emailHash = buyer(kind);
        const at = later(mid, (n % 10) - 5);
        const orderId = `${shop}-${kind}-${sequence}`;
        enrollments.push({
          emailHash,
          arm,
          status: arm === "HOLDOUT" ? "HOLDOUT" : "STOPPED",
          anchorAt: later(at, -1),
          recovered: { at, byEmail: arm === "TREATMENT", minor: 6_000, orderId },
        });
        orders.push({ orderId, emailHash, at, totalMinor: 6_000 });
        for (const days of again(n)) addOrder(emailHash, later(at, days));
      }
    };
    recover("email", 12 + back, "TREATMENT", (n) => [
      ...(n % 3 === 0 ? [12 + n] : []),
      ...(n % 5 === 0 ? [70] : []),
    ]);
    recover("holdout", 6, "HOLDOUT", (n) => (n % 4 === 0 ? [45] : []));
    for (let n = 0; n < 40; n++) {
      const emailHash = buyer("loyal");
      const at = later(mid, (n % 20) - 10);
      addOrder(emailHash, at);
      if (n % 6 === 0) addOrder(emailHash, later(at, 20));
      if (n % 8 === 0) addOrder(emailHash, later(at, 80));
    }
  }
  await seedEnrollments(shop, enrollments);
  await prisma.order.createMany({
    data: orders.map((order) => ({
      shop,
      orderId: order.orderId,
      emailHash: order.emailHash,
      discountCodes: "[]",
      lines: "[]",
      currency: "USD",
      totalMinor: order.totalMinor,
      subtotalMinor: order.totalMinor,
      presentmentCurrency: "USD",
      presentmentTotalMinor: order.totalMinor,
      shopifyCreatedAt: order.at,
    })),
  });
}

beforeAll(async () => {
  ensureBuild();
  prepareDatabase();
  await installTestShop(SHOP, { name: "Larch & Co", timezone: TIMEZONE });
  await installTestShop(OTHER_SHOP, { name: "Hazel Goods", timezone: "Europe/Berlin" });
  await saveShopSettings(SHOP, { ...(await getShopSettings(SHOP)), retentionDays: 365 });
  seededAt = new Date();
  await seedBuyers(SHOP, seededAt);
  await seedBuyers(OTHER_SHOP, seededAt);
  app = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the customer value page in a real browser", () => {
  it("shows the comparison, the chart and the cohort table, axe clean and within the Web Vitals budget", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    await admin.open("/app/customer-value");
    const { page } = admin;
    await page.getByRole("heading", { name: "What recovered customers are worth later" }).waitFor();
    await page.getByText("The fair comparison for shoppers recovered by email is the holdout").waitFor();
    await page.getByText(/^In the months whose 90 days are over, /).waitFor();

    const chart = page.getByRole("img", { name: /Repeat purchases within 90 days, by month of first order/ });
    await chart.waitFor();
    expect(await chart.locator("rect").count()).toBeGreaterThan(0);

    const table = page.getByRole("table");
    // From the month of the first order seeded (250 days back) to this month; none before.
    const monthOf = (at: Date) => localDateOf(at, TIMEZONE).slice(0, 7);
    const firstMonth = monthOf(new Date(seededAt.getTime() - 250 * DAY_MS));
    await table.getByText(formatMonth(firstMonth), { exact: true }).waitFor();
    await table.getByText(formatMonth(monthOf(new Date())), { exact: true }).waitFor();
    expect(await table.getByText(formatMonth(addMonths(firstMonth, -1)), { exact: true }).count()).toBe(0);
    await table.getByText("All months, window over").waitFor();
    expect(await table.getByText("not yet", { exact: true }).count()).toBeGreaterThan(0);
    expect(await table.getByText(/^\d+(\.\d)?% \(\d+(\.\d)?–\d+(\.\d)?%\)$/).count()).toBeGreaterThan(0);
    // This shop keeps a year of data: no notice about retention.
    expect(await page.getByText(/Buyers can be followed for as long as their data is kept/).count()).toBe(0);

    await screenshot(page, "customer-value");
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "customer-value-top", { fullPage: false });
    await expectAccessible(page);
    const vitals = await admin.vitals();
    expect(vitals.lcp).toBeGreaterThan(0);
    expect(vitals.lcp).toBeLessThanOrEqual(LCP_MS);
    expect(vitals.cls).toBeLessThanOrEqual(CLS);
    expect(vitals.inp, `slowest interaction: ${vitals.inpEvent}`).toBeLessThanOrEqual(INP_MS);
    await admin.context.close();
  });

  it("tells a shop with the default 90-day retention why older months and longer windows are missing", async () => {
    const admin = await openAdmin(browser, app.baseUrl, OTHER_SHOP);
    await admin.open("/app/customer-value");
    const { page } = admin;
    await page.getByText("Buyers can be followed for as long as their data is kept: 90 days").waitFor();
    await page
      .getByText("A month's 60-day and 90-day figures need up to 91 and 121 days of data", { exact: false })
      .waitFor();
    // Two to four months begin within 90 days, then the pooled row.
    const rows = await page.getByRole("table").locator("tbody tr").count();
    expect(rows).toBeGreaterThanOrEqual(3);
    expect(rows).toBeLessThanOrEqual(5);
    await screenshot(page, "customer-value-short-retention");
    await expectAccessible(page);
    await admin.context.close();
  });
});
