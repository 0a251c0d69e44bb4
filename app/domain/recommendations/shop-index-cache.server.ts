import { prisma } from "~/db.server";
import { machineTime, startStopwatch } from "~/lib/clock.server";
import { logger } from "~/lib/logger.server";
import { parseStoredTags, type IndexableProduct } from "./product-terms";
import {
  createIndexBuilder,
  DEFAULT_INDEX_SETTINGS,
  describeIndex,
  updateIndex,
  type IndexStats,
  type RecommendationIndex,
} from "./recommendation-index";

/**
 * Each shop's recommendation index, built once per process and kept current with CatalogState.version, which
 * every catalog change moves in the same transaction as the change. Every request reads the version (one
 * primary-key lookup); only when it moved does anything else happen.
 *
 * Refresh. Products stamped (updatedAt) since the index last read the catalog, less UPDATE_MARGIN_MS, are read
 * as (productId, updatedAt) and compared with what the index holds; those that differ, and new ones, are
 * loaded and re-indexed through `updateIndex` (cost proportional to the change, see recommendation-index.ts).
 * The margin is there because Prisma stamps updatedAt in the writing process when it builds the statement: a
 * transaction that commits after the index read the catalog can carry an older stamp, and another server's
 * clock can run behind. Those stamps come from machines' clocks, so this uses `machineTime()` too (`now` only
 * decides when to refresh). Deletions leave no row to find, so the shop's product count is checked against the
 * index plus the new products; when it differs, or when the last full comparison is older than
 * RECONCILE_INTERVAL_MS, every product's (productId, updatedAt) is compared instead, which also catches a
 * change any window missed.
 *
 * When the change would take the index past its compaction ratio (a re-sync stamps every row), and on first
 * use, the index is built from scratch a page of products at a time, yielding to the event loop between pages
 * (better-sqlite3 answers synchronously, so awaiting a query alone would not let a webhook in), with one page
 * of raw rows in memory at most.
 *
 * Concurrent callers share one refresh. A version that moves again within MIN_REFRESH_INTERVAL_MS of the last
 * refresh is served from the current index until the interval has passed: during a bulk import the version
 * moves with every batch, and recommendations a few seconds stale are harmless, while refreshing for each
 * email would not be. A failed refresh keeps serving the previous index.
 */

export const MIN_REFRESH_INTERVAL_MS = 5_000;
/** A catalog version found current is trusted this long: a catalog change reaches emails within a second. */
export const VERSION_CHECK_INTERVAL_MS = 1_000;
/** An index nobody asked for in this long is dropped; the next request rebuilds it. */
const IDLE_EVICTION_MS = 30 * 60 * 1000;
/** Memory bound for a process serving many shops: the least recently used indexes go first. */
const MAX_CACHED_SHOPS = 50;
/**
 * Far above how long a write transaction stays open (Prisma's default timeout is 5 s) and how far NTP-synced
 * clocks drift apart; anything later still is caught by the hourly full comparison. Kept short because every
 * product stamped within it is compared again on each refresh (all of them, for a while after a full sync).
 */
const UPDATE_MARGIN_MS = 2 * 60 * 1000;
const RECONCILE_INTERVAL_MS = 60 * 60 * 1000;
const PAGE_SIZE = 1_000;
/** Bound on the ids in one `IN (…)` list (SQLite allows 32,766 parameters, PostgreSQL 65,535). */
const ID_CHUNK_SIZE = 500;

interface ShopIndexEntry {
  index: RecommendationIndex;
  version: number;
  /** updatedAt (ms) of each product as indexed. */
  updatedAtById: Map<string, number>;
  /** The newest of those, and when (real clock) the catalog was last read: changes since are looked for. */
  newestUpdatedAt: number;
  readAt: number;
  /** When every product's updatedAt was last compared with the index's. */
  reconciledAt: number;
  refreshedAt: number;
  /** When the catalog version was last read and found equal to the index's. */
  versionCheckedAt: number;
  lastUsedAt: number;
}

export interface ShopIndexStats extends IndexStats {
  version: number;
  fullBuilds: number;
  incrementalRefreshes: number;
}

const entries = new Map<string, ShopIndexEntry>();
const pending = new Map<string, Promise<ShopIndexEntry>>();
/** Builds and refreshes run per shop, kept apart from the entries so that duplicated work would show. */
const counters = new Map<string, { fullBuilds: number; incrementalRefreshes: number }>();
// Bumped by clear(): a refresh started before it must not put its result back.
let generation = 0;
(globalThis.cartbackCaches ??= new Set()).add({
  clear() {
    entries.clear();
    pending.clear();
    counters.clear();
    generation++;
  },
});

const PRODUCT_SELECT = {
  productId: true,
  handle: true,
  title: true,
  description: true,
  productType: true,
  category: true,
  vendor: true,
  tags: true,
  complementaryProductIds: true,
  relatedProductIds: true,
  status: true,
  availableForSale: true,
  priceMinMinor: true,
  currency: true,
  imageUrl: true,
  updatedAt: true,
} as const;

