import {
  findSlot,
  productAt,
  slotCount,
  type IndexedProduct,
  type RecommendationIndex,
  type Segment,
} from "./recommendation-index";
import { TAG_TERM_PREFIX } from "./product-terms";
import { compareProductIds, TopK } from "./top-k";

/**
 * Why a product was recommended, shown to the merchant and usable in the email's wording: the merchant linked
 * it as complementary (Search & Discovery), shoppers bought it with a cart product, its text is like a cart
 * product's (or the merchant linked it as related), it is of a cart product's type, or it sells best.
 */
export type RecommendationReason = "COMPLEMENT" | "BOUGHT_TOGETHER" | "SIMILAR" | "SAME_TYPE" | "BEST_SELLER";

export interface Recommendation {
  product: IndexedProduct;
  reason: RecommendationReason;
  /**
   * How it ranked for the cart product it was chosen for: cosine similarity, plus TYPE_BOOST for a shared type
   * and CO_PURCHASE_WEIGHT × the co-purchase score; merchant links rank above all (MERCHANT_LINK_SCORE); 0 for
   * best sellers, which are not ranked by similarity.
   */
  score: number;
}

/** What recommend needs of the shop's co-purchases (co-purchase.ts): partners of a product, best first. */
export interface CoPurchases {
  partnersOf(productId: string): readonly { productId: string; score: number }[];
}

export interface RecommendOptions {
  /** 3 by default, at most MAX_RECOMMENDATIONS. */
  limit?: number;
  /** Cosine similarity below which a product is not "similar" (see DEFAULT_MIN_SIMILARITY). */
  minSimilarity?: number;
  /** Product ids by recent sales, best first: the last filler. */
  bestSellers?: readonly string[];
  /** Products bought together in the shop's orders; none by default. */
  coPurchases?: CoPurchases;
}

export const DEFAULT_LIMIT = 3;
export const MAX_RECOMMENDATIONS = 24;

/**
 * Measured with scripts/evaluate-recommendations.ts on generated catalogs where two of ten categories have
 * only 2–3 products, so their carts cannot get three relevant recommendations (about 0.9 of all slots can be
 * filled rightly). Among the 24 closest products to a cart, those of its category score 0.29 or more in 95%
 * of cases, those of other categories 0.30 at the median: the threshold cannot separate them alone, but it
 * decides what happens when a category runs out. Precision of "similar" products goes from 0.82 without a
 * threshold to 0.94 at 0.2 and 0.99 at 0.25, and precision@3 peaks at 0.25 (0.91) with 0.895 of slots filled:
 * what it leaves empty were nearly all wrong. Higher thresholds only empty more carts. It is a constant of
 * the generated catalogs; the gaps it leaves go to same-type products and best sellers.
 */
export const DEFAULT_MIN_SIMILARITY = 0.25;

/**
 * Added to the similarity of a product that shares a cart product's type (or, when either has no type, its
 * standard category). At 1 it outweighs any difference of text between types: products of the cart product's
 * type come first, ranked among themselves by text and tags; then the rest. Real catalogs share generic words
 * across types ("gold", "oak", a brand, a range name), so with a smaller boost a gold ring drew gold earrings.
 * A same-type product with no word in common still qualifies, which is how a cart gets three products of its
 * type when its words are rare. Measured with `npm run evaluate:recommendations` on real catalogs
 * (evaluation/results.md): at 0.25, 0.5 and 1, precision by type on the IKEA catalog was 56.7%, 60.0% and
 * 71.0%, and mixed carts of the Magento sample store had 80%, 91% and 100% of their types served.
 */
export const TYPE_BOOST = 1;

/**
 * Added when a candidate shares a whole tag with the cart product ("men", "summer-sale"): tags are in the text
 * too, but within a type they decide little. Precision by tag at 0, 0.1 and 0.3: 43.8%, 60.1% and 67.0% on
 * the Magento store, 78.5%, 81.9% and 83.0% on Shopify's sample products, while precision by type on IKEA went
 * from 71.0% to 69.8% and 64.6% (its tags are IKEA's rooms, shared across types).
 */
export const TAG_BOOST = 0.1;

/**
 * Added for another type in the cart product's standard category (a bar stool for a bar table): less than a
 * shared type, but it keeps three suggestions coming when the cart's type has no other product line.
 */
export const CATEGORY_BOOST = 0.1;

