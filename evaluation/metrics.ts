import type { EvaluationCatalog, EvaluationProduct } from "./catalog-format";

/**
 * The evaluation's carts and measures, pure so they are tested on hand-made catalogs (metrics.test.ts).
 * evaluate.ts runs every recommender on the same carts and prints what is measured here.
 */

/** A recommender under evaluation: the product ids it recommends for a cart, best first, with why. */
export type Recommender = (cartIds: string[]) => Array<{ id: string; reason: string }>;

export type RecommenderFactory = (catalog: EvaluationCatalog, trainingOrders: string[][]) => Recommender;

export type CartKind = "single-type" | "mixed" | "basket";
export const CART_KINDS: readonly CartKind[] = ["single-type", "mixed", "basket"];

export interface EvaluationCart {
  kind: CartKind;
  productIds: string[];
  /** Basket carts: the order's product left out of the cart, which a good recommender would suggest. */
  heldOut: string[];
}

/** mulberry32: a small deterministic PRNG, uniform in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * What kind of product this is, as the metrics compare it: the product type, else the last segment of the
 * category path; lowercased with spaces collapsed ("T-Shirts " and "t-shirts" are one type). Null without
 * either.
 */
export function typeLabelOf(product: EvaluationProduct): string | null {
  const normalize = (value: string | null | undefined) => {
    const label = (value ?? "").trim().replace(/\s+/g, " ").toLowerCase();
    return label === "" ? null : label;
  };
  return normalize(product.productType) ?? normalize(product.category?.split(">").at(-1));
}

export function isSellable(product: EvaluationProduct): boolean {
  return product.status === "ACTIVE" && product.availableForSale;
}

