import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { experimentKeyOf } from "~/domain/sequences";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { seedEnrollments, type EnrollmentSeed } from "../helpers/recovery-seed";
import { installTestShop } from "../helpers/shops";
import {
  E2E,
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
 * The home page's experiments in Debian's Chromium against the production build. Email 1 runs a content
 * experiment: B (a direct note with the offer) recovers clearly more per email than A after 1,500 emails each,
 * so the rule names it; email 2 tests three subjects and is too early to tell. The merchant promotes B, then
 * undoes it. Send-time optimisation holds 400 checkouts' emails for the best hour against a control of 100.
 * Screenshots dashboard-experiments.png and dashboard-send-time.png (copied to docs/images).
 */

const SHOP = "juniper-e2e.myshopify.com";
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

let app: RunningApp;
let browser: Browser;
let emailOneKey: string;

/** `sends` checkouts that got `step` as `variant`, the first `recovered` of them ordering 64.00 after it. */
function variantSends(
  key: string,
  step: number,
  variant: "A" | "B" | "C",
  { sends, recovered, clicked }: { sends: number; recovered: number; clicked: number },
): EnrollmentSeed[] {
  const now = Date.now();
  return Array.from({ length: sends }, (_, index) => {
    const anchorAt = new Date(now - (40 + (index % 30)) * DAY_MS);
    const sentAt = new Date(anchorAt.getTime() + step * HOUR_MS);
    return {
      status: index < recovered ? "STOPPED" : "COMPLETED",
      segmentId: "default",
      anchorAt,
      sends: [
        {
          step,
          sentAt,
          subjectVariant: variant,
          experimentKey: key,
          clickedAt: index < clicked ? new Date(sentAt.getTime() + 600_000) : null,
        },
      ],
      recovered:
        index < recovered
          ? { at: new Date(sentAt.getTime() + 2 * HOUR_MS), byEmail: true, minor: 6_400 }
          : undefined,
    };
  });
}

/** `count` checkouts of the last three weeks in a send-time group, emailed, some clicked and recovered. */
function sendTimeGroup(
  sendTimeArm: "OPTIMISED" | "CONTROL",
  count: number,
  { clicked, recovered }: { clicked: number; recovered: number },
): EnrollmentSeed[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, index) => {
    const anchorAt = new Date(now - (2 + (index % 19)) * DAY_MS);
    const sentAt = new Date(anchorAt.getTime() + 3 * HOUR_MS);
    return {
      sendTimeArm,
      status: index < recovered ? "STOPPED" : "COMPLETED",
      anchorAt,
      sends: [{ step: 1, sentAt, clickedAt: index < clicked ? new Date(sentAt.getTime() + 600_000) : null }],
      recovered:
        index < recovered
          ? { at: new Date(sentAt.getTime() + HOUR_MS), byEmail: true, minor: 6_400 }
          : undefined,
    };
  });
}

