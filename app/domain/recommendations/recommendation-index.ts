import { productLineKey } from "./product-line";
import { compareProductIds } from "./top-k";
import {
  DEFAULT_FIELD_WEIGHTS,
  MAX_DESCRIPTION_TOKENS,
  productCategoryKey,
  productTypeKey,
  weighProductTerms,
  type FieldWeights,
  type IndexableProduct,
} from "./product-terms";

/**
 * A shop's TF-IDF index, built for queries of a few products against the whole catalog.
 *
 * Layout. Every product gets an integer slot and every term an integer id. Each product's vector (term ids in
 * ascending order with their weighted term frequencies) sits in one flat array per segment (CSR), and so does
 * the inverted index: for each term, the slots containing it with their final weight tf·idf/‖v‖, so a query
 * touches only products that share a term with the cart and needs no norm at query time.
 *
 * Incremental updates (`updateIndex`). The index is two segments: a large `base` built in one go, and a small
 * `delta` holding products added or changed since. A change tombstones the product's base slot (a bitmap)
 * and puts its new version in the delta, which is rebuilt from its products' stored vectors on each update:
 * cost proportional to the delta, not to the catalog. IDF of the base's terms is frozen at the base's build;
 * terms first seen in the delta get an IDF from the current product count and their delta frequency. That
 * drift is bounded: when tombstones plus delta products exceed `compactionRatio` of the live products (20% by
 * default), the update rebuilds both segments into one base from the stored vectors (no tokenising), with
 * exact IDF and a vocabulary stripped of terms no live product uses.
 *
 * Index objects are never mutated (except their query scratch buffers), so a query running against an older
 * version stays correct while a newer one is built. Within one base generation the vocabulary is shared and
 * only grows: an older version never looks up a term it did not know.
 */

export interface IndexSettings {
  fieldWeights: Readonly<FieldWeights>;
  maxDescriptionTokens: number;
  /** Delta products plus tombstones, as a share of live products, beyond which an update compacts. */
  compactionRatio: number;
}

export const DEFAULT_INDEX_SETTINGS: Readonly<IndexSettings> = {
  fieldWeights: DEFAULT_FIELD_WEIGHTS,
  maxDescriptionTokens: MAX_DESCRIPTION_TOKENS,
  compactionRatio: 0.2,
};

/** What a recommendation shows and what the exclusions need, kept per product. */
export interface IndexedProduct {
  productId: string;
  handle: string;
  title: string;
  imageUrl: string | null;
  priceMinMinor: number;
  currency: string;
  productType: string | null;
  /** Normalised product type (type-aware ranking), null without one. */
  typeKey: string | null;
  /** Normalised standard category full name, null without one: stands in for the type when it is empty. */
  categoryKey: string | null;
  /** Products of one line (sizes, colours) share it: an email shows one of them (see product-line.ts). */
  lineKey: string;
  /** The merchant's own links from Search & Discovery, in the merchant's order. */
  complementaryProductIds: readonly string[];
  relatedProductIds: readonly string[];
  /** ACTIVE and available for sale: only these are ever recommended. */
  isRecommendable: boolean;
}

interface Vocabulary {
  ids: Map<string, number>;
  tokens: string[];
}

interface ProductVector {
  product: IndexedProduct;
  /** Ascending term ids. */
  terms: Int32Array;
  /** Weighted term frequency of each term (before IDF). */
  tfs: Float32Array;
}

export interface Segment {
  /** Global slot of this segment's first product. */
  firstSlot: number;
  products: IndexedProduct[];
  /** Forward vectors: product i's terms are terms[vectorStart[i]..vectorStart[i + 1]). */
  vectorStart: Int32Array;
  terms: Int32Array;
  tfs: Float32Array;
  /** ‖tf·idf‖ of each product, with the IDF its postings were weighted with. */
  norms: Float32Array;
  /** Postings cover term ids below termCount: term t's are postingSlots[postingStart[t]..postingStart[t + 1]). */
  termCount: number;
  postingStart: Int32Array;
  postingSlots: Int32Array;
  postingWeights: Float32Array;
  /** Global slots; the groups are in product id order. */
  slotByProductId: Map<string, number>;
  slotsByType: Map<string, number[]>;
  slotsByCategory: Map<string, number[]>;
}

