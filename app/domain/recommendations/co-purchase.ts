import { compareProductIds } from "./top-k";

/**
 * Products bought together in a shop's orders ("complements"), as a graph from each product to its partners.
 *
 * Evidence: a pair counts only once it was bought together in at least MIN_CO_PURCHASE_ORDERS distinct orders.
 * One order is one shopper's basket and two can still be one shopper ordering twice, or chance in a small shop;
 * three independent baskets are the least that looks like a habit of the shop's customers rather than a
 * coincidence. The price is recall: a young or small shop shows few complements until its orders build up, and
 * text similarity fills in meanwhile. Raising it trades more of that recall for precision; lowering it to 1 or 2
 * lets a single odd basket put an unrelated product in front of every shopper with that cart.
 *
 * Score: the cosine of the two products' order sets, n_AB / sqrt(n_A · n_B), where n_X is the number of
 * orders holding X and n_AB the number holding both; in (0, 1], 1 when the two are always bought together.
 * - A raw count n_AB favours best sellers: the shop's top product appears beside everything, so it would top
 *   every product's list (the best sellers are a filler of their own already).
 * - Lift, n_AB · N / (n_A · n_B), swings the other way: for rare products it explodes (two items sold three
 *   times, always together, outrank any real habit) and is unbounded, so it cannot be blended with a text
 *   similarity in [0, 1].
 * Cosine sits between: it divides by the popularity of both sides, but only by its square root, and stays in
 * the same range as the TF-IDF cosine it is blended with.
 *
 * Orders: each order is its set of distinct products (a line repeated or a quantity of 5 is one purchase of that
 * product). An order of a single product counts for that product's total n_X (a product usually bought alone is
 * a weak complement to anything) but makes no pair. An order of more than maxProductsPerOrder distinct products
 * is left out altogether, pairs and totals: a wholesale or bulk order of 200 products would add ~20,000 pairs,
 * each "bought together" by one buyer restocking, drowning the shoppers' baskets in quadratic noise, and the
 * totals must count the same orders as the pairs for the cosine to mean anything.
 *
 * Cost: with k distinct products in an order (k ≤ maxProductsPerOrder, so at most 190 pairs an order) and
 * P = Σ k(k-1)/2 pair occurrences, O(P log P) time: each occurrence is one number (the two products' interned
 * indices packed together, no string keys) in a Float64Array, sorted, and equal runs counted. Memory while
 * building: 8 bytes per occurrence (about 1.6 MB for 50,000 orders of ~3 products), dropped once the graph is
 * built; the graph keeps only pairs that passed the threshold, at most maxPartnersPerProduct per product.
 * bench/recommendations.ts times a build from 50,000 orders (the figure belongs in docs/benchmarks.md).
 */

export interface CoPurchaseOptions {
  /** Distinct orders a pair must share before it counts (default MIN_CO_PURCHASE_ORDERS). */
  minOrders?: number;
  /** Orders with more distinct products are left out (default DEFAULT_MAX_PRODUCTS_PER_ORDER). */
  maxProductsPerOrder?: number;
  /** Partners kept per product, best first (default DEFAULT_MAX_PARTNERS_PER_PRODUCT). */
  maxPartnersPerProduct?: number;
}

/** The least evidence for a pair: bought together in three distinct orders (see above for why three). */
export const MIN_CO_PURCHASE_ORDERS = 3;

/** A basket a shopper fills by hand rarely holds more than 20 different products; bulk orders do. */
export const DEFAULT_MAX_PRODUCTS_PER_ORDER = 20;

/** Far more than an email shows, so the cart's own products and unavailable ones cannot run a list dry. */
export const DEFAULT_MAX_PARTNERS_PER_PRODUCT = 24;

export interface CoPurchasePartner {
  productId: string;
  /** Distinct orders holding both products. */
  orders: number;
  /** Cosine association, in (0, 1]. */
  score: number;
}

export interface CoPurchaseGraph {
  /** Orders that counted: those with at least one product and no more than maxProductsPerOrder. */
  readonly orderCount: number;
  /** Partners by score, then shared orders (most first), then product id; empty for an unknown product. */
  partnersOf(productId: string): readonly CoPurchasePartner[];
}

const NO_PARTNERS: readonly CoPurchasePartner[] = Object.freeze([]);

export const EMPTY_CO_PURCHASE_GRAPH: CoPurchaseGraph = Object.freeze({
  orderCount: 0,
  partnersOf: () => NO_PARTNERS,
});