/** The JSON columns as stored. */
type StoredJsonColumn = "tags" | "complementaryProductIds" | "relatedProductIds";
interface ProductRow extends Omit<IndexableProduct, StoredJsonColumn> {
  tags: string;
  complementaryProductIds: string;
  relatedProductIds: string;
  updatedAt: Date;
}

/** A stored JSON array of product id digits; anything else in it, or a column that is not one, reads as none. */
function parseStoredProductIds(json: string): string[] {
  return parseStoredTags(json).filter((id) => /^\d{1,30}$/.test(id));
}

const toIndexable = (row: ProductRow): IndexableProduct => ({
  ...row,
  tags: parseStoredTags(row.tags),
  complementaryProductIds: parseStoredProductIds(row.complementaryProductIds),
  relatedProductIds: parseStoredProductIds(row.relatedProductIds),
});

async function readCatalogVersion(shop: string): Promise<number> {
  const state = await prisma.catalogState.findUnique({ where: { shop }, select: { version: true } });
  return state?.version ?? 0;
}

function countersOf(shop: string) {
  let shopCounters = counters.get(shop);
  if (!shopCounters) {
    shopCounters = { fullBuilds: 0, incrementalRefreshes: 0 };
    counters.set(shop, shopCounters);
  }
  return shopCounters;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function newestOf(updatedAtById: ReadonlyMap<string, number>): number {
  let newest = 0;
  for (const updatedAt of updatedAtById.values()) if (updatedAt > newest) newest = updatedAt;
  return newest;
}

async function buildShopIndex(shop: string, version: number, now: number): Promise<ShopIndexEntry> {
  countersOf(shop).fullBuilds++;
  const readAt = machineTime().getTime();
  const builder = createIndexBuilder();
  const updatedAtById = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const page: ProductRow[] = await prisma.product.findMany({
      where: { shop, ...(after === undefined ? {} : { productId: { gt: after } }) },
      select: PRODUCT_SELECT,
      orderBy: { productId: "asc" },
      take: PAGE_SIZE,
    });
    builder.add(page.map(toIndexable));
    for (const row of page) updatedAtById.set(row.productId, row.updatedAt.getTime());
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]?.productId;
    await yieldToEventLoop();
  }
  return {
    index: builder.finish(),
    version,
    updatedAtById,
    newestUpdatedAt: newestOf(updatedAtById),
    readAt,
    reconciledAt: now,
    refreshedAt: now,
    versionCheckedAt: now,
    lastUsedAt: now,
  };
}

interface CatalogChanges {
  changedIds: string[];
  deletedIds: string[];
  isReconciled: boolean;
  readAt: number;
}

/** Which products changed or went since `previous` was built (see the top of this file). */
async function findCatalogChanges(
  shop: string,
  previous: ShopIndexEntry,
  now: number,
): Promise<CatalogChanges> {
  const known = previous.updatedAtById;
  const changedIn = (stamps: Array<{ productId: string; updatedAt: Date }>) =>
    stamps.filter(({ productId, updatedAt }) => known.get(productId) !== updatedAt.getTime());
  const select = { productId: true, updatedAt: true } as const;
  const readAt = machineTime().getTime();

  if (now - previous.reconciledAt < RECONCILE_INTERVAL_MS) {
    const since = Math.max(previous.readAt, previous.newestUpdatedAt) - UPDATE_MARGIN_MS;
    const recent = await prisma.product.findMany({
      where: { shop, updatedAt: { gte: new Date(since) } },
      select,
    });
    const count = await prisma.product.count({ where: { shop } });
    const added = recent.filter(({ productId }) => !known.has(productId)).length;
    if (count === known.size + added) {
      const changedIds = changedIn(recent).map(({ productId }) => productId);
      return { changedIds, deletedIds: [], isReconciled: false, readAt };
    }
  }
  const all = await prisma.product.findMany({ where: { shop }, select });
  const seen = new Set(all.map(({ productId }) => productId));
  return {
    changedIds: changedIn(all).map(({ productId }) => productId),
    deletedIds: [...known.keys()].filter((productId) => !seen.has(productId)),
    isReconciled: true,
    readAt,
  };
}

