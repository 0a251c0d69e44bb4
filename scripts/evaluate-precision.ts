import {
  recommend,
  type RecommendationReason,
  type RecommendOptions,
} from "../app/domain/recommendations/recommend";
import {
  buildIndex,
  type IndexSettings,
  type RecommendationIndex,
} from "../app/domain/recommendations/recommendation-index";
import { createRandom, type SampleProduct } from "../test/fixtures/sample-catalog";

/**
 * Offline evaluation on a catalog with known categories: carts of one to three products of one category, and
 * precision@k, the share of recommended products from the cart's category. Used by
 * scripts/evaluate-recommendations.ts (to compare ranking choices) and by a test (so a ranking regression
 * fails the suite).
 */

export interface PrecisionOptions {
  carts?: number;
  seed?: number;
  limit?: number;
  indexSettings?: Partial<IndexSettings>;
  recommendOptions?: Omit<RecommendOptions, "limit">;
  /** An index already built from `catalog` (the settings above are then ignored). */
  index?: RecommendationIndex;
}

export interface PrecisionReport {
  carts: number;
  /** Relevant recommendations over all recommendations made. */
  precision: number;
  /** Recommendations made over carts × limit: how often the gaps were left empty. */
  fillRate: number;
  /** Carts that got no recommendation at all. */
  emptyCarts: number;
  byReason: Record<RecommendationReason, { count: number; relevant: number }>;
}

export function evaluatePrecision(
  catalog: readonly SampleProduct[],
  options: PrecisionOptions = {},
): PrecisionReport {
  const { carts = 500, seed = 7, limit = 3 } = options;
  const index = options.index ?? buildIndex(catalog, options.indexSettings);
  const random = createRandom(seed);
  const categoryOf = new Map(catalog.map((product) => [product.productId, product.generatedCategory]));
  // Shoppers can only have had sellable products in their carts.
  const sellableByCategory = new Map<string, SampleProduct[]>();
  for (const product of catalog) {
    if (product.status !== "ACTIVE" || !product.availableForSale) continue;
    const list = sellableByCategory.get(product.generatedCategory) ?? [];
    list.push(product);
    sellableByCategory.set(product.generatedCategory, list);
  }
  const categories = [...sellableByCategory.keys()].sort();

  const byReason: PrecisionReport["byReason"] = {
    COMPLEMENT: { count: 0, relevant: 0 },
    BOUGHT_TOGETHER: { count: 0, relevant: 0 },
    SIMILAR: { count: 0, relevant: 0 },
    SAME_TYPE: { count: 0, relevant: 0 },
    BEST_SELLER: { count: 0, relevant: 0 },
  };
  let recommended = 0;
  let relevant = 0;
  let emptyCarts = 0;
  for (let cart = 0; cart < carts; cart++) {
    const category = categories[Math.floor(random() * categories.length)] as string;
    const pool = sellableByCategory.get(category) as SampleProduct[];
    const size = Math.min(1 + Math.floor(random() * 3), pool.length);
    const cartIds = new Set<string>();
    while (cartIds.size < size)
      cartIds.add((pool[Math.floor(random() * pool.length)] as SampleProduct).productId);
    const recommendations = recommend(index, [...cartIds], { ...options.recommendOptions, limit });
    if (recommendations.length === 0) emptyCarts++;
    for (const { product, reason } of recommendations) {
      const isRelevant = categoryOf.get(product.productId) === category;
      recommended++;
      byReason[reason].count++;
      if (isRelevant) {
        relevant++;
        byReason[reason].relevant++;
      }
    }
  }
  return {
    carts,
    precision: recommended === 0 ? 0 : relevant / recommended,
    fillRate: recommended / (carts * limit),
    emptyCarts,
    byReason,
  };
}