/**
 * A pair of interned indices lo < hi is the key lo · 2^26 + hi: below 2^52, so exact, for up to 67 million
 * distinct products, far beyond any one shop's year of orders.
 */
const PAIR_KEY_BASE = 2 ** 26;

function positiveInteger(name: string, value: number, least: number): number {
  if (!Number.isInteger(value) || value < least) {
    throw new RangeError(`${name} must be a whole number of at least ${least}, not ${value}`);
  }
  return value;
}

/** The co-purchase graph of a list of orders, each given as the product ids of its lines. */
export function buildCoPurchaseGraph(
  orders: Iterable<readonly string[]>,
  options: CoPurchaseOptions = {},
): CoPurchaseGraph {
  const minOrders = positiveInteger("minOrders", options.minOrders ?? MIN_CO_PURCHASE_ORDERS, 1);
  const maxProducts = positiveInteger(
    "maxProductsPerOrder",
    options.maxProductsPerOrder ?? DEFAULT_MAX_PRODUCTS_PER_ORDER,
    2,
  );
  const maxPartners = positiveInteger(
    "maxPartnersPerProduct",
    options.maxPartnersPerProduct ?? DEFAULT_MAX_PARTNERS_PER_PRODUCT,
    0,
  );

  const indexOf = new Map<string, number>();
  const ids: string[] = [];
  /** Orders holding each product, by interned index. */
  const productOrders: number[] = [];
  let orderCount = 0;
  const slots: number[] = [];
  // One packed key per pair per order, counted after a sort: faster than counting in a Map, and 8 bytes per
  // pair and order rather than a Map entry per distinct pair (in real orders most pairs are seen once). At
  // most (maxProducts choose 2) keys an order.
  let pairKeys = new Float64Array(1024);
  let pairCount = 0;

  for (const order of orders) {
    slots.length = 0;
    for (const productId of order) {
      let slot = indexOf.get(productId);
      if (slot === undefined) {
        slot = ids.length;
        if (slot >= PAIR_KEY_BASE) throw new RangeError("too many distinct products for a co-purchase graph");
        indexOf.set(productId, slot);
        ids.push(productId);
        productOrders.push(0);
      }
      slots.push(slot);
    }
    slots.sort((a, b) => a - b);
    let distinct = 0;
    for (const slot of slots) if (distinct === 0 || slots[distinct - 1] !== slot) slots[distinct++] = slot;
    slots.length = distinct;
    if (distinct === 0 || distinct > maxProducts) continue;

    orderCount++;
    for (const slot of slots) productOrders[slot]!++;
    const pairs = (distinct * (distinct - 1)) / 2;
    if (pairCount + pairs > pairKeys.length) {
      const grown = new Float64Array(Math.max(pairKeys.length * 2, pairCount + pairs));
      grown.set(pairKeys.subarray(0, pairCount));
      pairKeys = grown;
    }
    for (let i = 0; i < distinct - 1; i++) {
      const base = slots[i]! * PAIR_KEY_BASE;
      for (let j = i + 1; j < distinct; j++) pairKeys[pairCount++] = base + slots[j]!;
    }
  }

  const partners = new Map<string, CoPurchasePartner[]>();
  const addPartner = (slot: number, partner: CoPurchasePartner) => {
    const id = ids[slot]!;
    const list = partners.get(id);
    if (list) list.push(partner);
    else partners.set(id, [partner]);
  };
  const sortedKeys = pairKeys.subarray(0, pairCount).sort();
  for (let at = 0; at < pairCount && maxPartners > 0;) {
    const key = sortedKeys[at]!;
    let end = at + 1;
    while (end < pairCount && sortedKeys[end] === key) end++;
    const together = end - at;
    at = end;
    if (together < minOrders) continue;
    const hi = key % PAIR_KEY_BASE;
    const lo = (key - hi) / PAIR_KEY_BASE;
    const score = together / Math.sqrt(productOrders[lo]! * productOrders[hi]!);
    addPartner(lo, { productId: ids[hi]!, orders: together, score });
    addPartner(hi, { productId: ids[lo]!, orders: together, score });
  }

  const ranked = new Map<string, readonly CoPurchasePartner[]>();
  for (const [productId, list] of partners) {
    list.sort(
      (a, b) => b.score - a.score || b.orders - a.orders || compareProductIds(a.productId, b.productId),
    );
    if (list.length > maxPartners) list.length = maxPartners;
    ranked.set(productId, Object.freeze(list.map((partner) => Object.freeze(partner))));
  }

  return Object.freeze({
    orderCount,
    partnersOf: (productId: string) => ranked.get(productId) ?? NO_PARTNERS,
  });
}
