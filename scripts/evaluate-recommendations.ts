import { DEFAULT_FIELD_WEIGHTS, type FieldWeights } from "../app/domain/recommendations/product-terms";
import {
  DEFAULT_MIN_SIMILARITY,
  MAX_RECOMMENDATIONS,
  recommend,
  type RecommendOptions,
} from "../app/domain/recommendations/recommend";
import { evaluatePrecision, type PrecisionReport } from "./evaluate-precision";
import { buildIndex } from "../app/domain/recommendations/recommendation-index";
import { generateSampleCatalog, type SampleProduct } from "../test/fixtures/sample-catalog";

/**
 * npx tsx scripts/evaluate-recommendations.ts [--per-category 200] [--carts 1000] [--seeds 3]
 *
 * Precision@3 of the recommender on generated catalogs with known categories (10 categories, see
 * test/fixtures/sample-catalog.ts): carts of 1–3 products of one category, and the share of
 * recommended products from that category. No orders, so no best sellers: what is measured is the ranking
 * (SIMILAR) and the same-type filler. Results are averaged over several catalog seeds.
 *
 * Then the alternatives the defaults were chosen against: other field weights, and other similarity thresholds
 * (precision against how often a gap is left empty, on catalogs with a long tail of tiny categories).
 */

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const PER_CATEGORY = option("per-category", 200);
const CARTS = option("carts", 1000);
const SEEDS = option("seeds", 3);

const catalogs: SampleProduct[][] = Array.from({ length: SEEDS }, (_, seed) =>
  generateSampleCatalog({ seed: seed + 1, productsPerCategory: PER_CATEGORY }),
);
// Two categories with 3 and 2 products: their carts cannot get three relevant products, which is where the
// similarity threshold decides between a wrong recommendation and none.
const LONG_TAIL_SIZES = [...Array.from({ length: 8 }, () => PER_CATEGORY), 3, 2];
const longTailCatalogs: SampleProduct[][] = Array.from({ length: SEEDS }, (_, seed) =>
  generateSampleCatalog({ seed: seed + 1, categorySizes: LONG_TAIL_SIZES }),
);

interface Row {
  label: string;
  precision: number;
  similarPrecision: number;
  fillRate: number;
  emptyCarts: number;
}

function evaluate(
  label: string,
  fieldWeights: Readonly<FieldWeights>,
  recommendOptions: Omit<RecommendOptions, "limit"> = {},
  catalogSet: SampleProduct[][] = catalogs,
): Row {
  const reports: PrecisionReport[] = catalogSet.map((catalog, seed) =>
    evaluatePrecision(catalog, {
      carts: CARTS,
      seed: 100 + seed,
      index: buildIndex(catalog, { fieldWeights }),
      recommendOptions,
    }),
  );
  const mean = (value: (report: PrecisionReport) => number) =>
    reports.reduce((sum, report) => sum + value(report), 0) / reports.length;
  return {
    label,
    precision: mean((report) => report.precision),
    similarPrecision: mean((report) =>
      report.byReason.SIMILAR.count === 0
        ? 0
        : report.byReason.SIMILAR.relevant / report.byReason.SIMILAR.count,
    ),
    fillRate: mean((report) => report.fillRate),
    emptyCarts: mean((report) => report.emptyCarts / report.carts),
  };
}

function printTable(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  console.table(
    rows.map((row) => ({
      variant: row.label,
      "precision@3": row.precision.toFixed(3),
      "SIMILAR precision": row.similarPrecision.toFixed(3),
      "fill rate": row.fillRate.toFixed(3),
      "empty carts": `${(row.emptyCarts * 100).toFixed(1)}%`,
    })),
  );
}

