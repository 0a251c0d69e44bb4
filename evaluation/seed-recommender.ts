import type { EvaluationCatalog, EvaluationProduct } from "./catalog-format";
import type { Recommender } from "./metrics";

/**
 * The original system's recommender, the evaluation's baseline, written from its description (the seed's
 * architecture notes: "TF-IDF matrix from product names, descriptions and categories; cosine similarity with
 * the cart's items; sort by similarity; exclude cart items; return top 3"), not from its code.
 *
 * Our reading of it, where the description leaves things open:
 * - scikit-learn's TfidfVectorizer with its defaults: lowercase, tokens are runs of 2+ word characters
 *   (`(?u)\b\w\w+\b`, letters, digits and "_" of any script), raw counts as tf, smooth idf
 *   ln((1 + n) / (1 + df)) + 1, rows L2-normalised. No stop words, no stemming, no accent folding.
 * - One document per product: the name 3 times, the category 4 times and the description, space-joined
 *   (so only token counts matter). The category is productType, else the category path, else empty.
 * - Per-item cosine: every product's similarity to each cart item separately; its score is the largest.
 * - A same-category boost of +0.1 to a product whose (non-empty) category equals a cart item's. The
 *   description names a boost but gives no value: 0.1 is our reading.
 * - Cart items excluded, top 3 by score; equal scores keep catalog order. Products sharing no word with the
 *   cart score 0 and still fill the list, as sorting the whole similarity row would.
 * - Faithfully, nothing else is excluded: drafts, archived and unavailable products are recommended too.
 */

export const SEED_NAME_REPEATS = 3;
export const SEED_CATEGORY_REPEATS = 4;
export const SEED_SAME_CATEGORY_BOOST = 0.1;
export const SEED_LIMIT = 3;

// `\b\w\w+\b` with a greedy `\w+` matches exactly the maximal runs of two or more word characters; Python's
// Unicode `\w` is letters, digits (every numeric category) and the underscore.
const SEED_TOKEN_PATTERN = /[\p{L}\p{N}_]{2,}/gu;

export function tokenizeLikeScikitLearn(text: string): string[] {
  return text.toLowerCase().match(SEED_TOKEN_PATTERN) ?? [];
}

export function seedCategoryOf(product: EvaluationProduct): string {
  return product.productType ?? product.category ?? "";
}

interface SeedIndex {
  products: readonly EvaluationProduct[];
  slotById: Map<string, number>;
  /** Product slot's unit tf-idf vector: terms[vectorStart[slot]..vectorStart[slot + 1]) with their weights. */
  vectorStart: Int32Array;
  terms: Int32Array;
  weights: Float64Array;
  /** Inverted index: term t's products are postingSlots[postingStart[t]..postingStart[t + 1]). */
  postingStart: Int32Array;
  postingSlots: Int32Array;
  postingWeights: Float64Array;
  slotsByCategory: Map<string, number[]>;
}

function countTerms(product: EvaluationProduct, termIds: Map<string, number>): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (text: string, times: number) => {
    for (const token of tokenizeLikeScikitLearn(text)) {
      let id = termIds.get(token);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(token, id);
      }
      counts.set(id, (counts.get(id) ?? 0) + times);
    }
  };
  add(product.title, SEED_NAME_REPEATS);
  add(seedCategoryOf(product), SEED_CATEGORY_REPEATS);
  add(product.description, 1);
  return counts;
}