/**
 * Weight of the co-purchase score (a cosine of order counts in (0, 1], see co-purchase.ts) against text
 * similarity: a pair bought together in a fifth of the orders of either product ranks with a close text match.
 */
export const CO_PURCHASE_WEIGHT = 1;

/**
 * Another size or colour of a cart product ranks just below every other product of its type, and only when of
 * its type: it fills a slot only when the cart's type has nothing else (a shop with one line of stasis balls).
 * An email still shows at most one product of any line.
 */
const CART_LINE_MARGIN = 0.001;

/** Merchant links rank above anything computed, complementary ones first, in the merchant's order. */
export const MERCHANT_LINK_SCORE = 10;

/** A cart product's best partner in the shop's orders ranks after the merchant's links, before the rest. */
const BOUGHT_TOGETHER_SCORE = MERCHANT_LINK_SCORE / 2;

/** Query terms in more than this share of the products are left out (see buildQuery). */
const COMMON_TERM_SHARE = 0.2;
/** Below this many products a query reads every term: the cost is small and each word counts. */
const COMMON_TERM_MIN_PRODUCTS = 1_000;

/** Candidates kept per cart product: room for the limit after products of lines already shown are skipped. */
const candidateCapacity = (limit: number) => limit * 4 + 8;

interface Query {
  terms: Int32Array;
  weights: Float64Array;
}

function segmentOf(index: RecommendationIndex, slot: number): Segment {
  return slot < index.base.products.length ? index.base : index.delta;
}

function scratchOf(index: RecommendationIndex) {
  const { scratch } = index;
  if (!scratch.scores || !scratch.touched || !scratch.tagged) {
    scratch.scores = new Float64Array(slotCount(index));
    scratch.touched = new Int32Array(slotCount(index));
    scratch.tagged = new Uint8Array(slotCount(index));
  }
  return { scores: scratch.scores, touched: scratch.touched, tagged: scratch.tagged };
}

/** How many products a term is in, in this version (both segments' postings). */
function documentFrequency(index: RecommendationIndex, term: number): number {
  let count = 0;
  for (const segment of [index.base, index.delta]) {
    if (term < segment.termCount) {
      count += (segment.postingStart[term + 1] as number) - (segment.postingStart[term] as number);
    }
  }
  return count;
}

/**
 * A product's unit vector as a query: its terms (ascending ids, as stored) with their tf·idf/‖v‖, less the
 * words in more than COMMON_TERM_SHARE of the catalog. Those are shop boilerplate ("free shipping", the shop's
 * name): their low IDF makes them move a cosine little, yet their postings are most of a query's work. On the
 * generated 100,000-product catalog this took the query p50 from 10 ms to 4 ms, and the real catalogs'
 * figures moved by less than a point (evaluation/results.md).
 */
function buildQuery(index: RecommendationIndex, slot: number): Query {
  const segment = segmentOf(index, slot);
  const local = slot - segment.firstSlot;
  const norm = segment.norms[local] as number;
  const start = segment.vectorStart[local] as number;
  const end = norm === 0 ? start : (segment.vectorStart[local + 1] as number);
  const commonAbove = COMMON_TERM_SHARE * index.size;
  const terms: number[] = [];
  const weights: number[] = [];
  for (let at = start; at < end; at++) {
    const term = segment.terms[at] as number;
    const isCommon = index.size >= COMMON_TERM_MIN_PRODUCTS && documentFrequency(index, term) > commonAbove;
    // Whole tags stay: the merchant chose them, and TAG_BOOST reads their postings (markTagged).
    if (isCommon && !(index.vocabulary.tokens[term] as string).startsWith(TAG_TERM_PREFIX)) continue;
    terms.push(term);
    weights.push(((segment.tfs[at] as number) * (index.idf[term] as number)) / norm);
  }
  return { terms: Int32Array.from(terms), weights: Float64Array.from(weights) };
}

/**
 * Adds query·product to scores[slot] for every product sharing a term with the query (product vectors are
 * unit vectors, so that is their cosine); returns the new count of touched slots.
 */
function accumulate(
  segment: Segment,
  query: Query,
  scores: Float64Array,
  touched: Int32Array,
  count: number,
) {
  const { postingStart, postingSlots, postingWeights, termCount } = segment;
  for (let index = 0; index < query.terms.length; index++) {
    const term = query.terms[index] as number;
    if (term >= termCount) continue;
    const weight = query.weights[index] as number;
    const end = postingStart[term + 1] as number;
    for (let at = postingStart[term] as number; at < end; at++) {
      const slot = postingSlots[at] as number;
      // Weights are positive, so a zero score means the product was not touched yet.
      if (scores[slot] === 0) touched[count++] = slot;
      scores[slot]! += weight * (postingWeights[at] as number);
    }
  }
  return count;
}