/** A 32-bit integer hash (lowbias32), so the split depends on the order's position only. */
function hashIndex(index: number): number {
  let x = index >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Orders split 80/20 by a hash of their position: recommenders learn (best sellers, co-purchases) from
 * `training` only, basket carts come from `test`.
 */
export function splitOrders(orders: readonly string[][]): { training: string[][]; test: string[][] } {
  const training: string[][] = [];
  const test: string[][] = [];
  orders.forEach((order, index) => (hashIndex(index) % 5 === 0 ? test : training).push(order));
  return { training, test };
}

export interface CartCounts {
  singleType: number;
  mixed: number;
  basket: number;
}

/**
 * Carts built from ACTIVE, available products with a type label:
 * - single-type: 1-3 products of one label (the first drawn at random, so common types come up more often);
 * - mixed: 2-3 products of 2-3 different labels (as many labels as the catalog has, at most the size drawn);
 * - basket (from test orders with 2+ distinct known products): the order less one product drawn at random,
 *   which is held out.
 * A catalog with fewer products or labels than a kind needs gets fewer carts of that kind.
 */
export function buildCarts(
  catalog: EvaluationCatalog,
  testOrders: readonly string[][],
  { seed, counts }: { seed: number; counts: CartCounts },
): EvaluationCart[] {
  const random = createRandom(seed);
  const carts: EvaluationCart[] = [];
  const byLabel = new Map<string, string[]>();
  const eligible: Array<{ id: string; label: string }> = [];
  for (const product of catalog.products) {
    const label = typeLabelOf(product);
    if (label === null || !isSellable(product)) continue;
    eligible.push({ id: product.id, label });
    const ids = byLabel.get(label);
    if (ids) ids.push(product.id);
    else byLabel.set(label, [product.id]);
  }

  if (eligible.length > 0) {
    for (let made = 0; made < counts.singleType; made++) {
      const first = pick(eligible, random);
      const sameType = byLabel.get(first.label) as string[];
      const size = Math.min(1 + Math.floor(random() * 3), sameType.length);
      const ids = new Set([first.id]);
      while (ids.size < size) ids.add(pick(sameType, random));
      carts.push({ kind: "single-type", productIds: [...ids], heldOut: [] });
    }
  }

  const labels = [...byLabel.keys()];
  if (labels.length >= 2) {
    for (let made = 0; made < counts.mixed; made++) {
      const size = Math.min(2 + Math.floor(random() * 2), labels.length);
      const first = pick(eligible, random);
      const cartLabels = new Set([first.label]);
      const ids = [first.id];
      while (ids.length < size) {
        // Another product of a label not yet in the cart: a random product would mostly repeat the big types.
        const others = labels.filter((label) => !cartLabels.has(label));
        const label = pick(others, random);
        cartLabels.add(label);
        ids.push(pick(byLabel.get(label) as string[], random));
      }
      carts.push({ kind: "mixed", productIds: ids, heldOut: [] });
    }
  }

  const known = new Set(catalog.products.map((product) => product.id));
  const baskets = testOrders
    .map((order) => [...new Set(order)].filter((id) => known.has(id)))
    .filter((order) => order.length >= 2);
  // A partial Fisher-Yates shuffle draws the baskets without repeats.
  for (let made = 0; made < Math.min(counts.basket, baskets.length); made++) {
    const at = made + Math.floor(random() * (baskets.length - made));
    const order = baskets[at] as string[];
    baskets[at] = baskets[made] as string[];
    const heldOut = pick(order, random);
    carts.push({ kind: "basket", productIds: order.filter((id) => id !== heldOut), heldOut: [heldOut] });
  }
  return carts;
}

export interface CartRun {
  cart: EvaluationCart;
  recommendations: Array<{ id: string; reason: string }>;
  milliseconds: number;
}

/** Runs the recommender on every cart; `now` is the clock in milliseconds (performance.now in evaluate.ts). */
export function runRecommender(
  recommender: Recommender,
  carts: readonly EvaluationCart[],
  now: () => number,
): CartRun[] {
  return carts.map((cart) => {
    const started = now();
    const recommendations = recommender([...cart.productIds]);
    return { cart, recommendations, milliseconds: now() - started };
  });
}

/** hits out of total; the measure is n/a when total is 0. */
export interface Ratio {
  hits: number;
  total: number;
}

export function ratioValue(ratio: Ratio): number | null {
  return ratio.total === 0 ? null : ratio.hits / ratio.total;
}

export interface RecommenderMetrics {
  carts: Record<CartKind, number>;
  recommendations: number;
  /** Recommendations whose type label is a cart item's, over recommendations to carts with a labelled item. */
  typePrecision: Record<CartKind, Ratio>;
  /**
   * The same over all kinds of carts, counting a right type only when it is not of a cart item's product line:
   * another size of the wardrobe in the cart is the right type, but not a second product to show.
   */
  typePrecisionOtherLines: Ratio;
  /** Recommendations sharing a tag with a cart item, over recommendations to carts whose items have tags. */
  tagPrecision: Ratio;
  /** Carts that got `limit` recommendations. */
  coverage: Ratio;
  /** Mixed carts: mean share of their type labels that got a recommendation of that label. */
  mixedTypesServed: number | null;
  /** Mixed carts in which every type label got one. */
  mixedAllTypesServed: Ratio;
  /**
   * Mixed carts' type labels that got a recommendation of that label, counting only labels the catalog can
   * serve: another sellable product has the label, outside the cart and outside its items' product lines.
   * Summed over carts (not a mean of shares), so a cart of two servable labels weighs twice one of one.
   */
  mixedServableTypesServed: Ratio;
  /** Carts whose recommendations hold two products of one product line; and how many such pairs. */
  lineDuplicateCarts: Ratio;
  lineDuplicatePairs: number;
  /** Recommendations of the same product line as a cart item (another size or colour of it). */
  sameLineAsCart: Ratio;
  /** Recommendations that cannot be bought: draft, archived, unavailable, unknown, or already in the cart. */
  notSellable: Ratio;
  /** Carts whose items have cross-sells: those with a recommendation among them; and per recommendation. */
  crossSellCarts: Ratio;
  crossSellRecommendations: Ratio;
  /** Basket carts with the held-out product among the recommendations (hit@limit). */
  basketHits: Ratio;
  /** Recommendations by the reason the recommender gave. */
  reasons: Record<string, number>;
  milliseconds: { p50: number; p99: number };
}

/** Nearest-rank percentile (p in 0..100) of values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] as number;
}

const lowerCaseTags = (product: EvaluationProduct | undefined) =>
  (product?.tags ?? []).map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== "");

export function measureRecommendations(
  catalog: EvaluationCatalog,
  runs: readonly CartRun[],
  limit = 3,
): RecommenderMetrics {
  const productById = new Map(catalog.products.map((product) => [product.id, product]));
  const ratio = (): Ratio => ({ hits: 0, total: 0 });
  const metrics: RecommenderMetrics = {
    carts: { "single-type": 0, mixed: 0, basket: 0 },
    recommendations: 0,
    typePrecision: { "single-type": ratio(), mixed: ratio(), basket: ratio() },
    typePrecisionOtherLines: ratio(),
    tagPrecision: ratio(),
    coverage: ratio(),
    mixedTypesServed: null,
    mixedAllTypesServed: ratio(),
    mixedServableTypesServed: ratio(),
    lineDuplicateCarts: ratio(),
    lineDuplicatePairs: 0,
    sameLineAsCart: ratio(),
    notSellable: ratio(),
    crossSellCarts: ratio(),
    crossSellRecommendations: ratio(),
    basketHits: ratio(),
    reasons: {},
    milliseconds: { p50: 0, p99: 0 },
  };
  let mixedServedSum = 0;
  const sellableByLabel = new Map<string, EvaluationProduct[]>();
  for (const product of catalog.products) {
    const label = typeLabelOf(product);
    if (label === null || !isSellable(product)) continue;
    const products = sellableByLabel.get(label);
    if (products) products.push(product);
    else sellableByLabel.set(label, [product]);
  }

  for (const { cart, recommendations } of runs) {
    const items = cart.productIds.map((id) => productById.get(id));
    const recommended = recommendations.map(({ id }) => productById.get(id));
    const count = recommendations.length;
    metrics.carts[cart.kind]++;
    metrics.recommendations += count;
    for (const { reason } of recommendations) metrics.reasons[reason] = (metrics.reasons[reason] ?? 0) + 1;
    metrics.coverage.total++;
    if (count >= limit) metrics.coverage.hits++;

    const cartIds = new Set(cart.productIds);
    metrics.notSellable.total += count;
    recommendations.forEach(({ id }, at) => {
      const product = recommended[at];
      if (!product || !isSellable(product) || cartIds.has(id)) metrics.notSellable.hits++;
    });

    const cartLabels = new Set(items.map((item) => (item ? typeLabelOf(item) : null)));
    cartLabels.delete(null);
    const recommendedLabels = recommended.map((product) => (product ? typeLabelOf(product) : null));
    const recommendedLines = recommended.map((product) => product?.lineKey ?? null);
    const cartLines = new Set(items.map((item) => item?.lineKey ?? null));
    cartLines.delete(null);
    if (cartLabels.size > 0) {
      const isRightType = recommendedLabels.map((label) => label !== null && cartLabels.has(label));
      const precision = metrics.typePrecision[cart.kind];
      precision.total += count;
      precision.hits += isRightType.filter(Boolean).length;
      metrics.typePrecisionOtherLines.total += count;
      metrics.typePrecisionOtherLines.hits += isRightType.filter((isRight, at) => {
        const line = recommendedLines[at] ?? null;
        return isRight && (line === null || !cartLines.has(line));
      }).length;
    }
    if (cart.kind === "mixed" && cartLabels.size > 0) {
      const served = [...cartLabels].filter((label) => recommendedLabels.includes(label)).length;
      mixedServedSum += served / cartLabels.size;
      metrics.mixedAllTypesServed.total++;
      if (served === cartLabels.size) metrics.mixedAllTypesServed.hits++;
      // An item without a lineKey is a line of its own, which "not in the cart" already leaves out.
      const servable = [...cartLabels].filter(
        (label): label is string =>
          label !== null &&
          (sellableByLabel.get(label) ?? []).some(
            (other) => !cartIds.has(other.id) && (other.lineKey === null || !cartLines.has(other.lineKey)),
          ),
      );
      metrics.mixedServableTypesServed.total += servable.length;
      metrics.mixedServableTypesServed.hits += servable.filter((label) =>
        recommendedLabels.includes(label),
      ).length;
    }

    const cartTags = new Set(items.flatMap(lowerCaseTags));
    if (cartTags.size > 0) {
      metrics.tagPrecision.total += count;
      for (const product of recommended) {
        if (lowerCaseTags(product).some((tag) => cartTags.has(tag))) metrics.tagPrecision.hits++;
      }
    }

    const lineCounts = new Map<string, number>();
    for (const key of recommendedLines) {
      if (key !== null) lineCounts.set(key, (lineCounts.get(key) ?? 0) + 1);
    }
    let pairs = 0;
    for (const times of lineCounts.values()) pairs += (times * (times - 1)) / 2;
    metrics.lineDuplicateCarts.total++;
    if (pairs > 0) metrics.lineDuplicateCarts.hits++;
    metrics.lineDuplicatePairs += pairs;
    if (cartLines.size > 0) {
      metrics.sameLineAsCart.total += count;
      metrics.sameLineAsCart.hits += recommendedLines.filter(
        (key) => key !== null && cartLines.has(key),
      ).length;
    }

    const crossSells = new Set(items.flatMap((item) => item?.crossSells ?? []));
    for (const id of cartIds) crossSells.delete(id);
    if (crossSells.size > 0) {
      const hits = recommendations.filter(({ id }) => crossSells.has(id)).length;
      metrics.crossSellCarts.total++;
      if (hits > 0) metrics.crossSellCarts.hits++;
      metrics.crossSellRecommendations.total += count;
      metrics.crossSellRecommendations.hits += hits;
    }

    if (cart.kind === "basket" && cart.heldOut.length > 0) {
      metrics.basketHits.total++;
      if (recommendations.some(({ id }) => cart.heldOut.includes(id))) metrics.basketHits.hits++;
    }
  }

  if (metrics.mixedAllTypesServed.total > 0) {
    metrics.mixedTypesServed = mixedServedSum / metrics.mixedAllTypesServed.total;
  }
  const times = runs.map((run) => run.milliseconds);
  metrics.milliseconds = { p50: percentile(times, 50), p99: percentile(times, 99) };
  return metrics;
}