export interface RecommendationIndex {
  readonly settings: Readonly<IndexSettings>;
  readonly vocabulary: Vocabulary;
  /** IDF by term id, for every term known to this version. */
  readonly idf: Float32Array;
  readonly base: Segment;
  /** 1 for live base slots, 0 for deleted or superseded ones. */
  readonly baseAlive: Uint8Array;
  readonly baseDeadCount: number;
  readonly delta: Segment;
  /** 1 for each slot that may be recommended: live, ACTIVE and available for sale. */
  readonly recommendable: Uint8Array;
  /**
   * Each slot's type, standard category and product line as interned numbers (-1: none), so that ranking
   * compares numbers, not strings, for the thousands of products a query touches.
   */
  readonly kinds: SlotKinds;
  /** Products in the index (live ones; tombstones excluded). */
  readonly size: number;
  /** Query buffers sized to this version's slots, made on first use (see recommend). */
  readonly scratch: QueryScratch;
}

export interface SlotKinds {
  /** Interned keys ("t:" type, "c:" category, "l:" line). Shared by the versions of one base, and only grows. */
  ids: Map<string, number>;
  typeIds: Int32Array;
  categoryIds: Int32Array;
  lineIds: Int32Array;
}

function internKey(ids: Map<string, number>, key: string | null): number {
  if (key === null) return -1;
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size;
    ids.set(key, id);
  }
  return id;
}

/** The kinds of `products` written at `offset` (slots of one segment). */
function writeKinds(kinds: SlotKinds, products: readonly IndexedProduct[], offset: number) {
  products.forEach((product, local) => {
    kinds.typeIds[offset + local] = internKey(
      kinds.ids,
      product.typeKey === null ? null : `t:${product.typeKey}`,
    );
    kinds.categoryIds[offset + local] = internKey(
      kinds.ids,
      product.categoryKey === null ? null : `c:${product.categoryKey}`,
    );
    kinds.lineIds[offset + local] = internKey(kinds.ids, `l:${product.lineKey}`);
  });
}

function createKinds(ids: Map<string, number>, slots: number): SlotKinds {
  return {
    ids,
    typeIds: new Int32Array(slots),
    categoryIds: new Int32Array(slots),
    lineIds: new Int32Array(slots),
  };
}

export interface QueryScratch {
  scores: Float64Array | null;
  touched: Int32Array | null;
  tagged: Uint8Array | null;
}

export interface IndexChanges {
  /** New products and new versions of known ones. */
  upserted?: readonly IndexableProduct[];
  deletedProductIds?: readonly string[];
}

/** Smoothed IDF (as scikit-learn's): never zero, so a term in every product still counts a little. */
function inverseDocumentFrequency(productCount: number, documentFrequency: number): number {
  return Math.log((1 + productCount) / (1 + documentFrequency)) + 1;
}

function toIndexedProduct(product: IndexableProduct): IndexedProduct {
  return {
    productId: product.productId,
    handle: product.handle,
    title: product.title,
    imageUrl: product.imageUrl,
    priceMinMinor: product.priceMinMinor,
    currency: product.currency,
    productType: product.productType,
    typeKey: productTypeKey(product.productType),
    categoryKey: productCategoryKey(product.category),
    lineKey: productLineKey(product.title, product.vendor),
    complementaryProductIds: product.complementaryProductIds,
    relatedProductIds: product.relatedProductIds,
    isRecommendable: product.status === "ACTIVE" && product.availableForSale,
  };
}

function vectorize(
  product: IndexableProduct,
  vocabulary: Vocabulary,
  settings: IndexSettings,
): ProductVector {
  const weighted = weighProductTerms(product, settings.fieldWeights, settings.maxDescriptionTokens);
  // Sorted by term id with one numeric typed-array sort of (id, position) packed in a double: a product has
  // far fewer than 2^16 terms, and ids stay far below 2^36.
  const keys = new Float64Array(weighted.size);
  const unsorted = new Float32Array(weighted.size);
  let position = 0;
  for (const [token, tf] of weighted) {
    let id = vocabulary.ids.get(token);
    if (id === undefined) {
      id = vocabulary.tokens.length;
      vocabulary.ids.set(token, id);
      vocabulary.tokens.push(token);
    }
    keys[position] = id * 65_536 + position;
    unsorted[position++] = tf;
  }
  keys.sort();
  const terms = new Int32Array(keys.length);
  const tfs = new Float32Array(keys.length);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as number;
    terms[index] = Math.floor(key / 65_536);
    tfs[index] = unsorted[key % 65_536] as number;
  }
  return { product: toIndexedProduct(product), terms, tfs };
}