/**
 * How much being of `item`'s kind adds to a candidate (interned keys, -1 for none): TYPE_BOOST for the same
 * type, or for the same standard category when neither has a type; half of it for the same category when one
 * of the two has no type (a shop that typed some rings "Silver Ring" and left others to the category "Rings");
 * CATEGORY_BOOST for another type in the same category; else 0.
 */
function kindBoost(itemType: number, itemCategory: number, type: number, category: number): number {
  const sameCategory = itemCategory >= 0 && itemCategory === category;
  if (itemType >= 0 && type >= 0) {
    if (itemType === type) return TYPE_BOOST;
    return sameCategory ? CATEGORY_BOOST : 0;
  }
  if (!sameCategory) return 0;
  return itemType < 0 && type < 0 ? TYPE_BOOST : TYPE_BOOST / 2;
}

interface Candidate {
  slot: number;
  score: number;
  reason: RecommendationReason;
  /**
   * Of the cart product's own type (not another size of it), bought with it, or linked by the merchant: taken
   * for every cart product before any cart product gets a weaker one.
   */
  strong: boolean;
}

interface Scan {
  index: RecommendationIndex;
  limit: number;
  minSimilarity: number;
  coPurchases: CoPurchases | undefined;
  isEligible: (slot: number) => boolean;
  cartSlots: readonly number[];
  /** Product lines of the cart (interned): their other products rank last of their type (CART_LINE_MARGIN). */
  cartLines: ReadonlySet<number>;
  idOf: (slot: number) => string;
}

/** The merchant's own links of a cart product: complementary ones, then related ones. */
function merchantLinks(scan: Scan, item: IndexedProduct): Candidate[] {
  const links: Candidate[] = [];
  const seen = new Set<number>();
  const add = (productIds: readonly string[], reason: RecommendationReason, base: number) =>
    productIds.forEach((productId, position) => {
      const slot = findSlot(scan.index, productId);
      if (slot === undefined || seen.has(slot) || !scan.isEligible(slot)) return;
      seen.add(slot);
      links.push({ slot, score: base - position / 1_000, reason, strong: true });
    });
  add(item.complementaryProductIds, "COMPLEMENT", MERCHANT_LINK_SCORE * 2);
  add(item.relatedProductIds, "SIMILAR", MERCHANT_LINK_SCORE);
  return links;
}

/** Marks the products that share a whole tag with the query's product (its "tag:" terms' postings). */
function markTagged(index: RecommendationIndex, query: Query, tagged: Uint8Array) {
  for (let at = 0; at < query.terms.length; at++) {
    const term = query.terms[at] as number;
    if (!(index.vocabulary.tokens[term] as string).startsWith(TAG_TERM_PREFIX)) continue;
    for (const segment of [index.base, index.delta]) {
      if (term >= segment.termCount) continue;
      const end = segment.postingStart[term + 1] as number;
      for (let posting = segment.postingStart[term] as number; posting < end; posting++) {
        tagged[segment.postingSlots[posting] as number] = 1;
      }
    }
  }
}

/**
 * One cart product's candidates, best first: merchant links, then every eligible product ranked by its cosine
 * similarity to this cart product plus kindBoost, TAG_BOOST for a shared tag and CO_PURCHASE_WEIGHT × the
 * co-purchase score. A product qualifies by similarity (at least minSimilarity), by kind, or by co-purchase.
 */