export function buildSeedIndex(products: readonly EvaluationProduct[]): SeedIndex {
  const termIds = new Map<string, number>();
  const counts = products.map((product) => countTerms(product, termIds));
  const termCount = termIds.size;
  const documentFrequency = new Int32Array(termCount);
  let nonZeros = 0;
  for (const productCounts of counts) {
    nonZeros += productCounts.size;
    for (const term of productCounts.keys()) documentFrequency[term]!++;
  }
  const idf = Float64Array.from(documentFrequency, (df) => Math.log((1 + products.length) / (1 + df)) + 1);

  const vectorStart = new Int32Array(products.length + 1);
  const terms = new Int32Array(nonZeros);
  const weights = new Float64Array(nonZeros);
  const postingStart = new Int32Array(termCount + 1);
  let offset = 0;
  counts.forEach((productCounts, slot) => {
    vectorStart[slot] = offset;
    let squares = 0;
    const start = offset;
    for (const [term, count] of productCounts) {
      const weight = count * (idf[term] as number);
      terms[offset] = term;
      weights[offset++] = weight;
      squares += weight * weight;
      postingStart[term + 1]!++;
    }
    const norm = Math.sqrt(squares);
    for (let at = start; at < offset; at++) weights[at] = (weights[at] as number) / norm;
  });
  vectorStart[products.length] = offset;
  for (let term = 0; term < termCount; term++) postingStart[term + 1]! += postingStart[term] as number;

  const cursor = postingStart.slice(0, termCount);
  const postingSlots = new Int32Array(nonZeros);
  const postingWeights = new Float64Array(nonZeros);
  for (let slot = 0; slot < products.length; slot++) {
    for (let at = vectorStart[slot] as number; at < (vectorStart[slot + 1] as number); at++) {
      const position = cursor[terms[at] as number]!++;
      postingSlots[position] = slot;
      postingWeights[position] = weights[at] as number;
    }
  }

  const slotById = new Map<string, number>();
  const slotsByCategory = new Map<string, number[]>();
  products.forEach((product, slot) => {
    slotById.set(product.id, slot);
    const category = seedCategoryOf(product);
    if (category === "") return;
    const slots = slotsByCategory.get(category);
    if (slots) slots.push(slot);
    else slotsByCategory.set(category, [slot]);
  });
  return {
    products,
    slotById,
    vectorStart,
    terms,
    weights,
    postingStart,
    postingSlots,
    postingWeights,
    slotsByCategory,
  };
}

/** The seed's top products for a cart with their scores, best first. */
export function recommendLikeSeed(
  index: SeedIndex,
  cartIds: readonly string[],
  limit = SEED_LIMIT,
): Array<{ id: string; score: number }> {
  const { products } = index;
  const cartSlots = [...new Set(cartIds)]
    .map((id) => index.slotById.get(id))
    .filter((slot): slot is number => slot !== undefined);
  const best = new Float64Array(products.length);
  const itemScores = new Float64Array(products.length);
  const isCandidate = new Uint8Array(products.length);
  const candidates: number[] = [];
  const touched: number[] = [];
  const consider = (slot: number) => {
    if (isCandidate[slot] === 1) return;
    isCandidate[slot] = 1;
    candidates.push(slot);
  };

  for (const item of cartSlots) {
    for (let at = index.vectorStart[item] as number; at < (index.vectorStart[item + 1] as number); at++) {
      const term = index.terms[at] as number;
      const weight = index.weights[at] as number;
      for (
        let post = index.postingStart[term] as number;
        post < (index.postingStart[term + 1] as number);
        post++
      ) {
        const slot = index.postingSlots[post] as number;
        if (itemScores[slot] === 0) touched.push(slot);
        itemScores[slot]! += weight * (index.postingWeights[post] as number);
      }
    }
    for (const slot of touched) {
      best[slot] = Math.max(best[slot] as number, itemScores[slot] as number);
      itemScores[slot] = 0;
      consider(slot);
    }
    touched.length = 0;
  }

  const cartCategories = new Set(cartSlots.map((slot) => seedCategoryOf(products[slot]!)));
  for (const category of cartCategories) {
    for (const slot of index.slotsByCategory.get(category) ?? []) {
      best[slot]! += SEED_SAME_CATEGORY_BOOST;
      consider(slot);
    }
  }

  const inCart = new Set(cartSlots);
  const ranked = candidates
    .filter((slot) => !inCart.has(slot))
    .sort((a, b) => (best[b] as number) - (best[a] as number) || a - b)
    .slice(0, limit);
  // Products sharing nothing with the cart score 0: the seed sorted the whole row, so they come next.
  for (let slot = 0; ranked.length < limit && slot < products.length; slot++) {
    if (isCandidate[slot] === 0 && !inCart.has(slot)) ranked.push(slot);
  }
  return ranked.map((slot) => ({ id: products[slot]!.id, score: best[slot] as number }));
}

/** The evaluation's baseline; the seed used no order history. */
export function createSeedRecommender(catalog: EvaluationCatalog): Recommender {
  const index = buildSeedIndex(catalog.products);
  return (cartIds) => recommendLikeSeed(index, cartIds).map(({ id }) => ({ id, reason: "SIMILAR" }));
}
