import { describe, expect, it } from "vitest";
import { mulberry32 } from "~/lib/seeded-random";
import { MIN_GROUP_SIZE } from "./lift";
import {
  computeOfferExperiment,
  recommendOffer,
  type ProfitTotals,
  type RecommendationWording,
} from "./offer-experiment";
import { sequentialMean, sequentialMeanDifference } from "./sequential";

/** `recovered` of `enrollments` checkouts came back, each with the same order, discount and profit. */
function group(
  enrollments: number,
  recovered: number,
  each: { revenue: number; discount: number; profit: number },
): ProfitTotals {
  return {
    enrollments,
    recovered,
    revenueMinor: recovered * each.revenue,
    revenueSquares: recovered * each.revenue ** 2,
    discountMinor: recovered * each.discount,
    discountSquares: recovered * each.discount ** 2,
    profitMinor: recovered * each.profit,
    profitSquares: recovered * each.profit ** 2,
  };
}

const wording: RecommendationWording = {
  segmentName: "Returning customers",
  armLabel: (arm) =>
    ({ NO_DISCOUNT: "no discount", TIER_DISCOUNT: "tier discount", FREE_SHIPPING: "free shipping" })[arm] ??
    arm,
  formatMoney: (minor) => `${minor < 0 ? "-" : ""}$${(Math.abs(minor) / 100).toFixed(2)}`,
};

