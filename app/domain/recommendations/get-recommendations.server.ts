import { createTtlCache } from "~/lib/ttl-cache";
import type { Money } from "~/lib/money";
import { findBestSellers } from "./find-best-sellers.server";
import { cachedCoPurchaseGraph } from "./find-co-purchases.server";
import { DEFAULT_LIMIT, recommend, type RecommendationReason } from "./recommend";
import { getShopIndex } from "./shop-index-cache.server";

export interface ProductRecommendation {
  productId: string;
  handle: string;
  title: string;
  imageUrl: string | null;
  /** The product's lowest variant price. */
  price: Money;
  reason: RecommendationReason;
}

/**
 * Orders do not move the catalog version, and which products sell best changes slowly, so a shop's best
 * sellers are read at most every ten minutes. The promise is what is cached, so concurrent emails share a read.
 */
const bestSellerCache = createTtlCache<string, Promise<string[]>>({
  ttlMs: 10 * 60 * 1000,
  maxEntries: 1_000,
});

function cachedBestSellers(shop: string, now: Date): Promise<string[]> {
  const cached = bestSellerCache.get(shop, now.getTime());
  if (cached) return cached;
  const read = findBestSellers(shop, { now });
  bestSellerCache.set(shop, read, now.getTime());
  // A failed read is not kept: the next email asks again.
  read.catch(() => bestSellerCache.delete(shop));
  return read;
}

/**
 * Up to `limit` products to show beside a cart in a recovery email, drawn for each cart product in turn: the
 * merchant's own complementary and related products, then products bought with it in the shop's orders of the
 * last year and products like it (its type first), then the shop's best sellers of the last 90 days (read
 * only when a gap is left). Each carries the reason it was chosen. See recommend.ts for the rules,
 * co-purchase.ts for when orders count, and shop-index-cache.server.ts for how the index is kept current.
 */
export async function getRecommendations(
  shop: string,
  cartProductIds: string[],
  { limit = DEFAULT_LIMIT, now }: { limit?: number; now: Date },
): Promise<ProductRecommendation[]> {
  const index = await getShopIndex(shop, { now });
  if (index.size === 0) return [];
  const coPurchases = await cachedCoPurchaseGraph(shop, now);
  let recommendations = recommend(index, cartProductIds, { limit, coPurchases });
  if (recommendations.length < limit) {
    const bestSellers = await cachedBestSellers(shop, now);
    if (bestSellers.length > 0) {
      recommendations = recommend(index, cartProductIds, { limit, bestSellers, coPurchases });
    }
  }
  return recommendations.map(({ product, reason }) => ({
    productId: product.productId,
    handle: product.handle,
    title: product.title,
    imageUrl: product.imageUrl,
    price: { amountMinor: product.priceMinMinor, currency: product.currency },
    reason,
  }));
}
