export {
  getShopIndex,
  findShopIndexStats,
  MIN_REFRESH_INTERVAL_MS,
  VERSION_CHECK_INTERVAL_MS,
} from "./shop-index-cache.server";
export { findBestSellers, BEST_SELLER_WINDOW_DAYS } from "./find-best-sellers.server";
export { recommend, DEFAULT_LIMIT, DEFAULT_MIN_SIMILARITY, MAX_RECOMMENDATIONS } from "./recommend";
export type { Recommendation, RecommendationReason, RecommendOptions } from "./recommend";
export {
  buildIndex,
  createIndexBuilder,
  updateIndex,
  describeIndex,
  findIndexedProduct,
  DEFAULT_INDEX_SETTINGS,
} from "./recommendation-index";
export type {
  RecommendationIndex,
  IndexedProduct,
  IndexChanges,
  IndexSettings,
  IndexStats,
} from "./recommendation-index";
export { DEFAULT_FIELD_WEIGHTS, MAX_DESCRIPTION_TOKENS } from "./product-terms";
export type { IndexableProduct, FieldWeights } from "./product-terms";
export { getRecommendations } from "./get-recommendations.server";
export type { ProductRecommendation } from "./get-recommendations.server";
export type { ShopIndexStats } from "./shop-index-cache.server";
export { rankBestSellers } from "./best-sellers";
export {
  buildCoPurchaseGraph,
  EMPTY_CO_PURCHASE_GRAPH,
  MIN_CO_PURCHASE_ORDERS,
  DEFAULT_MAX_PRODUCTS_PER_ORDER,
  DEFAULT_MAX_PARTNERS_PER_PRODUCT,
} from "./co-purchase";
export type { CoPurchaseGraph, CoPurchaseOptions, CoPurchasePartner } from "./co-purchase";
export {
  findCoPurchaseGraph,
  cachedCoPurchaseGraph,
  CO_PURCHASE_WINDOW_DAYS,
  MAX_CO_PURCHASE_ORDERS,
} from "./find-co-purchases.server";
export { tokenize } from "./tokenize";