/** Similarity of the 24 closest products to each cart, split by whether they are of the cart's category. */
function printScoreDistribution(catalogSet: SampleProduct[][]) {
  const relevant: number[] = [];
  const irrelevant: number[] = [];
  for (const catalog of catalogSet) {
    const index = buildIndex(catalog);
    const categoryOf = new Map(catalog.map((product) => [product.productId, product.generatedCategory]));
    const sellable = catalog.filter((product) => product.status === "ACTIVE" && product.availableForSale);
    for (const cartProduct of sellable.slice(0, CARTS)) {
      for (const { product, score } of recommend(index, [cartProduct.productId], {
        limit: MAX_RECOMMENDATIONS,
        minSimilarity: 0,
      })) {
        (categoryOf.get(product.productId) === cartProduct.generatedCategory ? relevant : irrelevant).push(
          score,
        );
      }
    }
  }
  const percentile = (values: number[], share: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return (sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0).toFixed(3);
  };
  console.log("\nCosine similarity of the 24 closest products to one-product carts (long-tail catalogs)");
  console.table(
    [
      ["same category", relevant],
      ["other category", irrelevant],
    ].map(([label, values]) => ({
      products: label,
      count: (values as number[]).length,
      p5: percentile(values as number[], 0.05),
      p25: percentile(values as number[], 0.25),
      p50: percentile(values as number[], 0.5),
      p75: percentile(values as number[], 0.75),
      p95: percentile(values as number[], 0.95),
    })),
  );
}

const chosen = evaluate("defaults", DEFAULT_FIELD_WEIGHTS);
console.log(
  `Generated catalogs: ${SEEDS} × ${catalogs[0]?.length ?? 0} products (10 categories × ${PER_CATEGORY}), ` +
    `${CARTS} carts each.`,
);
console.log(
  `precision@3 = ${chosen.precision.toFixed(3)} (SIMILAR only ${chosen.similarPrecision.toFixed(3)}), ` +
    `fill rate ${chosen.fillRate.toFixed(3)}, empty carts ${(chosen.emptyCarts * 100).toFixed(1)}%`,
);

const weightVariants: Array<[string, FieldWeights]> = [
  ["defaults", { ...DEFAULT_FIELD_WEIGHTS }],
  ["all fields equal", { title: 1, productType: 1, category: 1, vendor: 1, tags: 1, description: 1 }],
  ["description only", { title: 0, productType: 0, category: 0, vendor: 0, tags: 0, description: 1 }],
  ["title only", { title: 1, productType: 0, category: 0, vendor: 0, tags: 0, description: 0 }],
  ["title + type", { title: 1, productType: 1, category: 1, vendor: 0, tags: 0, description: 0 }],
  ["no description", { ...DEFAULT_FIELD_WEIGHTS, description: 0 }],
  ["no vendor", { ...DEFAULT_FIELD_WEIGHTS, vendor: 0 }],
  ["vendor 0.5", { ...DEFAULT_FIELD_WEIGHTS, vendor: 0.5 }],
  ["vendor 3", { ...DEFAULT_FIELD_WEIGHTS, vendor: 3 }],
  ["tags 1", { ...DEFAULT_FIELD_WEIGHTS, tags: 1 }],
  ["tags 2", { ...DEFAULT_FIELD_WEIGHTS, tags: 2 }],
  ["title 3, type 3", { ...DEFAULT_FIELD_WEIGHTS, title: 3, productType: 3 }],
  ["title 5, type 5", { ...DEFAULT_FIELD_WEIGHTS, title: 5, productType: 5 }],
  ["title 3, type 1.5", { ...DEFAULT_FIELD_WEIGHTS, title: 3, productType: 1.5 }],
  ["title 1.5, type 3", { ...DEFAULT_FIELD_WEIGHTS, title: 1.5, productType: 3 }],
  ["description 2", { ...DEFAULT_FIELD_WEIGHTS, description: 2 }],
];
printTable(
  "Field weights [title, type, vendor, tags, description]",
  weightVariants.map(([label, weights]) =>
    evaluate(`${label} ${JSON.stringify(Object.values(weights))}`, weights),
  ),
);

printScoreDistribution(longTailCatalogs);
printTable(
  `Similarity threshold on the long-tail catalogs (default ${DEFAULT_MIN_SIMILARITY})`,
  [0, 0.1, 0.15, 0.18, 0.2, 0.22, 0.25, 0.3].map((minSimilarity) =>
    evaluate(`minSimilarity ${minSimilarity}`, DEFAULT_FIELD_WEIGHTS, { minSimilarity }, longTailCatalogs),
  ),
);
