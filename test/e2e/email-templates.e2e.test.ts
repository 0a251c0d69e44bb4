import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMAIL_TEMPLATES, type EmailTemplate } from "~/domain/messages";
import { productFacts, storeProducts } from "../helpers/catalog";
import { checkoutLine, seedCheckouts } from "../helpers/checkouts";
import { installTestShop } from "../helpers/shops";
import {
  ensureBuild,
  expectAccessible,
  launchBrowser,
  openAdmin,
  prepareDatabase,
  screenshot,
  startServer,
  type AdminPage,
  type RunningApp,
} from "./harness";

/**
 * The four email designs in Debian's Chromium against the production build: each rendered by the preview
 * route (`?template=`) for a real checkout with an offer, then opened on a page of its own (the preview's
 * frame is sandboxed, so neither Playwright nor axe can script it) in the light and the dark colour scheme,
 * and at a phone's width. Each must pass axe in both schemes and show the cart, the codes and the links.
 * Screenshots email-template-<design>.png (light) and -dark.png, in test-results/e2e/screenshots.
 */

const SHOP = "juniper-e2e.myshopify.com";

let app: RunningApp;
let browser: Browser;
let admin: AdminPage;
let checkoutId: string;

beforeAll(async () => {
  ensureBuild();
  prepareDatabase();
  await installTestShop(SHOP, { name: "Juniper Goods", timezone: "UTC" });
  app = await startServer();
  browser = await launchBrowser();
  // The pictures are the demo catalog's, served by the app itself: nothing leaves the machine.
  const picture = (name: string) => `${app.baseUrl}/demo/products/${name}.svg`;
  // The cart's products and their neighbours in the catalog, so the designs that show picks have three.
  await storeProducts(
    SHOP,
    [
      ["201", "Alpine Shell Jacket", "Jackets", "jackets-1"],
      ["202", "Ridge Daypack", "Bags", "bags-1"],
      ["203", "Harbor Shell Jacket", "Jackets", "jackets-2"],
      ["204", "Summit Shell Jacket", "Jackets", "jackets-3"],
      ["205", "Cascade Daypack", "Bags", "bags-2"],
    ].map(([productId, title, productType, name]) =>
      productFacts({
        productId: productId!,
        title: title!,
        productType: productType!,
        tags: ["outdoor"],
        imageUrl: picture(name!),
        priceMinMinor: 8_900,
        priceMaxMinor: 8_900,
      }),
    ),
  );
  const [checkout] = await seedCheckouts(SHOP, [
    {
      email: "ava@shopper.example",
      firstName: "Ava",
      locale: "en",
      updatedAt: new Date(),
      subtotalMinor: 24_000,
      lines: [
        checkoutLine({
          productId: "201",
          variantId: "2010",
          title: "Alpine Shell Jacket",
          variantTitle: "Forest / M",
          unitPriceMinor: 18_900,
          linePriceMinor: 18_900,
          imageUrl: picture("jackets-1"),
        }),
        checkoutLine({
          productId: "202",
          variantId: "2020",
          title: "Ridge Daypack",
          variantTitle: null,
          unitPriceMinor: 5_100,
          linePriceMinor: 5_100,
          imageUrl: picture("bags-1"),
        }),
      ],
    },
  ]);
  checkoutId = checkout!.id;
  admin = await openAdmin(browser, app.baseUrl, SHOP);
});

afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await app?.stop();
});

/** The design's HTML as the preview route renders it (step 2 of the default sequence carries the offer). */
async function previewHtml(template: EmailTemplate): Promise<string> {
  await admin.open(`/app/preview?checkout=${checkoutId}&step=2&template=${template}`);
  const frame = admin.page.locator('iframe[title="Email preview"]');
  await frame.waitFor();
  return (await frame.getAttribute("srcdoc")) ?? "";
}

async function openEmail(html: string, colorScheme: "light" | "dark", width = 680): Promise<Page> {
  const page = await admin.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme });
  await page.setContent(html, { waitUntil: "load" });
  return page;
}

const backgroundOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => getComputedStyle(element).backgroundColor);

describe("the email designs in a real browser", () => {
  it.each(EMAIL_TEMPLATES)(
    "%s: the cart, the codes and the links, accessible in light and dark, fluid on a phone",
    async (template) => {
      const html = await previewHtml(template);
      const name = `email-template-${template.toLowerCase()}`;
      for (const scheme of ["light", "dark"] as const) {
        const page = await openEmail(html, scheme);
        await page.getByText("Alpine Shell Jacket", { exact: false }).first().waitFor();
        await page
          .getByText(/CB-PREVIEW\b/)
          .first()
          .waitFor();
        await page
          .getByText(/Valid until/)
          .first()
          .waitFor();
        await page
          .getByRole("link", { name: /Return to your cart/ })
          .first()
          .waitFor();
        await page.getByRole("link", { name: /Unsubscribe/ }).waitFor();
        // Three picks from the catalog, except in the note, a letter from the shop.
        const picks = page.getByRole("link", {
          name: /Harbor Shell Jacket|Summit Shell Jacket|Cascade Daypack/,
        });
        await expect.poll(() => picks.count()).toBe(template === "NOTE" ? 0 : 3);
        // Every picture loaded (the demo catalog's, from the app): a broken one would show its alt text.
        const broken = await page
          .locator("img")
          .evaluateAll(
            (images) => (images as HTMLImageElement[]).filter((image) => !image.naturalWidth).length,
          );
        expect(broken).toBe(0);
        // The dark-mode block applies: the card turns dark, and axe checks the contrast of what is shown.
        expect(await backgroundOf(page, ".cb-column")).toBe(
          scheme === "dark" ? "rgb(30, 31, 33)" : "rgb(255, 255, 255)",
        );
        await expectAccessible(page);
        await screenshot(page, scheme === "light" ? name : `${name}-dark`);
        await page.close();
      }
      // At a phone's width nothing is wider than the screen.
      const phone = await openEmail(html, "light", 375);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await phone.close();
    },
  );

  it("lets the merchant pick a design on the preview page", async () => {
    await admin.open(`/app/preview?checkout=${checkoutId}&step=2`);
    const { page } = admin;
    await page.getByLabel("Design").selectOption("NOTE");
    await page.getByRole("button", { name: "Show preview" }).click();
    await page.waitForURL(/template=NOTE/);
    const frame = page.locator('iframe[title="Email preview"]');
    await expect
      .poll(async () => (await frame.getAttribute("srcdoc")) ?? "")
      .toContain("The team at Juniper Goods");
  });
});
