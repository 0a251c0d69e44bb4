// The recommendation files themselves, not the folder's index.ts: the index also exports the database-backed
// functions, which would load the app's env and Prisma client into a script that needs neither.
import { rankBestSellers } from "../app/domain/recommendations/best-sellers";
import { buildCoPurchaseGraph } from "../app/domain/recommendations/co-purchase";
import type { IndexableProduct } from "../app/domain/recommendations/product-terms";
import { recommend } from "../app/domain/recommendations/recommend";
import { buildIndex } from "../app/domain/recommendations/recommendation-index";
import type { EvaluationCatalog, EvaluationProduct } from "./catalog-format";
import type { Recommender } from "./metrics";

/**
 * Cartback's recommender as the evaluation calls it: the one place that maps a catalog and the training
 * orders to what the app's recommender reads, so a change to recommend()'s inputs is made here only.
 */

function toIndexableProduct(product: EvaluationProduct): IndexableProduct {
  return {
    productId: product.id,
    handle: product.handle,
    title: product.title,
    description: product.description,
    productType: product.productType,
    category: product.category,
    vendor: product.vendor,
    tags: product.tags,
    // The catalog's cross-sells are left out for now: the cross-sell hit rate measures what text and orders
    // find on their own. Passing them as complementary products is the lead's call (and makes that row moot).
    complementaryProductIds: [],
    relatedProductIds: [],
    status: product.status,
    availableForSale: product.availableForSale,
    priceMinMinor: product.priceMinor,
    currency: product.currency,
    imageUrl: null,
  };
}

/** Orders as the app stores their lines (`[{ productId, quantity }]`), one unit per product of an order. */
function toOrderLines(order: readonly string[]): string {
  return JSON.stringify(order.map((productId) => ({ productId, quantity: 1 })));
}

export function createCartbackRecommender(
  catalog: EvaluationCatalog,
  trainingOrders: string[][],
): Recommender {
  const index = buildIndex(catalog.products.map(toIndexableProduct));
  const bestSellers = rankBestSellers(trainingOrders.map(toOrderLines));
  const coPurchases = buildCoPurchaseGraph(trainingOrders);
  return (cartIds) =>
    recommend(index, cartIds, { limit: 3, bestSellers, coPurchases }).map(({ product, reason }) => ({
      id: product.productId,
      reason,
    }));
}
