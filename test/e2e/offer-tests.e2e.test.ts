import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { defaultShopSettings } from "~/domain/shops";
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
 * The home page's offer test in Debian's Chromium against the production build: a segment of returning
 * customers whose checkouts were split between no discount and the tier discount, with a holdout, over the
 * last three weeks. No discount earns clearly more profit per checkout (the tier's orders come back about as
 * often and give 10% away), so the page says so in one sentence with an "Apply" button; pressing it makes the
 * segment's next sequence version with no offer test. Screenshot dashboard-offer-tests.png.
 */

const SHOP = "rowan-e2e.myshopify.com";
const DAY_MS = 86_400_000;

let app: RunningApp;
let browser: Browser;
let segmentId: string;

/** `count` checkouts of one group, the first `recovered` of them ordering 80.00 with the given profit. */
function group(
  count: number,
  recovered: number,
  arm: "TREATMENT" | "HOLDOUT",
  offerArm: string | null,
  { discountMinor = 0, profitMinor = 3_600 } = {},
): EnrollmentSeed[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, index) => {
    const anchorAt = new Date(now - (2 + (index % 19)) * DAY_MS);
    return {
      arm,
      segmentId,
      offerArm,
      status: arm === "HOLDOUT" ? "HOLDOUT" : "COMPLETED",
      anchorAt,
      sends: arm === "HOLDOUT" ? [] : [{ step: 1, sentAt: new Date(anchorAt.getTime() + 3_600_000) }],
      recovered:
        index < recovered
          ? {
              at: new Date(anchorAt.getTime() + 7_200_000),
              byEmail: arm === "TREATMENT",
              minor: 8_000 - discountMinor,
              merchandiseMinor: 8_000,
              discountMinor,
              profitMinor,
            }
          : undefined,
    };
  });
}

beforeAll(async () => {
  ensureBuild();
  prepareDatabase();
  await installTestShop(SHOP, { name: "Rowan Supply", timezone: "UTC" });
  const strategy = {
    ...defaultShopSettings("USD"),
    holdoutPercent: 20,
    offerArms: ["NO_DISCOUNT", "TIER_DISCOUNT"],
  };
  const segment = await prisma.segment.create({
    data: {
      shop: SHOP,
      position: 0,
      name: "Returning customers",
      rule: JSON.stringify({
        match: "ALL",
        conditions: [{ kind: "CUSTOMER_TYPE", value: "RETURNING", negate: false }],
      }),
      strategy: JSON.stringify({
        steps: strategy.steps,
        tiers: strategy.tiers,
        codeLifetimeHours: strategy.codeLifetimeHours,
        holdoutPercent: strategy.holdoutPercent,
        offerArms: strategy.offerArms,
      }),
    },
    select: { id: true },
  });
  segmentId = segment.id;
  await seedEnrollments(SHOP, [
    ...group(300, 15, "HOLDOUT", null),
    ...group(600, 90, "TREATMENT", "NO_DISCOUNT"),
    // The tier's code: 800 off, from 3,600 of profit to 2,800 less the code's share of the cost.
    ...group(600, 100, "TREATMENT", "TIER_DISCOUNT", { discountMinor: 800, profitMinor: 1_600 }),
  ]);
  app = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the offer tests on the home page in a real browser", () => {
  it("shows each offer against the holdout, recommends the clearly better one, and applies it on request", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    await admin.open("/app");
    const { page } = admin;
    const heading = page.getByRole("heading", { name: "Offer tests" });
    await heading.waitFor();
    const card = heading.locator("xpath=ancestor::div[contains(@class, 'Polaris-ShadowBevel')][1]");
    await card.getByText("always-valid 95% intervals").waitFor();
    // Two tables: per checkout with the held-out group (a heading row and three), then each offer's totals.
    const rows = card.getByRole("row");
    await expect.poll(() => rows.count()).toBe(7);
    expect(await rows.nth(2).innerText()).toMatch(/No discount\s+600\s+15%/);
    const sentence = card.getByText(
      /^For Returning customers, no discount earns \$[\d.]+ more profit per checkout/,
    );
    await sentence.waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard-offer-tests", { fullPage: false, element: card });
    await expectAccessible(page);

    const versionsBefore = await prisma.sequenceVersion.count({ where: { shop: SHOP, segmentId } });
    await card.getByRole("button", { name: /^Apply: no discount for Returning customers/ }).click();
    await card.getByText(/^Returning customers now gets no discount \(sequence version \d+\)/).waitFor();
    const stored = await prisma.segment.findUniqueOrThrow({
      where: { id: segmentId },
      select: { strategy: true },
    });
    expect((JSON.parse(stored.strategy) as { offerArms: string[] }).offerArms).toEqual([]);
    expect(await prisma.sequenceVersion.count({ where: { shop: SHOP, segmentId } })).toBe(versionsBefore + 1);
    await admin.context.close();
  });
});