function candidatesFor(scan: Scan, itemSlot: number): Candidate[] {
  const { index, minSimilarity } = scan;
  const { typeIds, categoryIds, lineIds } = index.kinds;
  const item = productAt(index, itemSlot);
  const itemType = typeIds[itemSlot] as number;
  const itemCategory = categoryIds[itemSlot] as number;
  const boostOf = (slot: number) =>
    kindBoost(itemType, itemCategory, typeIds[slot] as number, categoryIds[slot] as number);
  const { scores, touched, tagged } = scratchOf(index);
  const coScores = new Map<number, number>();
  for (const partner of scan.coPurchases?.partnersOf(item.productId) ?? []) {
    const slot = findSlot(index, partner.productId);
    if (slot !== undefined && partner.score > 0) coScores.set(slot, partner.score);
  }
  const capacity = candidateCapacity(scan.limit);
  const top = new TopK(capacity, scan.idOf);
  const { recommendable } = index;
  let floor = -Infinity;
  const bestByLine = new Map<number, number>();
  /** Ranks a slot (the hot loop: typed arrays first, sets only for what can get in); false when it cannot. */
  const rank = (slot: number): boolean => {
    const similarity = scores[slot] as number;
    const boost = boostOf(slot);
    const co = coScores.size === 0 ? 0 : (coScores.get(slot) ?? 0);
    const score = similarity + boost + (tagged[slot] === 1 ? TAG_BOOST : 0) + CO_PURCHASE_WEIGHT * co;
    // Another size of a cart product scores less still (below), so it cannot get in either.
    if (score < floor || recommendable[slot] !== 1 || scan.cartSlots.includes(slot)) return false;
    const line = lineIds[slot] as number;
    let ranked = score;
    if (scan.cartLines.has(line)) {
      // Another size or colour of a cart product: after every other product of its type, and only of its type.
      if (boost !== TYPE_BOOST) return false;
      ranked = TYPE_BOOST - CART_LINE_MARGIN;
    } else if (similarity < minSimilarity && boost === 0 && co === 0) {
      return false;
    }
    // One entry per product line is enough (an email shows one): twelve sizes of one bookcase would otherwise
    // fill the list. A line's lower entries are skipped; if its best is later pushed out, they would be too.
    const lineBest = bestByLine.get(line);
    if (lineBest !== undefined && lineBest >= ranked) return false;
    bestByLine.set(line, ranked);
    top.push(slot, ranked);
    floor = top.floor;
    return true;
  };

  let touchedCount = 0;
  try {
    const query = buildQuery(index, itemSlot);
    touchedCount = accumulate(index.base, query, scores, touched, 0);
    touchedCount = accumulate(index.delta, query, scores, touched, touchedCount);
    markTagged(index, query, tagged);
    for (let at = 0; at < touchedCount; at++) rank(touched[at] as number);
    const pushed = new Set<number>();
    for (const slot of coScores.keys()) {
      if (scores[slot] === 0) {
        pushed.add(slot);
        rank(slot);
      }
    }
    // Untouched products share no word (so no tag) with it. Those of its type tie at TYPE_BOOST, and groups are
    // in product id order: the first `capacity` that qualify are the only ones that can get in. Its category's
    // rank by kindBoost alone; they are read whole, while they can still get in.
    for (const segment of [index.base, index.delta]) {
      let taken = 0;
      for (const slot of item.typeKey === null ? [] : (segment.slotsByType.get(item.typeKey) ?? [])) {
        if (taken >= capacity || floor > TYPE_BOOST) break;
        if (scores[slot] !== 0 || pushed.has(slot)) continue;
        pushed.add(slot);
        if (rank(slot)) taken++;
      }
      for (const slot of item.categoryKey === null
        ? []
        : (segment.slotsByCategory.get(item.categoryKey) ?? [])) {
        if (floor > TYPE_BOOST) break;
        if (scores[slot] !== 0 || pushed.has(slot)) continue;
        pushed.add(slot);
        rank(slot);
      }
    }
    const links = merchantLinks(scan, item);
    // Its best complement from the shop's orders comes next: a complement is of another type, so type-first
    // ranking would never reach it, and the orders are the strongest evidence of what goes with it.
    for (const slot of coScores.keys()) {
      if (links.some((link) => link.slot === slot)) continue;
      if (recommendable[slot] !== 1 || scan.cartSlots.includes(slot)) continue;
      if (scan.cartLines.has(lineIds[slot] as number)) continue;
      // Plus its score: the cart product with the strongest evidence takes its turn first.
      const score = BOUGHT_TOGETHER_SCORE + (coScores.get(slot) as number);
      links.push({ slot, score, reason: "BOUGHT_TOGETHER", strong: true });
      break;
    }
    const linked = new Set(links.map((link) => link.slot));
    const ranked = top
      .sorted()
      .filter(({ slot }) => !linked.has(slot))
      .map(({ slot, score }): Candidate => {
        const similarity = scores[slot] as number;
        const co = CO_PURCHASE_WEIGHT * (coScores.get(slot) ?? 0);
        const sameKind = boostOf(slot) === TYPE_BOOST && !scan.cartLines.has(lineIds[slot] as number);
        const reason =
          co > 0 && co >= similarity
            ? "BOUGHT_TOGETHER"
            : similarity >= minSimilarity
              ? "SIMILAR"
              : "SAME_TYPE";
        return { slot, score, reason, strong: sameKind || co > 0 };
      });
    return [...links, ...ranked];
  } finally {
    for (let at = 0; at < touchedCount; at++) {
      const slot = touched[at] as number;
      scores[slot] = 0;
      tagged[slot] = 0;
    }
  }
}

