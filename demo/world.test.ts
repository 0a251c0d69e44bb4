import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { productImageSvg } from "./product-image";
import { formatSummaryTable, parseSummaryTable } from "./summary";
import { DEMO_MEDIAN_CART_MINOR } from "../app/domain/demo/demo-median-cart";
import { DEMO_FIRST_TIME_TEST, DEMO_RETURNING_TEST } from "../app/domain/demo/demo-offer-tests";
import { defaultShopSettings } from "../app/domain/shops/settings";
import {
  buildCatalog,
  buildCheckouts,
  buildShoppers,
  cartOf,
  createRandom,
  customerHistoryOf,
  DEMO_CATEGORIES,
  DEMO_HISTORY_END,
  DEMO_LAST_CHECKOUT_HOURS_BEFORE_END,
  DEMO_MONTH_END,
  DEMO_RESPONSE,
  DEMO_SEGMENTS,
  DEMO_TIERS,
  demoCartSample,
  demoTruths,
  drawCartUpdates,
  isInRange,
  offerFor,
  offerShownIn,
  ordersAfterEmails,
  ordersOnOwn,
  reactionTo,
  segmentTruth,
  shopperKindOf,
  type DemoOfferArm,
  type DemoSegmentWorld,
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
    // The month as the demo simulates it (simulate.ts and run.ts: 30 days to DEMO_MONTH_END, 50 a day).
    const start = new Date(DEMO_MONTH_END.getTime() - 30 * 86_400_000);
    const checkouts = buildCheckouts({
      catalog: buildCatalog(),
      shoppers: buildShoppers(10_000),
      firstDay: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1)),
      days: 29,
      perDay: 50,
      latest: new Date(DEMO_MONTH_END.getTime() - DEMO_LAST_CHECKOUT_HOURS_BEFORE_END * 3_600_000),
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

describe("the demo's catalog costs", () => {
  it("gives every product a unit cost of 40% to 60% of its price, its category's share", () => {
    for (const product of buildCatalog()) {
      expect(product.unitCostMinor).toBe(Math.round(product.priceMinor * product.category.costShare));
      expect(product.category.costShare).toBeGreaterThanOrEqual(0.4);
      expect(product.category.costShare).toBeLessThanOrEqual(0.6);
    }
  });
});

describe("the demo's offers", () => {
  it("are the shop's default tiers, and each arm shows and costs what the app's codes do", () => {
    expect(DEMO_TIERS).toEqual(defaultShopSettings("USD").tiers);
    expect(offerFor("NO_DISCOUNT", 30_000)).toEqual({ shown: "NONE", discountMinor: 0 });
    expect(offerFor("FREE_SHIPPING", 30_000)).toEqual({ shown: "FREE_SHIPPING", discountMinor: 800 });
    // Under $100 the tier is free shipping alone; from $100 10% off, from $500 20%, each with free shipping.
    expect(offerFor("TIER_DISCOUNT", 9_999)).toEqual({ shown: "FREE_SHIPPING", discountMinor: 800 });
    expect(offerFor("TIER_DISCOUNT", 10_005)).toEqual({ shown: "PERCENT_OFF", discountMinor: 1_001 + 800 });
    expect(offerFor("TIER_DISCOUNT", 50_000)).toEqual({ shown: "PERCENT_OFF", discountMinor: 10_000 + 800 });
  });

  it("are read from the email's codes, as the shopper reads them", () => {
    const codes = (...list: string[]) => `Hi Ava,\n\n10% off your order\nYour codes: ${list.join(" and ")}\n`;
    expect(offerShownIn(codes("CB-7KQ2MXPA", "CB-7KQ2MXPA-SHIP"))).toBe("PERCENT_OFF");
    expect(offerShownIn(codes("CB-88NR2ZP3-SHIP"))).toBe("FREE_SHIPPING");
    expect(offerShownIn("Hi Ava, your cart is waiting: http://127.0.0.1/r/abc")).toBe("NONE");
  });
});

describe("the demo's shoppers' response", () => {
  it("calls a shopper returning after an earlier order, in their account's history or in the month", () => {
    const [withHistory, guest] = [
      buildShoppers(2500).find(
        (shopper) => shopper.customerId && customerHistoryOf(shopper.customerId).orderCount > 0,
      )!,
      buildShoppers(2500).find((shopper) => !shopper.customerId)!,
    ];
    expect(shopperKindOf(withHistory, 0)).toBe("RETURNING");
    expect(shopperKindOf(guest, 0)).toBe("NEW");
    expect(shopperKindOf(guest, 1)).toBe("RETURNING");
  });

  it("never has an email lose an order: a shopper who comes back on their own also orders when emailed", () => {
    for (const response of Object.values(DEMO_RESPONSE))
      for (const rate of Object.values(response.afterEmails))
        expect(rate).toBeGreaterThanOrEqual(response.onOwn);
  });

  it("matches the segments the demo shop installs, and their offer tests", () => {
    expect(DEMO_SEGMENTS.map((segment) => segment.offers)).toEqual([
      ["NO_DISCOUNT"],
      DEMO_FIRST_TIME_TEST.offerArms,
      DEMO_RETURNING_TEST.offerArms,
      ["TIER_DISCOUNT"],
    ]);
  });
});

/**
 * The response model played out checkout by checkout, as the simulation plays it (ordersOnOwn,
 * ordersAfterEmails, the offer's discount), on carts drawn with another seed: its averages per group.
 */
function monteCarlo(segment: DemoSegmentWorld, checkouts: number, seed: number) {
  const random = createRandom(seed);
  const catalog = buildCatalog();
  const groups = new Map<string, { checkouts: number; orders: number; profit: number; squares: number }>();
  const groupNames = ["HOLDOUT", ...segment.offers];
  for (let drawn = 0; drawn < checkouts;) {
    const cart = cartOf(drawCartUpdates(random, catalog).at(-1)?.lines ?? []);
    if (!isInRange(segment.carts, cart.subtotalMinor)) continue;
    drawn++;
    const group = groupNames[Math.floor(random.next() * groupNames.length)] as string;
    const draw = random.next();
    let profit = 0;
    let ordered = false;
    if (group === "HOLDOUT") {
      ordered = ordersOnOwn(segment.kind, draw);
      profit = ordered ? cart.grossProfitMinor : 0;
    } else {
      const offer = offerFor(group as DemoOfferArm, cart.subtotalMinor);
      ordered = ordersAfterEmails(segment.kind, offer.shown, draw);
      profit = ordered ? cart.grossProfitMinor - offer.discountMinor : 0;
    }
    const sums = groups.get(group) ?? { checkouts: 0, orders: 0, profit: 0, squares: 0 };
    groups.set(group, {
      checkouts: sums.checkouts + 1,
      orders: sums.orders + (ordered ? 1 : 0),
      profit: sums.profit + profit,
      squares: sums.squares + profit * profit,
    });
  }
  const meanOf = (group: string) => {
    const sums = groups.get(group)!;
    const mean = sums.profit / sums.checkouts;
    return {
      rate: sums.orders / sums.checkouts,
      mean,
      variance: sums.squares / sums.checkouts - mean * mean,
      n: sums.checkouts,
    };
  };
  return { holdout: meanOf("HOLDOUT"), arms: segment.offers.map((arm) => ({ arm, ...meanOf(arm) })) };
}

describe("the demo's true effects", () => {
  it("are the same on every run, and another sample of carts moves them by a few cents at most", () => {
    const truths = demoTruths();
    expect(truths.map((truth) => truth.segment.name)).toEqual(DEMO_SEGMENTS.map((segment) => segment.name));
    const other = demoCartSample(200_000, 12_345);
    truths.forEach((truth) => {
      const again = segmentTruth(truth.segment, other);
      truth.arms.forEach((arm, index) =>
        expect(
          Math.abs(
            arm.incrementalProfitPerCheckoutMinor - again.arms[index]!.incrementalProfitPerCheckoutMinor,
          ),
        ).toBeLessThan(10),
      );
    });
  });

  it("agree with the response model played out on 120,000 checkouts per segment, within four standard errors", () => {
    for (const truth of demoTruths()) {
      const played = monteCarlo(truth.segment, 120_000, 2_026 + truth.segment.name.length);
      expect(Math.abs(played.holdout.rate - truth.holdout.recoveryRate)).toBeLessThan(
        4 * Math.sqrt((truth.holdout.recoveryRate * (1 - truth.holdout.recoveryRate)) / played.holdout.n),
      );
      for (const arm of played.arms) {
        const expected = truth.arms.find((candidate) => candidate.arm === arm.arm)!;
        const standardError = Math.sqrt(arm.variance / arm.n + played.holdout.variance / played.holdout.n);
        const measured = arm.mean - played.holdout.mean;
        expect(
          Math.abs(measured - expected.incrementalProfitPerCheckoutMinor),
          `${truth.segment.name}, ${arm.arm}`,
        ).toBeLessThan(4 * standardError);
        expect(Math.abs(arm.rate - played.holdout.rate - expected.incrementalRecoveryRate)).toBeLessThan(
          0.01,
        );
      }
    }
  });

  it("tell the story the demo shows: returning customers pay best without a discount, new ones with one", () => {
    const [highValue, firstTime, returning, everyoneElse] = demoTruths();
    const profitOf = (truth: typeof highValue, arm: DemoOfferArm) =>
      truth!.arms.find((candidate) => candidate.arm === arm)!.incrementalProfitPerCheckoutMinor;
    expect(profitOf(returning, "NO_DISCOUNT")).toBeGreaterThan(profitOf(returning, "TIER_DISCOUNT") + 500);
    expect(profitOf(firstTime, "TIER_DISCOUNT")).toBeGreaterThan(profitOf(firstTime, "NO_DISCOUNT") + 500);
    expect(profitOf(firstTime, "FREE_SHIPPING")).toBeGreaterThan(profitOf(firstTime, "NO_DISCOUNT"));
    // Without a test, a segment's truth is its one offer's.
    expect(highValue!.addedOverHoldout.incrementalProfitPerCheckoutMinor).toBe(
      profitOf(highValue, "NO_DISCOUNT"),
    );
    expect(everyoneElse!.arms.map((arm) => arm.arm)).toEqual(["TIER_DISCOUNT"]);
  });
});