describe("computeOfferExperiment: known values", () => {
  // Holdout: 100 checkouts, 10 back with a 50.00 order and 20.00 profit, no discount.
  // Tier discount: 100 checkouts, 15 back with a 45.00 order after 5.00 off, and 15.00 profit.
  const holdout = group(100, 10, { revenue: 5000, discount: 0, profit: 2000 });
  const tier = group(100, 15, { revenue: 4500, discount: 500, profit: 1500 });
  const figures = computeOfferExperiment({ holdout, arms: [{ arm: "TIER_DISCOUNT", totals: tier }] });
  const [arm] = figures.arms;

  it("summarises each group per checkout", () => {
    expect(figures.holdout).toEqual({
      enrollments: 100,
      recovered: 10,
      recoveryRate: 0.1,
      revenuePerCheckoutMinor: 500,
      discountPerCheckoutMinor: 0,
      profitPerCheckoutMinor: 200,
    });
    expect(arm?.group).toMatchObject({
      recoveryRate: 0.15,
      discountPerCheckoutMinor: 75,
      profitPerCheckoutMinor: 225,
    });
  });

  it("measures profit per checkout against the holdout, with the always-valid interval", () => {
    // Profit per checkout: 225 against 200, so 25 more, and 2,500 over the arm's 100 checkouts.
    // s²(arm) = (3.375e7 - 22,500 · 225) / 99 = 289,772.73;  s²(holdout) = (4e7 - 20,000 · 200) / 99 = 363,636.36
    // V = (289,772.73 + 363,636.36) / 100 = 6,534.0909
    // both groups: 200 checkouts, mean 212.5, variance (7.375e7 - 42,500 · 212.5) / 199 = 325,219.85; tau² = / 50
    // half-width = 295.8468 (sequential.ts's formula); minimum detectable = 295.8468 + 0.8416 · sqrt(V) = 363.8782
    const versus = arm?.versusHoldout;
    expect(versus?.status).toBe("MEASURED");
    expect(versus?.reason).toBeNull();
    expect(versus?.profitPerCheckoutDifferenceMinor?.estimate).toBeCloseTo(25, 9);
    expect(versus?.profitPerCheckoutDifferenceMinor?.low).toBeCloseTo(25 - 295.8468, 3);
    expect(versus?.profitPerCheckoutDifferenceMinor?.high).toBeCloseTo(25 + 295.8468, 3);
    expect(versus?.minimumDetectableProfitPerCheckoutMinor).toBeCloseTo(363.8782, 3);
    expect(versus?.incrementalProfitMinor).toEqual({
      estimate: 2500,
      low: Math.round((25 - 295.84679) * 100),
      high: Math.round((25 + 295.84679) * 100),
    });
  });

  it("measures recoveries and revenue against the holdout", () => {
    // Recovery rate 0.15 against 0.10: V = (0.15·0.85·100/99 + 0.1·0.9·100/99) / 100 = 0.00219697;
    // both groups: 25/200, variance 0.1099246; half-width 0.1713567. Times 100 checkouts: 5 recoveries.
    const versus = arm?.versusHoldout;
    expect(versus?.recoveryRateDifference?.estimate).toBeCloseTo(0.05, 12);
    expect(versus?.recoveryRateDifference?.high).toBeCloseTo(0.05 + 0.1713567, 6);
    expect(versus?.incrementalRecoveries?.estimate).toBeCloseTo(5, 9);
    expect(versus?.incrementalRecoveries?.low).toBeCloseTo((0.05 - 0.1713567) * 100, 4);
    // Revenue per checkout 675 against 500: 175 more, 17,500 over 100 checkouts; half-width 808.1025.
    expect(versus?.incrementalRevenueMinor).toEqual({
      estimate: 17_500,
      low: Math.round((175 - 808.1025029) * 100),
      high: Math.round((175 + 808.1025029) * 100),
    });
  });

  it("prices the discounts from the arm's own variance", () => {
    // Discount per checkout: 75 (15 of 100 got 5.00 off); s² = (3.75e6 - 7,500 · 75) / 99 = 32,196.97,
    // V = 321.9697, tau² = s²/50: half-width 58.5165; times 100 checkouts: 7,500 (1,648 to 13,352).
    expect(arm?.discountCostMinor).toEqual({ estimate: 7500, low: 1648, high: 13_352 });
    expect(arm?.recoveryRate).toEqual(sequentialMean({ n: 100, sum: 15, sumOfSquares: 15 }));
  });

  it("compares every pair of arms on profit per checkout", () => {
    const free = group(200, 24, { revenue: 5000, discount: 700, profit: 1300 });
    const none = group(150, 12, { revenue: 5000, discount: 0, profit: 2000 });
    const three = computeOfferExperiment({
      holdout,
      arms: [
        { arm: "NO_DISCOUNT", totals: none },
        { arm: "TIER_DISCOUNT", totals: tier },
        { arm: "FREE_SHIPPING", totals: free },
      ],
    });
    const profitOf = (totals: ProfitTotals) => ({
      n: totals.enrollments,
      sum: totals.profitMinor,
      sumOfSquares: totals.profitSquares,
    });
    expect(three.pairs).toEqual([
      {
        arm: "NO_DISCOUNT",
        versus: "TIER_DISCOUNT",
        status: "MEASURED",
        reason: null,
        profitPerCheckoutDifferenceMinor: sequentialMeanDifference(profitOf(none), profitOf(tier)),
      },
      {
        arm: "NO_DISCOUNT",
        versus: "FREE_SHIPPING",
        status: "MEASURED",
        reason: null,
        profitPerCheckoutDifferenceMinor: sequentialMeanDifference(profitOf(none), profitOf(free)),
      },
      {
        arm: "TIER_DISCOUNT",
        versus: "FREE_SHIPPING",
        status: "MEASURED",
        reason: null,
        profitPerCheckoutDifferenceMinor: sequentialMeanDifference(profitOf(tier), profitOf(free)),
      },
    ]);
    // 160 - 225 = -65 and 160 - 156 = 4 per checkout.
    expect(three.pairs[0]?.profitPerCheckoutDifferenceMinor?.estimate).toBeCloseTo(-65, 9);
    expect(three.pairs[1]?.profitPerCheckoutDifferenceMinor?.estimate).toBeCloseTo(4, 9);
  });
});