/**
 * Up to `limit` products for a cart, drawn from each cart product in turn so that every part of a mixed cart
 * is served (a sofa and a lamp get something for each), the cart product with the strongest candidate first
 * (ties by product id). Each cart product's candidates come from candidatesFor: the merchant's links, its best
 * partner in the shop's orders, then products of its type before others. Strong candidates (links, orders,
 * its own type) are taken for every cart product before any weak one, so a cart product whose type has
 * nothing else does not take a slot another could fill well. At most one product of a product line is shown
 * (product-line.ts); another size of a cart product only when its type has nothing else. Gaps left go to best
 * sellers. Never a product in the cart, a draft or archived product, or one not available for sale; equal
 * scores go to the smaller product id. Cart products the index does not know add nothing (they are still
 * never recommended).
 *
 * Synchronous on purpose: the score buffers are reused by every query of this index version, which is safe
 * because nothing else can run between filling them and clearing them.
 */
export function recommend(
  index: RecommendationIndex,
  cartProductIds: readonly string[],
  options: RecommendOptions = {},
): Recommendation[] {
  const limit = Math.min(Math.max(Math.floor(options.limit ?? DEFAULT_LIMIT), 0), MAX_RECOMMENDATIONS);
  if (limit === 0) return [];
  const idOf = (slot: number) => productAt(index, slot).productId;
  const cartSlots = [...new Set(cartProductIds.map((id) => findSlot(index, id)))]
    .filter((slot): slot is number => slot !== undefined)
    .sort((a, b) => compareProductIds(idOf(a), idOf(b)));

  // A product id has at most one live slot, so excluding the cart's and the chosen products' slots excludes
  // those products; the typed mask keeps the check off the product objects for the thousands of slots a
  // query touches.
  const excludedSlots = new Set(cartSlots);
  const isEligible = (slot: number) => index.recommendable[slot] === 1 && !excludedSlots.has(slot);
  const cartLines: ReadonlySet<number> = new Set(
    cartSlots.map((slot) => index.kinds.lineIds[slot] as number),
  );
  const shownLines = new Set<number>();
  const chosen: Recommendation[] = [];
  const take = ({ slot, score, reason }: Candidate) => {
    const line = index.kinds.lineIds[slot] as number;
    if (excludedSlots.has(slot) || shownLines.has(line)) return false;
    chosen.push({ product: productAt(index, slot), reason, score });
    excludedSlots.add(slot);
    shownLines.add(line);
    return true;
  };

  const scan: Scan = {
    index,
    limit,
    minSimilarity: options.minSimilarity ?? DEFAULT_MIN_SIMILARITY,
    coPurchases: options.coPurchases,
    isEligible,
    cartSlots,
    cartLines,
    idOf,
  };
  const lists = cartSlots
    .map((slot) => ({ slot, candidates: candidatesFor(scan, slot), next: 0 }))
    .filter((list) => list.candidates.length > 0)
    .sort((a, b) => (b.candidates[0]?.score ?? 0) - (a.candidates[0]?.score ?? 0));
  // Stable sort: equal best scores keep the product id order of cartSlots. Strong candidates first, in turns,
  // so a cart product whose type has nothing else does not take a slot another cart product could fill well.
  for (const strongOnly of [true, false]) {
    for (let progressed = true; progressed && chosen.length < limit;) {
      progressed = false;
      for (const list of lists) {
        if (chosen.length >= limit) break;
        while (list.next < list.candidates.length) {
          const candidate = list.candidates[list.next] as Candidate;
          if (strongOnly && !candidate.strong) break;
          list.next++;
          if (take(candidate)) {
            progressed = true;
            break;
          }
        }
      }
    }
  }

  for (const productId of options.bestSellers ?? []) {
    if (chosen.length >= limit) break;
    const slot = findSlot(index, productId);
    if (slot !== undefined && isEligible(slot))
      take({ slot, score: 0, reason: "BEST_SELLER", strong: false });
  }
  return chosen;
}
