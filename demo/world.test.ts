import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { productImageSvg } from "./product-image";
import { formatSummaryTable, parseSummaryTable } from "./summary";
import { DEMO_MEDIAN_CART_MINOR } from "../app/domain/demo/demo-median-cart";
import {
  buildCatalog,
  buildCheckouts,
  buildShoppers,
  customerHistoryOf,
  DEMO_CATEGORIES,
  DEMO_HISTORY_END,
  DEMO_MONTH_END,
  reactionTo,
} from "./world";

describe("the demo's world", () => {
  it("has 200 products in 10 categories, each with its picture committed in public/", () => {
    const catalog = buildCatalog();
    expect(catalog).toHaveLength(200);
    expect(new Set(catalog.map((product) => product.category.slug)).size).toBe(DEMO_CATEGORIES.length);
    expect(new Set(catalog.map((product) => product.id)).size).toBe(200);
    expect(new Set(catalog.map((product) => product.handle)).size).toBe(200);
    for (const product of catalog) {
      expect(product.priceMinor).toBeGreaterThan(0);
      // `npm run demo:images` writes these; a catalog change without it fails here.
      expect(fs.readFileSync(path.join("public", product.imagePath), "utf8")).toBe(productImageSvg(product));
    }
    expect(fs.readdirSync(path.join("public", "demo", "products"))).toHaveLength(200);
  });

  it("escapes product titles in the pictures", () => {
    const [product] = buildCatalog(1);
    const svg = productImageSvg({ ...product!, title: `<script>alert("x")</script> & co` });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&#60;script&#62;");
  });

  it("is the same on every run: shoppers, checkouts and reactions", () => {
    const shoppers = buildShoppers(1000);
    expect(new Set(shoppers.map((shopper) => shopper.email)).size).toBe(1000);
    expect(buildShoppers(1000)).toEqual(shoppers);
    const options = {
      catalog: buildCatalog(),
      shoppers,
      firstDay: new Date("2026-10-22T00:00:00Z"),
      days: 29,
      perDay: 20,
      latest: new Date("2026-11-21T12:00:00Z"),
    };
    const checkouts = buildCheckouts(options);
    expect(checkouts.length).toBeGreaterThan(400);
    expect(buildCheckouts(options).map((checkout) => checkout.token)).toEqual(checkouts.map((c) => c.token));
    const completed = checkouts.filter((checkout) => checkout.ending.kind === "COMPLETED").length;
    expect(completed / checkouts.length).toBeGreaterThan(0.2);
    expect(completed / checkouts.length).toBeLessThan(0.5);
    expect(reactionTo(shoppers[0]!, "key-1", 1)).toEqual(reactionTo(shoppers[0]!, "key-1", 1));
  });
});

describe("the demo's customers before the month", () => {
  it("gives a little over half the accounts earlier orders, the same on every run, all before the month", () => {
    const accounts = buildShoppers(1000).flatMap((shopper) =>
      shopper.customerId ? [shopper.customerId] : [],
    );
    const histories = accounts.map(customerHistoryOf);
    expect(accounts.map(customerHistoryOf)).toEqual(histories);
    const returning = histories.filter((history) => history.orderCount > 0);
    expect(returning.length / histories.length).toBeGreaterThan(0.45);
    expect(returning.length / histories.length).toBeLessThan(0.65);
    for (const history of returning) {
      expect(history.amountSpentMinor).toBeGreaterThan(0);
      expect(history.lastOrderAt!.getTime()).toBeLessThan(DEMO_HISTORY_END.getTime());
    }
    for (const history of histories.filter((candidate) => candidate.orderCount === 0))
      expect(history).toEqual({ orderCount: 0, amountSpentMinor: 0, lastOrderAt: null });
    // Some spent far more than others: the high-value segment has someone to catch.
    const spends = returning.map((history) => history.amountSpentMinor).sort((a, b) => a - b);
    expect(spends.at(-1)!).toBeGreaterThan(5 * spends[0]!);
  });

  it("has the median cart the demo shop's first-time segment is bounded by", () => {
    // The month as the demo simulates it (simulate.ts: 30 days to DEMO_MONTH_END, 20 a day).
    const start = new Date(DEMO_MONTH_END.getTime() - 30 * 86_400_000);
    const checkouts = buildCheckouts({
      catalog: buildCatalog(),
      shoppers: buildShoppers(1000),
      firstDay: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1)),
      days: 29,
      perDay: 20,
      latest: new Date(DEMO_MONTH_END.getTime() - 6 * 3_600_000),
    });
    const subtotals = checkouts
      .map((checkout) =>
        checkout.updates
          .at(-1)!
          .lines.reduce((sum, line) => sum + line.product.priceMinor * line.quantity, 0),
      )
      .sort((a, b) => a - b);
    const median = subtotals[Math.floor(subtotals.length / 2)]!;
    expect(Math.abs(median - DEMO_MEDIAN_CART_MINOR) / median).toBeLessThan(0.05);
  });
});

describe("the summary table", () => {
  it("reads back what it prints, cell for cell", () => {
    const rows = [
      { figure: "Emails sent", dashboard: "517", simulation: "517" },
      { figure: "  step 1", dashboard: "210", simulation: "210" },
      { figure: "Recovered revenue", dashboard: "$12,811.80", simulation: "" },
    ];
    const printed = `Dashboard for …\n${formatSummaryTable(rows)}\n\nEmails: …`;
    expect(parseSummaryTable(printed)).toEqual(rows);
  });
});
