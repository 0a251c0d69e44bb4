import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { productImageSvg } from "./product-image";
import { formatSummaryTable, parseSummaryTable } from "./summary";
import { DEMO_MEDIAN_CART_MINOR } from "../app/domain/demo/demo-median-cart";
import { DEMO_CONTENT_EXPERIMENT, DEMO_EXPERIMENT_RULE } from "../app/domain/demo/demo-experiments";
import { DEMO_FIRST_TIME_TEST, DEMO_RETURNING_TEST } from "../app/domain/demo/demo-offer-tests";
import type { RecoveryEmailModel } from "../app/domain/email/recovery-email-model";
import { renderRecoveryEmail } from "../app/domain/email/render-recovery-email.server";
import { EMAIL_TEMPLATES, type EmailTemplate } from "../app/domain/messages/recovery-message";
import { defaultShopSettings, ExperimentRuleSchema } from "../app/domain/shops/settings";
import {
  buildCatalog,
  buildCheckouts,
  buildShoppers,
  cartOf,
  createRandom,
  customerHistoryOf,
  DEMO_CATEGORIES,
  DEMO_DESIGN_FACTORS,
  DEMO_ENGAGEMENT_HOURS,
  DEMO_EXPERIMENT_SEGMENT,
  DEMO_HISTORY_END,
  DEMO_HOUR_FACTORS,
  DEMO_LAST_CHECKOUT_HOURS_BEFORE_END,
  DEMO_MONTH_END,
  DEMO_QUIET_HOURS,
  DEMO_RESPONSE,
  DEMO_SEGMENTS,
  DEMO_SHOP_NAME,
  DEMO_STEP_DELAYS_MINUTES,
  DEMO_TIERS,
  demoCartSample,
  demoTruths,
  designShownIn,
  designTruthOf,
  drawCartUpdates,
  engagementHourOf,
  hourFactorOf,
  isInRange,
  localHourOf,
  offerFor,
  offerShownIn,
  ordersAfterEmails,
  ordersOnOwn,
  reactionTo,
  readingTimeOf,
  responseFactorOf,
  segmentFactorsOf,
  segmentTruth,
  sendTimeTruthOf,
  shopperKindOf,
  type DemoOfferArm,
  type DemoSegmentWorld,
  type SecondEmail,
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

describe("the demo's standard categories and merchant links", () => {
  it("categorises all but the accessories, and links a few products to other products of the catalog", () => {
    const catalog = buildCatalog();
    const ids = new Set(catalog.map((product) => product.id));
    const uncategorised = new Set(
      catalog.filter((p) => p.category.taxonomy === null).map((p) => p.category.slug),
    );
    expect([...uncategorised]).toEqual(["accessories"]);
    const linked = catalog.filter((product) => product.complementaryProductIds.length > 0);
    expect(linked.length).toBeGreaterThanOrEqual(6);
    expect(linked.length).toBeLessThan(catalog.length / 10);
    for (const product of linked) {
      expect(product.complementaryProductIds).not.toContain(product.id);
      for (const id of product.complementaryProductIds) expect(ids.has(id)).toBe(true);
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
    // At the lowest hour and design factor too: an email that waited all day, in the least effective design.
    const lowest = Math.min(...DEMO_HOUR_FACTORS, 0.8) * Math.min(...Object.values(DEMO_DESIGN_FACTORS));
    expect(lowest).toBe(0.8);
    for (const response of Object.values(DEMO_RESPONSE))
      for (const rate of Object.values(response.afterEmails))
        expect(rate * lowest).toBeGreaterThanOrEqual(response.onOwn);
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
 * ordersAfterEmails with the second email's factor, the offer's discount), on carts drawn with another seed:
 * its averages per group.
 */
function monteCarlo(segment: DemoSegmentWorld, checkouts: number, seed: number, factor = 1) {
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
      ordered = ordersAfterEmails(segment.kind, offer.shown, draw, factor);
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
    // Each segment with another average factor of its second emails (1 is the table's own truths).
    const factors = Object.fromEntries(
      DEMO_SEGMENTS.map((segment, index) => [segment.name, [1, 1.2, 0.9, 1.35][index] ?? 1]),
    );
    for (const truth of demoTruths(factors)) {
      const factor = factors[truth.segment.name];
      const played = monteCarlo(truth.segment, 120_000, 2_026 + truth.segment.name.length, factor);
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

describe("the hour the demo's shoppers read email", () => {
  it("is each shopper's own, drawn from the documented shares, all outside the shop's quiet hours", () => {
    expect(DEMO_ENGAGEMENT_HOURS.reduce((sum, [, share]) => sum + share, 0)).toBeCloseTo(1, 10);
    for (const [hour] of DEMO_ENGAGEMENT_HOURS) {
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(21);
    }
    const shoppers = buildShoppers(10_000);
    expect(shoppers.map((shopper) => shopper.engagementHour)).toEqual(
      shoppers.map((s) => engagementHourOf(s.index)),
    );
    for (const [hour, share] of DEMO_ENGAGEMENT_HOURS) {
      const drawn = shoppers.filter((shopper) => shopper.engagementHour === hour).length / shoppers.length;
      expect(Math.abs(drawn - share), `${hour}:00`).toBeLessThan(0.02);
    }
  });

  it("is read on the shop's clock, across the end of daylight-saving time", () => {
    expect(localHourOf(new Date("2026-10-31T23:30:00Z"))).toBe(19); // EDT, UTC-4
    expect(localHourOf(new Date("2026-11-02T00:30:00Z"))).toBe(19); // EST, UTC-5
    // An email during the shopper's hour is read at once; otherwise at the next start of their hour.
    const during = new Date("2026-11-10T00:20:00Z"); // 19:20 in New York
    expect(readingTimeOf(during, 19)).toEqual(during);
    expect(readingTimeOf(new Date("2026-11-09T19:10:00Z"), 19)).toEqual(new Date("2026-11-10T00:00:00Z"));
    expect(readingTimeOf(new Date("2026-11-10T01:30:00Z"), 19)).toEqual(new Date("2026-11-11T00:00:00Z"));
    // Saturday 19:30 EDT, read at 08:00 on Sunday, after the clocks went back.
    expect(readingTimeOf(new Date("2026-10-31T23:30:00Z"), 8)).toEqual(new Date("2026-11-01T13:00:00Z"));
  });
});

describe("what an email's hour and design do", () => {
  it("multiply the shopper's response by how long the email waits for their hour: x1.3 to x0.8", () => {
    expect([19, 18, 17, 16, 15, 9, 20].map((arrival) => hourFactorOf(arrival, 19))).toEqual([
      1.3, 1.15, 1, 0.9, 0.8, 0.8, 0.8,
    ]);
    // Their hour just passed: it waits until the next day's.
    expect(hourFactorOf(13, 12)).toBe(0.8);
    // Arriving at 05:00 (a night's quiet hours aside) for an 08:00 reader: three hours.
    expect(hourFactorOf(5, 8)).toBe(0.9);
  });

  it("multiply it by the design's factor, one for each of the app's designs", () => {
    expect(Object.keys(DEMO_DESIGN_FACTORS).sort()).toEqual([...EMAIL_TEMPLATES].sort());
    expect(DEMO_DESIGN_FACTORS).toEqual({ PRODUCT: 1, IMAGE: 1.05, OFFER: 1, NOTE: 1.8 });
    // A note arriving at 18:xx for a shopper who reads at 19:00: x1.15 x 1.8.
    expect(responseFactorOf(new Date("2026-11-09T23:10:00Z"), 19, "NOTE")).toBeCloseTo(2.07, 10);
    expect(ordersAfterEmails("NEW", "FREE_SHIPPING", 0.3, 2.07)).toBe(true); // 0.15 x 2.07 = 0.31
    expect(ordersAfterEmails("NEW", "FREE_SHIPPING", 0.3)).toBe(false);
    // Browsing clicks follow the factor too: the same email, likelier clicked the higher it is.
    const shopper = buildShoppers(1)[0]!;
    const clicks = (factor: number) =>
      Array.from({ length: 2_000 }, (_, n) => reactionTo(shopper, `k${n}`, 1, factor)).filter(
        (reaction) => reaction.clicksAfterReadingMinutes !== null,
      ).length;
    expect(clicks(2)).toBeGreaterThan(1.6 * clicks(1));
  });

  it("is the design the app sent, read from the email as the shopper sees it", async () => {
    for (const template of EMAIL_TEMPLATES) {
      const { html, text } = await renderRecoveryEmail(emailModel(template));
      expect(designShownIn({ html, text }, DEMO_SHOP_NAME), template).toBe(template);
    }
    // Without an offer the offer-led design is laid out as the product-led one.
    const plain = await renderRecoveryEmail(emailModel("OFFER", { offer: null }));
    expect(designShownIn(plain, DEMO_SHOP_NAME)).toBe("PRODUCT");
  });
});

/** A recovery email's content, as the app's renderer takes it, for a demo shopper. */
function emailModel(template: EmailTemplate, changes: Partial<RecoveryEmailModel> = {}): RecoveryEmailModel {
  const url = "http://127.0.0.1:3000/r/token";
  return {
    template,
    lang: "en",
    title: "Your cart is waiting",
    preheader: "Your picks are still here.",
    shopName: DEMO_SHOP_NAME,
    logoUrl: null,
    accentColor: "#2f5d50",
    opening: "Hi Ava, your cart at Northwind Outfitters is still here.",
    cartHeading: "Your cart",
    lines: [
      {
        title: "Alpine Shell Jacket",
        variant: null,
        quantity: "Qty 1",
        price: "$189.00",
        imageUrl: "http://127.0.0.1:3000/demo/products/jackets-1.svg",
      },
    ],
    subtotalLabel: "Subtotal",
    subtotal: "$189.00",
    offer: {
      headline: "10% off your order + free shipping",
      codeLabel: "Your codes",
      codes: [
        { code: "CB-7KQ2MXPA", gives: "10% off your order" },
        { code: "CB-7KQ2MXPA-SHIP", gives: "Free shipping on your order" },
      ],
      expiry: "Valid until November 24, 2026 at 3:00 PM EST",
      minimum: null,
    },
    ctaLabel: "Return to your cart",
    ctaUrl: url,
    recommendations: null,
    signOff: "— The team at Northwind Outfitters",
    footer: {
      reason: "You are receiving this email because you started a checkout at Northwind Outfitters.",
      address: "12 Harbour Street, Portland ME 04101, United States",
      unsubscribeLabel: "Unsubscribe from cart reminders",
      unsubscribeUrl: "http://127.0.0.1:3000/unsubscribe/token",
    },
    ...changes,
  };
}

/** A second email as the simulation records it; by default a new shopper's, under the median, at the delay. */
const secondEmail = (changes: Partial<SecondEmail> = {}): SecondEmail => ({
  kind: "NEW",
  atLeastMedian: false,
  design: "PRODUCT",
  baseRate: 0.15,
  hourFactor: 0.8,
  plainHourFactor: 0.8,
  sentAt: "2026-11-20T17:05:00.000Z",
  heldMinutes: 0,
  ...changes,
});

describe("the demo's truths that depend on when the app sent", () => {
  it("are the demo shop's: its step delays, quiet hours, experiment and rule", () => {
    const settings = defaultShopSettings("USD");
    expect(DEMO_STEP_DELAYS_MINUTES).toEqual(settings.steps.map((step) => step.delayMinutes));
    expect(DEMO_QUIET_HOURS).toEqual(settings.audience.quietHours);
    expect(DEMO_EXPERIMENT_SEGMENT.name).toBe(DEMO_CONTENT_EXPERIMENT.segmentName);
    expect(ExperimentRuleSchema.parse(DEMO_EXPERIMENT_RULE)).toEqual(DEMO_EXPERIMENT_RULE);
  });

  it("give each segment the average factor of its second emails, 1 without any", () => {
    const factors = segmentFactorsOf([
      secondEmail({ hourFactor: 1.3, design: "NOTE" }), // 2.34
      secondEmail({ hourFactor: 0.8 }), // 0.8
      secondEmail({ kind: "RETURNING", atLeastMedian: true, hourFactor: 1.15 }),
    ]);
    expect(factors).toEqual({
      "Returning, high-value: no discount": 1.15,
      "First-time, cart over the shop's median: offer from step 2": 1,
      "Returning customers": 1.15,
      "Everyone else": expect.closeTo((2.34 + 0.8) / 2, 10),
    });
    // The segment's truths scale with it: 0.15 x 1.57 for a cart under $100 (free shipping).
    const [, , , everyoneElse] = demoTruths(factors);
    const [plainTruth] = demoTruths().slice(3);
    expect(everyoneElse!.arms[0]!.recoveryRate).toBeCloseTo(plainTruth!.arms[0]!.recoveryRate * 1.57, 10);
    expect(everyoneElse!.holdout).toEqual(plainTruth!.holdout);
  });

  it("count the orders the app's holds added, by the hour table, and nothing for an email sent at the delay", () => {
    const truth = sendTimeTruthOf([
      secondEmail({ hourFactor: 1.3, plainHourFactor: 0.8, heldMinutes: 240 }), // 0.15 x 0.5
      secondEmail({ design: "NOTE", hourFactor: 1.15, plainHourFactor: 0.9, heldMinutes: 120 }), // 0.15 x 1.8 x 0.25
      secondEmail({ hourFactor: 0.8, plainHourFactor: 0.8 }),
    ]);
    expect(truth.heldEmails).toBe(2);
    expect(truth.meanHeldMinutes).toBe(180);
    expect(truth.addedRecoveries).toBeCloseTo(0.075 + 0.0675, 10);
  });

  it("give each design of the experiment its factor times the average of its emails, up to the decision", () => {
    const emails = [
      secondEmail({ baseRate: 0.15, hourFactor: 1.3, sentAt: "2026-11-20T17:05:00.000Z" }), // 0.195
      secondEmail({ baseRate: 0.22, hourFactor: 0.8, design: "NOTE", sentAt: "2026-11-21T17:05:00.000Z" }), // 0.176
      secondEmail({ baseRate: 0.22, hourFactor: 1.3, sentAt: "2026-11-25T17:05:00.000Z" }), // after the decision
      secondEmail({ kind: "RETURNING", baseRate: 0.27, hourFactor: 1.3 }), // another segment
    ];
    const decision = new Date("2026-11-24T00:00:00Z");
    expect(designTruthOf(emails, "PRODUCT", decision)).toBeCloseTo((0.195 + 0.176) / 2, 10);
    expect(designTruthOf(emails, "NOTE", decision)).toBeCloseTo(1.8 * ((0.195 + 0.176) / 2), 10);
    expect(designTruthOf(emails, "NOTE", null)).toBeCloseTo(1.8 * ((0.195 + 0.176 + 0.286) / 3), 10);
    expect(designTruthOf([], "NOTE", null)).toBeNull();
  });
});