/** Both CSR layouts for a run of products whose slots start at firstSlot. */
function assembleSegment(
  firstSlot: number,
  vectors: readonly ProductVector[],
  termCount: number,
  idf: Float32Array,
): Segment {
  const count = vectors.length;
  let nonZeros = 0;
  for (const vector of vectors) nonZeros += vector.terms.length;
  const vectorStart = new Int32Array(count + 1);
  const terms = new Int32Array(nonZeros);
  const tfs = new Float32Array(nonZeros);
  const norms = new Float32Array(count);
  const postingStart = new Int32Array(termCount + 1);
  let offset = 0;
  for (let local = 0; local < count; local++) {
    const vector = vectors[local] as ProductVector;
    vectorStart[local] = offset;
    terms.set(vector.terms, offset);
    tfs.set(vector.tfs, offset);
    let squares = 0;
    for (let index = 0; index < vector.terms.length; index++) {
      const term = vector.terms[index] as number;
      const weight = (vector.tfs[index] as number) * (idf[term] as number);
      squares += weight * weight;
      postingStart[term + 1]!++;
    }
    norms[local] = Math.sqrt(squares);
    offset += vector.terms.length;
  }
  vectorStart[count] = offset;
  for (let term = 0; term < termCount; term++) postingStart[term + 1]! += postingStart[term] as number;

  // Products are visited in slot order, so every term's postings come out sorted by slot.
  const cursor = postingStart.slice(0, termCount);
  const postingSlots = new Int32Array(nonZeros);
  const postingWeights = new Float32Array(nonZeros);
  const slotByProductId = new Map<string, number>();
  const slotsByType = new Map<string, number[]>();
  const slotsByCategory = new Map<string, number[]>();
  const group = (groups: Map<string, number[]>, key: string | null, slot: number) => {
    if (key === null) return;
    const slots = groups.get(key);
    if (slots) slots.push(slot);
    else groups.set(key, [slot]);
  };
  for (let local = 0; local < count; local++) {
    const slot = firstSlot + local;
    const { product } = vectors[local] as ProductVector;
    slotByProductId.set(product.productId, slot);
    group(slotsByType, product.typeKey, slot);
    group(slotsByCategory, product.categoryKey, slot);
    const norm = norms[local] as number;
    if (norm === 0) continue;
    for (let index = vectorStart[local] as number; index < (vectorStart[local + 1] as number); index++) {
      const term = terms[index] as number;
      const position = cursor[term]!++;
      const weight = ((tfs[index] as number) * (idf[term] as number)) / norm;
      postingSlots[position] = slot;
      postingWeights[position] = weight;
    }
  }
  // By product id, so a query reading a group can stop once it has enough (its untouched members tie).
  const byProductId = (a: number, b: number) =>
    compareProductIds(
      (vectors[a - firstSlot] as ProductVector).product.productId,
      (vectors[b - firstSlot] as ProductVector).product.productId,
    );
  for (const slots of slotsByType.values()) slots.sort(byProductId);
  for (const slots of slotsByCategory.values()) slots.sort(byProductId);
  return {
    firstSlot,
    products: vectors.map((vector) => vector.product),
    vectorStart,
    terms,
    tfs,
    norms,
    termCount,
    postingStart,
    postingSlots,
    postingWeights,
    slotByProductId,
    slotsByType,
    slotsByCategory,
  };
}

/** One base segment with exact IDF over `vectors`, and an empty delta. */
function assembleIndex(
  vectors: readonly ProductVector[],
  vocabulary: Vocabulary,
  settings: Readonly<IndexSettings>,
): RecommendationIndex {
  const termCount = vocabulary.tokens.length;
  const documentFrequency = new Int32Array(termCount);
  for (const vector of vectors) for (const term of vector.terms) documentFrequency[term]!++;
  const idf = new Float32Array(termCount);
  for (let term = 0; term < termCount; term++) {
    idf[term] = inverseDocumentFrequency(vectors.length, documentFrequency[term] as number);
  }
  const base = assembleSegment(0, vectors, termCount, idf);
  const kinds = createKinds(new Map(), vectors.length);
  writeKinds(kinds, base.products, 0);
  return {
    settings,
    vocabulary,
    idf,
    base,
    baseAlive: new Uint8Array(vectors.length).fill(1),
    baseDeadCount: 0,
    delta: assembleSegment(vectors.length, [], 0, idf),
    recommendable: Uint8Array.from(base.products, (product) => (product.isRecommendable ? 1 : 0)),
    kinds,
    size: vectors.length,
    scratch: { scores: null, touched: null, tagged: null },
  };
}

export interface IndexBuilder {
  /** Tokenises products now, so a caller can add a page at a time and let other work run in between. */
  add(products: Iterable<IndexableProduct>): void;
  readonly size: number;
  finish(): RecommendationIndex;
}