describe("computeOfferExperiment: what it will not claim", () => {
  const enough = group(MIN_GROUP_SIZE, 5, { revenue: 5000, discount: 0, profit: 2000 });
  const tooFew = group(MIN_GROUP_SIZE - 1, 5, { revenue: 5000, discount: 0, profit: 2000 });

  it("says there is no holdout, and still compares the arms", () => {
    const figures = computeOfferExperiment({
      holdout: group(0, 0, { revenue: 0, discount: 0, profit: 0 }),
      arms: [
        { arm: "NO_DISCOUNT", totals: enough },
        { arm: "FREE_SHIPPING", totals: enough },
      ],
    });
    expect(figures.arms[0]?.versusHoldout).toMatchObject({
      status: "NO_HOLDOUT",
      incrementalProfitMinor: null,
      minimumDetectableProfitPerCheckoutMinor: null,
    });
    expect(figures.arms[0]?.versusHoldout.reason).toMatch(/held out/);
    expect(figures.pairs[0]?.status).toBe("MEASURED");
    expect(figures.holdout.profitPerCheckoutMinor).toBeNull();
  });

  it("claims nothing for a group below the minimum size", () => {
    const figures = computeOfferExperiment({
      holdout: enough,
      arms: [
        { arm: "NO_DISCOUNT", totals: tooFew },
        { arm: "FREE_SHIPPING", totals: enough },
      ],
    });
    const [small, big] = figures.arms;
    expect(small?.versusHoldout).toMatchObject({
      status: "GROUPS_TOO_SMALL",
      profitPerCheckoutDifferenceMinor: null,
    });
    expect(small?.versusHoldout.reason).toBe(
      `Each group needs at least ${MIN_GROUP_SIZE} checkouts (with this offer: ${MIN_GROUP_SIZE - 1}, held out: ${MIN_GROUP_SIZE}).`,
    );
    expect(small?.recoveryRate).toBeNull();
    expect(small?.discountCostMinor).toBeNull();
    expect(big?.versusHoldout.status).toBe("MEASURED");
    expect(figures.pairs[0]).toMatchObject({
      status: "GROUPS_TOO_SMALL",
      profitPerCheckoutDifferenceMinor: null,
    });
    expect(figures.pairs[0]?.reason).toMatch(/at least 30 checkouts/);
  });

  it("refuses two arms of the same name", () => {
    expect(() =>
      computeOfferExperiment({
        holdout: enough,
        arms: [
          { arm: "NO_DISCOUNT", totals: enough },
          { arm: "NO_DISCOUNT", totals: enough },
        ],
      }),
    ).toThrow(RangeError);
  });
});

describe("recommendOffer", () => {
  const holdout = group(1000, 80, { revenue: 8000, discount: 0, profit: 3000 });

  it("recommends the arm whose profit per checkout beats every other, in a plain sentence", () => {
    // Profit per checkout: no discount 0.12 · 3000 = 360; tier 0.14 · 1500 = 210; free shipping 0.13 · 1700 = 221.
    const none = group(2000, 240, { revenue: 8000, discount: 0, profit: 3000 });
    const tier = group(2000, 280, { revenue: 6500, discount: 1500, profit: 1500 });
    const free = group(2000, 260, { revenue: 8000, discount: 1500, profit: 1700 });
    const figures = computeOfferExperiment({
      holdout,
      arms: [
        { arm: "TIER_DISCOUNT", totals: tier },
        { arm: "NO_DISCOUNT", totals: none },
        { arm: "FREE_SHIPPING", totals: free },
      ],
    });
    const gain = sequentialMeanDifference(
      { n: 2000, sum: none.profitMinor, sumOfSquares: none.profitSquares },
      { n: 2000, sum: free.profitMinor, sumOfSquares: free.profitSquares },
    );
    if (!gain) throw new Error("both groups are non-empty");
    const recommendation = recommendOffer(figures, wording);
    expect(recommendation).toEqual({
      arm: "NO_DISCOUNT",
      versus: "FREE_SHIPPING",
      perCheckoutGainMinor: { estimate: gain.estimate, low: gain.low, high: gain.high },
      sentence:
        `For Returning customers, no discount earns $1.39 more profit per checkout than free shipping ` +
        `(95% range ${wording.formatMoney(Math.round(gain.low))} to ${wording.formatMoney(Math.round(gain.high))}).`,
    });
    expect(gain.estimate).toBeCloseTo(139, 9);
    expect(gain.low).toBeGreaterThan(0);
  });

  it("recommends nothing while one interval still includes zero", () => {
    // Free shipping is now as good as no discount (360 both); tier is still clearly worse.
    const none = group(2000, 240, { revenue: 8000, discount: 0, profit: 3000 });
    const tier = group(2000, 280, { revenue: 6500, discount: 1500, profit: 1500 });
    const free = group(2000, 240, { revenue: 8000, discount: 0, profit: 3000 });
    const figures = computeOfferExperiment({
      holdout,
      arms: [
        { arm: "NO_DISCOUNT", totals: none },
        { arm: "TIER_DISCOUNT", totals: tier },
        { arm: "FREE_SHIPPING", totals: free },
      ],
    });
    expect(
      figures.pairs.find((pair) => pair.versus === "TIER_DISCOUNT" && pair.arm === "NO_DISCOUNT"),
    ).toBeDefined();
    expect(recommendOffer(figures, wording)).toBeNull();
    // Without free shipping, no discount beats tier.
    const two = computeOfferExperiment({
      holdout,
      arms: [
        { arm: "NO_DISCOUNT", totals: none },
        { arm: "TIER_DISCOUNT", totals: tier },
      ],
    });
    expect(recommendOffer(two, wording)?.arm).toBe("NO_DISCOUNT");
  });

  it("recommends nothing when a group is too small, or there is nothing to choose between", () => {
    const none = group(2000, 240, { revenue: 8000, discount: 0, profit: 3000 });
    const small = group(MIN_GROUP_SIZE - 1, 0, { revenue: 0, discount: 0, profit: 0 });
    const withSmall = computeOfferExperiment({
      holdout,
      arms: [
        { arm: "NO_DISCOUNT", totals: none },
        { arm: "TIER_DISCOUNT", totals: small },
      ],
    });
    expect(recommendOffer(withSmall, wording)).toBeNull();
    const single = computeOfferExperiment({ holdout, arms: [{ arm: "NO_DISCOUNT", totals: none }] });
    expect(recommendOffer(single, wording)).toBeNull();
    const empty = computeOfferExperiment({
      holdout,
      arms: [
        { arm: "NO_DISCOUNT", totals: none },
        { arm: "TIER_DISCOUNT", totals: group(0, 0, { revenue: 0, discount: 0, profit: 0 }) },
      ],
    });
    expect(recommendOffer(empty, wording)).toBeNull();
  });

  it("puts the merchant's segment name into the sentence as text", () => {
    const none = group(2000, 240, { revenue: 8000, discount: 0, profit: 3000 });
    const tier = group(2000, 280, { revenue: 6500, discount: 1500, profit: 1500 });
    const figures = computeOfferExperiment({
      holdout,
      arms: [
        { arm: "TIER_DISCOUNT", totals: tier },
        { arm: "NO_DISCOUNT", totals: none },
      ],
    });
    const recommendation = recommendOffer(figures, { ...wording, segmentName: "<b>VIP</b> & friends" });
    expect(recommendation?.sentence).toMatch(
      /^For <b>VIP<\/b> & friends, no discount earns \$1\.50 more profit/,
    );
    expect(recommendation?.versus).toBe("TIER_DISCOUNT");
  });
});

