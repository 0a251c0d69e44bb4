import { describe, expect, it } from "vitest";
import { evaluatePrecision } from "./evaluate-precision";
import { generateSampleCatalog } from "../test/fixtures/sample-catalog";

/**
 * The ranking's quality, measured as scripts/evaluate-recommendations.ts does but smaller (10 categories × 40
 * products, 300 carts), so a change that makes recommendations worse fails here.
 *
 * On this catalog, precision@3 is 0.996 with the default weights; picking at random would give 0.1, title
 * only 0.84, all fields weighted equally 0.96, descriptions only 0.53. The floor of 0.97 fails a return to
 * any of those and leaves about two points for changes that are not regressions.
 */
const PRECISION_FLOOR = 0.97;

const catalog = generateSampleCatalog({ seed: 1, productsPerCategory: 40 });

describe("precision@3 on the generated catalog", () => {
  it("recommends products of the cart's category", () => {
    const report = evaluatePrecision(catalog, { carts: 300, seed: 11 });
    expect(report.precision).toBeGreaterThan(PRECISION_FLOOR);
    expect(report.fillRate).toBeGreaterThan(0.98);
  });

  it("is a floor the naive weightings fall below", () => {
    const weightings = [
      { title: 1, productType: 1, vendor: 1, tags: 1, description: 1 },
      { title: 1, productType: 0, vendor: 0, tags: 0, description: 0 },
      { title: 0, productType: 0, vendor: 0, tags: 0, description: 1 },
    ];
    for (const fieldWeights of weightings) {
      const report = evaluatePrecision(catalog, { carts: 300, seed: 11, indexSettings: { fieldWeights } });
      expect(report.precision).toBeLessThan(PRECISION_FLOOR);
    }
  });

  it("leaves a gap rather than fill it with another category when a category has too few products", () => {
    // Two categories of 3 and 2 products: their carts cannot get three relevant products.
    const longTail = generateSampleCatalog({
      seed: 1,
      categorySizes: [40, 40, 40, 40, 40, 40, 40, 40, 3, 2],
    });
    const withThreshold = evaluatePrecision(longTail, { carts: 300, seed: 11 });
    const without = evaluatePrecision(longTail, {
      carts: 300,
      seed: 11,
      recommendOptions: { minSimilarity: 0 },
    });
    expect(without.precision).toBeLessThan(0.85);
    expect(withThreshold.byReason.SIMILAR.relevant / withThreshold.byReason.SIMILAR.count).toBeGreaterThan(
      0.92,
    );
    expect(withThreshold.fillRate).toBeGreaterThan(0.75);
    expect(withThreshold.fillRate).toBeLessThan(1);
  });
});
