import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { productImageSvg } from "./product-image";
import { formatSummaryTable, parseSummaryTable } from "./summary";
import { buildCatalog, buildCheckouts, buildShoppers, DEMO_CATEGORIES, reactionTo } from "./world";

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