/** Builds an index page by page. A product id added twice keeps its last version. */
export function createIndexBuilder(settings: Partial<IndexSettings> = {}): IndexBuilder {
  const resolved = { ...DEFAULT_INDEX_SETTINGS, ...settings };
  const vocabulary: Vocabulary = { ids: new Map(), tokens: [] };
  const vectors = new Map<string, ProductVector>();
  return {
    add(products) {
      for (const product of products) {
        vectors.delete(product.productId);
        vectors.set(product.productId, vectorize(product, vocabulary, resolved));
      }
    },
    get size() {
      return vectors.size;
    },
    finish: () => assembleIndex([...vectors.values()], vocabulary, resolved),
  };
}

/** Builds a shop's index from its whole catalog. A product id given twice keeps its last version. */
export function buildIndex(
  products: Iterable<IndexableProduct>,
  settings: Partial<IndexSettings> = {},
): RecommendationIndex {
  const builder = createIndexBuilder(settings);
  builder.add(products);
  return builder.finish();
}

function vectorAt(segment: Segment, local: number): ProductVector {
  const start = segment.vectorStart[local] as number;
  const end = segment.vectorStart[local + 1] as number;
  return {
    product: segment.products[local] as IndexedProduct,
    terms: segment.terms.subarray(start, end),
    tfs: segment.tfs.subarray(start, end),
  };
}

/** Everything live in one base with exact IDF, term ids renumbered over the terms still in use. */
function compact(
  index: RecommendationIndex,
  baseAlive: Uint8Array,
  deltaVectors: readonly ProductVector[],
): RecommendationIndex {
  const live: ProductVector[] = [];
  for (let slot = 0; slot < index.base.products.length; slot++) {
    if (baseAlive[slot] === 1) live.push(vectorAt(index.base, slot));
  }
  live.push(...deltaVectors);
  const oldTokens = index.vocabulary.tokens;
  const isUsed = new Uint8Array(oldTokens.length);
  for (const vector of live) for (const term of vector.terms) isUsed[term] = 1;
  // Ids are renumbered in their old order, so every product's term ids stay ascending.
  const renumbered = new Int32Array(oldTokens.length);
  const vocabulary: Vocabulary = { ids: new Map(), tokens: [] };
  for (let term = 0; term < oldTokens.length; term++) {
    if (isUsed[term] === 0) continue;
    renumbered[term] = vocabulary.tokens.length;
    vocabulary.ids.set(oldTokens[term] as string, vocabulary.tokens.length);
    vocabulary.tokens.push(oldTokens[term] as string);
  }
  const vectors = live.map((vector) => ({
    product: vector.product,
    terms: vector.terms.map((term) => renumbered[term] as number),
    tfs: vector.tfs,
  }));
  return assembleIndex(vectors, vocabulary, index.settings);
}

/**
 * A new version of the index with some products added, changed or deleted; `index` stays usable. Only the
 * changed products are tokenised. See the top of this file for how IDF drifts and when it compacts.
 */
export function updateIndex(index: RecommendationIndex, changes: IndexChanges): RecommendationIndex {
  const upserted = new Map<string, IndexableProduct>();
  for (const product of changes.upserted ?? []) upserted.set(product.productId, product);
  const replaced = new Set([...upserted.keys(), ...(changes.deletedProductIds ?? [])]);
  if (replaced.size === 0) return index;

  const { base, delta, settings, vocabulary } = index;
  const baseAlive = index.baseAlive.slice();
  let baseDeadCount = index.baseDeadCount;
  for (const productId of replaced) {
    const slot = base.slotByProductId.get(productId);
    if (slot !== undefined && baseAlive[slot] === 1) {
      baseAlive[slot] = 0;
      baseDeadCount++;
    }
  }
  const deltaVectors: ProductVector[] = [];
  for (let local = 0; local < delta.products.length; local++) {
    if (!replaced.has((delta.products[local] as IndexedProduct).productId)) {
      deltaVectors.push(vectorAt(delta, local));
    }
  }
  for (const product of upserted.values()) deltaVectors.push(vectorize(product, vocabulary, settings));

  const size = base.products.length - baseDeadCount + deltaVectors.length;
  if (baseDeadCount + deltaVectors.length > settings.compactionRatio * Math.max(size, 1)) {
    return compact(index, baseAlive, deltaVectors);
  }

  // Base terms keep the IDF they were built with; terms born since get theirs from the delta alone, which is
  // exact for them: no base product can contain a term the base did not know.
  const termCount = vocabulary.tokens.length;
  const idf = new Float32Array(termCount);
  idf.set(index.idf.subarray(0, base.termCount));
  const documentFrequency = new Int32Array(termCount);
  for (const vector of deltaVectors) for (const term of vector.terms) documentFrequency[term]!++;
  for (let term = base.termCount; term < termCount; term++) {
    idf[term] = inverseDocumentFrequency(size, documentFrequency[term] as number);
  }
  const recommendable = new Uint8Array(base.products.length + deltaVectors.length);
  recommendable.set(index.recommendable.subarray(0, base.products.length));
  for (let slot = 0; slot < base.products.length; slot++) recommendable[slot]! &= baseAlive[slot] as number;
  deltaVectors.forEach((vector, local) => {
    recommendable[base.products.length + local] = vector.product.isRecommendable ? 1 : 0;
  });
  const kinds = createKinds(index.kinds.ids, base.products.length + deltaVectors.length);
  kinds.typeIds.set(index.kinds.typeIds.subarray(0, base.products.length));
  kinds.categoryIds.set(index.kinds.categoryIds.subarray(0, base.products.length));
  kinds.lineIds.set(index.kinds.lineIds.subarray(0, base.products.length));
  writeKinds(
    kinds,
    deltaVectors.map((vector) => vector.product),
    base.products.length,
  );
  return {
    settings,
    vocabulary,
    idf,
    base,
    baseAlive,
    baseDeadCount,
    delta: assembleSegment(base.products.length, deltaVectors, termCount, idf),
    recommendable,
    kinds,
    size,
    scratch: { scores: null, touched: null, tagged: null },
  };
}