beforeAll(async () => {
  ensureBuild();
  prepareDatabase();
  await installTestShop(SHOP, { name: "Juniper & Fern", timezone: "UTC" });
  const settings = await getShopSettings(SHOP);
  const [first, second, ...rest] = settings.steps;
  if (!first || !second) throw new Error("the default sequence has fewer than two steps");
  const emailOne = {
    ...first,
    variants: [
      {
        ...first,
        subject: "Your cart is still here, with free shipping",
        tone: "DIRECT" as const,
        offer: true,
      },
    ],
  };
  const emailTwo = {
    ...second,
    variants: [
      { ...second, subject: "Still thinking it over?" },
      { ...second, subject: "A little reminder from Juniper & Fern" },
    ],
  };
  await saveShopSettings(SHOP, { ...settings, steps: [emailOne, emailTwo, ...rest] });
  emailOneKey = experimentKeyOf("default", 1, emailOne) as string;
  const emailTwoKey = experimentKeyOf("default", 2, emailTwo) as string;
  await seedEnrollments(SHOP, [
    ...variantSends(emailOneKey, 1, "A", { sends: 1_500, recovered: 45, clicked: 180 }),
    ...variantSends(emailOneKey, 1, "B", { sends: 1_500, recovered: 105, clicked: 240 }),
    ...variantSends(emailTwoKey, 2, "A", { sends: 120, recovered: 4, clicked: 15 }),
    ...variantSends(emailTwoKey, 2, "B", { sends: 118, recovered: 6, clicked: 17 }),
    ...variantSends(emailTwoKey, 2, "C", { sends: 125, recovered: 3, clicked: 12 }),
    ...sendTimeGroup("OPTIMISED", 400, { clicked: 84, recovered: 38 }),
    ...sendTimeGroup("CONTROL", 100, { clicked: 15, recovered: 6 }),
  ]);
  app = await startServer();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The screenshot of the run, also as the README's picture. */
function publish(name: string) {
  fs.copyFileSync(
    path.join(E2E.dir, "screenshots", `${name}.png`),
    path.resolve("docs", "images", `${name}.png`),
  );
}

describe("the experiments on the home page in a real browser", () => {
  it("shows each experiment's variants and verdict, promotes B on request and undoes it, and compares send times", async () => {
    const admin = await openAdmin(browser, app.baseUrl, SHOP);
    await admin.open("/app");
    const { page } = admin;
    const heading = page.getByRole("heading", { name: "Experiments", exact: true });
    await heading.waitFor();
    const card = heading.locator("xpath=ancestor::div[contains(@class, 'Polaris-ShadowBevel')][1]");
    await card
      .getByText(/^Promotes automatically when each variant has 400 emails and the 95% always-valid interval/)
      .waitFor();
    await card.getByText("Everyone else · email 1").waitFor();
    await card
      .getByText(
        /^B recovers 7\.0% of emails against A's 3\.0%; the 95% always-valid interval of the difference is \+[\d.]+ to \+[\d.]+ points, above zero: B is the winner\.$/,
      )
      .waitFor();
    await card
      .getByText(
        /^Too early to name a winner|so far\. Too early to name a winner: each variant needs 400 emails/,
      )
      .waitFor();
    await card.getByText("“Your cart is still here, with free shipping”").waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard-experiments", { fullPage: false, element: card });

    const sendTimeHeading = page.getByRole("heading", { name: "Send time", exact: true });
    const sendTimeCard = sendTimeHeading.locator(
      "xpath=ancestor::div[contains(@class, 'Polaris-ShadowBevel')][1]",
    );
    await sendTimeCard
      .getByText(/^Holding for the best hour: \+3\.5 points of recoveries \(95% interval/)
      .waitFor();
    const rows = sendTimeCard.getByRole("row");
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.nth(1).innerText()).toMatch(/Held for the best hour\s+400\s+84 · 21\.0%/);
    expect(await rows.nth(2).innerText()).toMatch(/Sent at the delay \(control\)\s+100\s+15 · 15\.0%/);
    await sendTimeCard.scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard-send-time", { fullPage: false, element: sendTimeCard });
    await expectAccessible(page);

    // Promote B of email 1: every checkout gets it, and the decision is listed with Undo.
    await card.getByRole("button", { name: "Promote B" }).first().click();
    await card.getByText("Variant B now goes to every checkout at email 1 of Everyone else.").waitFor();
    await card.getByText(/: B promoted by you\.$/).waitFor();
    const standing = await prisma.experimentDecision.findMany({
      where: { shop: SHOP, experimentKey: emailOneKey },
    });
    expect(standing.map((decision) => [decision.winner, decision.decidedBy, decision.reversedAt])).toEqual([
      ["B", "MERCHANT", null],
    ]);
    await card.getByText("B promoted", { exact: true }).waitFor();
    await screenshot(page, "dashboard-experiments-promoted", { fullPage: false, element: card });

    // Undo: the draw resumes, the log keeps the decision as undone, and Promote is back.
    await card.getByRole("button", { name: "Undo: draw between the variants again" }).click();
    await card.getByText("Undone: each checkout gets one of the variants again, drawn at random.").waitFor();
    await card.getByText(/: B promoted by you; undone .+\.$/).waitFor();
    const undone = await prisma.experimentDecision.findFirstOrThrow({
      where: { shop: SHOP, experimentKey: emailOneKey },
    });
    expect(undone.reversedAt).not.toBeNull();
    await expect.poll(() => card.getByRole("button", { name: "Promote B" }).count()).toBe(2);
    await expectAccessible(page);

    publish("dashboard-experiments");
    publish("dashboard-send-time");
    await admin.context.close();
  });
});