/** A standard normal draw (Box–Muller); 1 - u keeps the logarithm finite when the generator returns 0. */
function normalDraw(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * A simulated offer: each checkout recovers with probability `rate`; the order (before our discount) is
 * lognormal with mean `orderMean` and log-sd 0.5; the shop's gross margin is 40% of it; the offer takes
 * `percentOff` of the order plus `fixedOff` (free shipping). Its true profit per checkout is
 * rate · (0.4 · orderMean - percentOff · orderMean - fixedOff).
 */
interface Offer {
  rate: number;
  percentOff: number;
  fixedOff: number;
}
const ORDER_MEAN = 9000;
const ORDER_LOG_SD = 0.5;
const MARGIN = 0.4;

const trueProfitPerCheckout = (offer: Offer) =>
  offer.rate * ((MARGIN - offer.percentOff) * ORDER_MEAN - offer.fixedOff);

function simulateGroup(next: () => number, offer: Offer, enrollments: number): ProfitTotals {
  const totals: ProfitTotals = {
    enrollments,
    recovered: 0,
    revenueMinor: 0,
    revenueSquares: 0,
    discountMinor: 0,
    discountSquares: 0,
    profitMinor: 0,
    profitSquares: 0,
  };
  const logMean = Math.log(ORDER_MEAN) - ORDER_LOG_SD ** 2 / 2;
  for (let i = 0; i < enrollments; i += 1) {
    if (next() >= offer.rate) continue;
    const order = Math.exp(logMean + ORDER_LOG_SD * normalDraw(next));
    const discount = offer.percentOff * order + offer.fixedOff;
    const revenue = order - discount;
    const profit = MARGIN * order - discount;
    totals.recovered += 1;
    totals.revenueMinor += revenue;
    totals.revenueSquares += revenue ** 2;
    totals.discountMinor += discount;
    totals.discountSquares += discount ** 2;
    totals.profitMinor += profit;
    totals.profitSquares += profit ** 2;
  }
  return totals;
}

describe("simulated offer tests", () => {
  const noDiscount: Offer = { rate: 0.12, percentOff: 0, fixedOff: 0 };
  const tierDiscount: Offer = { rate: 0.145, percentOff: 0.25, fixedOff: 0 };
  const freeShipping: Offer = { rate: 0.125, percentOff: 0, fixedOff: 1500 };

  it("recommends the truly best arm of three, 3,000 checkouts each, and covers the true gain", () => {
    // True profit per checkout: no discount 0.12 · 3600 = 432; tier 0.145 · 1350 = 195.75;
    // free shipping 0.125 · 2100 = 262.5. So no discount, ahead of free shipping by 169.5, which the always-valid
    // half-width (about 95 at these sizes) separates: with seeds 1 to 300 every run recommended no discount
    // against free shipping and covered 169.5.
    const next = mulberry32(2312);
    const figures = computeOfferExperiment({
      holdout: simulateGroup(next, { rate: 0.09, percentOff: 0, fixedOff: 0 }, 600),
      arms: [
        { arm: "TIER_DISCOUNT", totals: simulateGroup(next, tierDiscount, 3000) },
        { arm: "FREE_SHIPPING", totals: simulateGroup(next, freeShipping, 3000) },
        { arm: "NO_DISCOUNT", totals: simulateGroup(next, noDiscount, 3000) },
      ],
    });
    const recommendation = recommendOffer(figures, wording);
    const trueGain = trueProfitPerCheckout(noDiscount) - trueProfitPerCheckout(freeShipping);
    expect(trueGain).toBeCloseTo(169.5, 9);
    expect(recommendation?.arm).toBe("NO_DISCOUNT");
    expect(recommendation?.versus).toBe("FREE_SHIPPING");
    expect(recommendation?.perCheckoutGainMinor.low).toBeLessThan(trueGain);
    expect(recommendation?.perCheckoutGainMinor.high).toBeGreaterThan(trueGain);
    expect(recommendation?.sentence).toMatch(
      /^For Returning customers, no discount earns \$[\d.]+ more profit/,
    );
  });

  it("estimates the incremental profit per checkout without bias, and covers it", () => {
    // Holdout: 8% come back on their own, full margin: 0.08 · 3600 = 288 per checkout.
    // Tier: 11% with 15% off: 0.11 · (0.25 · 9000) = 247.5. True difference: -40.5 per checkout.
    const holdoutOffer: Offer = { rate: 0.08, percentOff: 0, fixedOff: 0 };
    const tier: Offer = { rate: 0.11, percentOff: 0.15, fixedOff: 0 };
    const truth = trueProfitPerCheckout(tier) - trueProfitPerCheckout(holdoutOffer);
    expect(truth).toBeCloseTo(-40.5, 9);
    const worlds = 400;
    const next = mulberry32(977);
    const estimates: number[] = [];
    let covered = 0;
    for (let world = 0; world < worlds; world += 1) {
      const figures = computeOfferExperiment({
        holdout: simulateGroup(next, holdoutOffer, 500),
        arms: [{ arm: "TIER_DISCOUNT", totals: simulateGroup(next, tier, 500) }],
      });
      const versus = figures.arms[0]?.versusHoldout;
      const interval = versus?.profitPerCheckoutDifferenceMinor;
      if (!interval || !versus?.incrementalProfitMinor) throw new Error("both groups have 500 checkouts");
      estimates.push(interval.estimate);
      expect(versus.incrementalProfitMinor.estimate).toBe(Math.round(interval.estimate * 500));
      if (interval.low <= truth && truth <= interval.high) covered += 1;
    }
    const mean = estimates.reduce((total, value) => total + value, 0) / worlds;
    const spread = Math.sqrt(
      estimates.reduce((total, value) => total + (value - mean) ** 2, 0) / (worlds - 1),
    );
    // The mean of 400 unbiased estimates is within 4 standard errors of the truth (about 4 · 61 / 20 = 12
    // minor units); a wrong sign, arm or divisor would be off by far more.
    expect(Math.abs(mean - truth)).toBeLessThan((4 * spread) / Math.sqrt(worlds));
    expect(covered / worlds).toBeGreaterThanOrEqual(0.95);
  });
});