/** Total slots, live or not: the size of a query's score buffer. */
export function slotCount(index: RecommendationIndex): number {
  return index.base.products.length + index.delta.products.length;
}

/** The live slot of a product, or undefined when the index does not have it. */
export function findSlot(index: RecommendationIndex, productId: string): number | undefined {
  const inDelta = index.delta.slotByProductId.get(productId);
  if (inDelta !== undefined) return inDelta;
  const inBase = index.base.slotByProductId.get(productId);
  return inBase !== undefined && index.baseAlive[inBase] === 1 ? inBase : undefined;
}

export function productAt(index: RecommendationIndex, slot: number): IndexedProduct {
  const { base, delta } = index;
  return (
    slot < base.products.length ? base.products[slot] : delta.products[slot - delta.firstSlot]
  ) as IndexedProduct;
}

/** A live product as indexed, or null. */
export function findIndexedProduct(index: RecommendationIndex, productId: string): IndexedProduct | null {
  const slot = findSlot(index, productId);
  return slot === undefined ? null : productAt(index, slot);
}

/** The product's unit tf-idf vector as a term -> weight map (tests and diagnostics; queries read the arrays). */
export function productVector(index: RecommendationIndex, productId: string): Map<string, number> {
  const vector = new Map<string, number>();
  const slot = findSlot(index, productId);
  if (slot === undefined) return vector;
  const segment = slot < index.base.products.length ? index.base : index.delta;
  const local = slot - segment.firstSlot;
  const norm = segment.norms[local] as number;
  if (norm === 0) return vector;
  for (let at = segment.vectorStart[local] as number; at < (segment.vectorStart[local + 1] as number); at++) {
    // Base terms' IDF is frozen in index.idf, so this is the weight the postings hold.
    const term = segment.terms[at] as number;
    const weight = ((segment.tfs[at] as number) * (index.idf[term] as number)) / norm;
    vector.set(index.vocabulary.tokens[term] as string, weight);
  }
  return vector;
}

export interface IndexStats {
  products: number;
  slots: number;
  deltaProducts: number;
  tombstones: number;
  terms: number;
  nonZeros: number;
  /** Bytes of the typed arrays (the bulk of the index; strings and maps come on top). */
  arrayBytes: number;
}

export function describeIndex(index: RecommendationIndex): IndexStats {
  const segmentBytes = (segment: Segment) =>
    segment.vectorStart.byteLength +
    segment.terms.byteLength +
    segment.tfs.byteLength +
    segment.norms.byteLength +
    segment.postingStart.byteLength +
    segment.postingSlots.byteLength +
    segment.postingWeights.byteLength;
  return {
    products: index.size,
    slots: slotCount(index),
    deltaProducts: index.delta.products.length,
    tombstones: index.baseDeadCount,
    terms: index.vocabulary.tokens.length,
    nonZeros: index.base.terms.length + index.delta.terms.length,
    arrayBytes:
      segmentBytes(index.base) +
      segmentBytes(index.delta) +
      index.idf.byteLength +
      index.baseAlive.byteLength,
  };
}