async function refreshShopIndex(
  shop: string,
  previous: ShopIndexEntry | undefined,
  version: number,
  now: number,
): Promise<ShopIndexEntry> {
  const log = logger.child({ shop, unit: "recommendation-index" });
  const stopwatch = startStopwatch();
  const elapsed = () => Math.round(stopwatch());
  if (!previous) {
    const built = await buildShopIndex(shop, version, now);
    log.info({ version, products: built.index.size, ms: elapsed() }, "index built");
    return built;
  }

  const { changedIds, deletedIds, isReconciled, readAt } = await findCatalogChanges(shop, previous, now);
  // Past the compaction ratio, updateIndex would rebuild everything in one go; a paged build does it without
  // holding the event loop.
  const { deltaProducts, tombstones, products } = describeIndex(previous.index);
  const pendingChange = deltaProducts + tombstones + 2 * changedIds.length + deletedIds.length;
  if (pendingChange > DEFAULT_INDEX_SETTINGS.compactionRatio * Math.max(products, 1)) {
    const built = await buildShopIndex(shop, version, now);
    log.info(
      { version, changed: changedIds.length, products: built.index.size, ms: elapsed() },
      "index rebuilt",
    );
    return built;
  }

  countersOf(shop).incrementalRefreshes++;
  const upserted: IndexableProduct[] = [];
  const updatedAtById = new Map(previous.updatedAtById);
  let newestUpdatedAt = previous.newestUpdatedAt;
  for (let start = 0; start < changedIds.length; start += ID_CHUNK_SIZE) {
    if (start > 0) await yieldToEventLoop();
    const rows: ProductRow[] = await prisma.product.findMany({
      where: { shop, productId: { in: changedIds.slice(start, start + ID_CHUNK_SIZE) } },
      select: PRODUCT_SELECT,
    });
    for (const row of rows) {
      upserted.push(toIndexable(row));
      updatedAtById.set(row.productId, row.updatedAt.getTime());
      newestUpdatedAt = Math.max(newestUpdatedAt, row.updatedAt.getTime());
    }
  }
  // A product can be deleted between finding it changed and loading its row.
  const loaded = new Set(upserted.map((product) => product.productId));
  const deletedProductIds = [...deletedIds, ...changedIds.filter((productId) => !loaded.has(productId))];
  for (const productId of deletedProductIds) updatedAtById.delete(productId);

  const index = updateIndex(previous.index, { upserted, deletedProductIds });
  log.info(
    {
      version,
      changed: upserted.length,
      deleted: deletedProductIds.length,
      products: index.size,
      ms: elapsed(),
    },
    "index updated",
  );
  return {
    index,
    version,
    updatedAtById,
    newestUpdatedAt,
    readAt,
    reconciledAt: isReconciled ? now : previous.reconciledAt,
    refreshedAt: now,
    versionCheckedAt: now,
    lastUsedAt: now,
  };
}

function evictIdle(now: number) {
  for (const [shop, entry] of entries) {
    if (now - entry.lastUsedAt > IDLE_EVICTION_MS && !pending.has(shop)) {
      entries.delete(shop);
      counters.delete(shop);
    }
  }
  if (entries.size <= MAX_CACHED_SHOPS) return;
  const leastRecent = [...entries].sort((a, b) => a[1].lastUsedAt - b[1].lastUsedAt);
  for (const [shop] of leastRecent.slice(0, entries.size - MAX_CACHED_SHOPS)) {
    entries.delete(shop);
    counters.delete(shop);
  }
}

/** The shop's current index, built or refreshed first when the catalog changed (see the top of this file). */
export async function getShopIndex(shop: string, { now }: { now: Date }) {
  const at = now.getTime();
  const inFlight = pending.get(shop);
  if (inFlight) return (await inFlight).index;
  const current = entries.get(shop);
  // Within these windows the index is served whatever the version says, so it is not read: a tick sending
  // hundreds of emails a second reads it once a second, not once an email.
  if (
    current &&
    (at - current.refreshedAt < MIN_REFRESH_INTERVAL_MS ||
      at - current.versionCheckedAt < VERSION_CHECK_INTERVAL_MS)
  ) {
    current.lastUsedAt = at;
    return current.index;
  }
  const version = await readCatalogVersion(shop);
  // Another caller may have started a refresh while this one read the version.
  const started = pending.get(shop);
  if (started) return (await started).index;

  const entry = entries.get(shop);
  if (entry && entry.version === version) {
    entry.lastUsedAt = at;
    entry.versionCheckedAt = at;
    return entry.index;
  }
  const startedIn = generation;
  const refresh = refreshShopIndex(shop, entry, version, at)
    .catch((error: unknown) => {
      if (!entry) throw error;
      logger.warn({ shop, err: error }, "recommendation index refresh failed; serving the previous one");
      return entry;
    })
    .then((next) => {
      if (generation === startedIn) {
        entries.set(shop, next);
        evictIdle(at);
      }
      return next;
    })
    .finally(() => {
      if (pending.get(shop) === refresh) pending.delete(shop);
    });
  pending.set(shop, refresh);
  return (await refresh).index;
}

/** What is cached for a shop, or null: for tests, diagnostics and the benchmark. */
export function findShopIndexStats(shop: string): ShopIndexStats | null {
  const entry = entries.get(shop);
  if (!entry) return null;
  return { ...describeIndex(entry.index), version: entry.version, ...countersOf(shop) };
}
