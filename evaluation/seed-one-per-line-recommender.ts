// The product-line file itself, not the folder's index.ts, which also exports database-backed functions.
import { productLineKey } from "../app/domain/recommendations/product-line";
import type { EvaluationCatalog } from "./catalog-format";
import type { Recommender } from "./metrics";
import { buildSeedIndex, recommendLikeSeed, SEED_LIMIT } from "./seed-recommender";

/**
 * The seed's ranking shown as Cartback shows a list: at most one product of a product line (the app's
 * productLineKey of title and vendor, as recommend() reads it), the seed's next-ranked products taking the
 * places of those skipped. As in recommend(), a product of a cart item's line may come once. It is the fair
 * comparison for precision by type: many of the seed's right-type recommendations are other sizes and colours
 * of the cart's own line. Nothing else changes: drafts and unavailable products still come.
 */
export function createSeedOnePerLineRecommender(catalog: EvaluationCatalog): Recommender {
  const index = buildSeedIndex(catalog.products);
  const lineById = new Map(
    catalog.products.map((product) => [product.id, productLineKey(product.title, product.vendor)]),
  );
  return (cartIds) => {
    // Rank deeper only when the lines of the first products run out the list (rarely more than once).
    for (let depth = SEED_LIMIT * 4; ; depth *= 2) {
      const ranked = recommendLikeSeed(index, cartIds, depth);
      const shownLines = new Set<string>();
      const chosen: Array<{ id: string; reason: string }> = [];
      for (const { id } of ranked) {
        const line = lineById.get(id) ?? id;
        if (shownLines.has(line)) continue;
        shownLines.add(line);
        chosen.push({ id, reason: "SIMILAR" });
        if (chosen.length === SEED_LIMIT) return chosen;
      }
      // Fewer than asked for: the whole catalog is ranked.
      if (ranked.length < depth) return chosen;
    }
  };
}
