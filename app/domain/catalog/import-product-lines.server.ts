import { roundToMinorUnits } from "~/lib/money";
import { parseBulkLine, type BulkUnitCost, type ProductCollection } from "./bulk-product-line";
import { withImportLease, type ImportRun } from "./catalog-import-lease.server";
import type { ProductFacts } from "./product-facts";
import { writeProductBatch } from "./write-product-batch.server";
import { writeVariantCosts, type VariantCostRow } from "./write-variant-costs.server";

export const DEFAULT_BATCH_SIZE = 250;

export interface ImportTally {
  products: number;
  created: number;
  /** Stored products that changed, new ones and availability flips included. */
  changed: number;
  /** Lines skipped: unusable products, and lines that were not even readable. */
  invalid: number;
  /** Lines that did not say which product they were: with any, a missing product may not be a deleted one. */
  unreadable: number;
  /** Variant lines read, and the unit costs kept of them (shop currency). */
  variants: number;
  costs: number;
  /** Costs not kept: in another currency than the shop's (VariantCost holds the shop's), or not an amount. */
  costsInOtherCurrency: number;
  costsUnreadable: number;
}

export interface ProductLinesOptions {
  batchSize?: number;
  /** The shop's currency: unit costs in it are kept, others skipped (counted and logged). */
  shopCurrency: string;
}

const LOGGED_INVALID_LINES = 5;
const LOGGED_SKIPPED_COSTS = 5;
/** Segment conditions need a product's collections, not hundreds of them. */
const MAX_COLLECTIONS_PER_PRODUCT = 250;

function addCollection(list: ProductCollection[], collection: ProductCollection) {
  if (list.length < MAX_COLLECTIONS_PER_PRODUCT && !list.some((known) => known.id === collection.id))
    list.push(collection);
}

/**
 * Writes the products of an export as its lines stream in, a batch at a time, so memory holds one batch
 * whatever the catalog's size. A product waits in the batch until the next batch starts, which is when its
 * variants (always after it in the file) have mostly arrived; a variant arriving after its product was
 * written sets availability with a small update of its own. Variants' unit costs (when the export asked for
 * them) are written with the same batches, stamped with the sync's start.
 */
export async function importProductLines(
  lines: AsyncIterable<string>,
  run: ImportRun,
  { batchSize = DEFAULT_BATCH_SIZE, shopCurrency }: ProductLinesOptions,
): Promise<ImportTally> {
  const tally: ImportTally = {
    products: 0,
    created: 0,
    changed: 0,
    invalid: 0,
    unreadable: 0,
    variants: 0,
    costs: 0,
    costsInOtherCurrency: 0,
    costsUnreadable: 0,
  };
  // Costs are rows of their own (VariantCost), written with the batches; a webhook never writes them, so no
  // staleness check: the export is the only source.
  let pendingCosts: VariantCostRow[] = [];
  let pending = new Map<string, ProductFacts>();
  // Each pending product's collections so far; collection lines of a product already written wait in
  // lateCollections and are merged into its stored list at the next flush.
  let pendingCollections = new Map<string, ProductCollection[]>();
  let lateCollections = new Map<string, ProductCollection[]>();
  let lateAvailable = new Set<string>();
  let seenOnly = new Set<string>();
  // Products a webhook stored a newer state of: a late variant line of the older export must not touch them.
  const staleIds = new Set<string>();
  const { shop, syncId } = run;

  const flush = async () => {
    const products = [...pending.values()];
    const collections = pendingCollections;
    const late = [...lateAvailable].filter((id) => !staleIds.has(id));
    const lateLists = [...lateCollections].filter(([id]) => !staleIds.has(id));
    const seen = [...seenOnly];
    const costs = pendingCosts;
    pendingCosts = [];
    pending = new Map();
    pendingCollections = new Map();
    lateCollections = new Map();
    lateAvailable = new Set();
    seenOnly = new Set();
    if (products.length + late.length + lateLists.length + seen.length + costs.length === 0) return;
    const result = await withImportLease(run, async (tx) => {
      const batch = await writeProductBatch(tx, { shop, syncId }, products, collections);
      await writeVariantCosts(tx, { shop, currency: shopCurrency, stamp: run.syncStartedAt }, costs);
      if (lateLists.length > 0) {
        const stored = await tx.product.findMany({
          where: { shop, syncId, productId: { in: lateLists.map(([id]) => id) } },
          select: { productId: true, collections: true },
        });
        const additions = new Map(lateLists);
        for (const row of stored) {
          let known: ProductCollection[];
          try {
            known = JSON.parse(row.collections) as ProductCollection[];
          } catch {
            known = [];
          }
          const merged = [...known];
          for (const collection of additions.get(row.productId) ?? []) addCollection(merged, collection);
          if (merged.length !== known.length)
            await tx.product.update({
              where: { shop_productId: { shop, productId: row.productId } },
              data: { collections: JSON.stringify(merged) },
            });
        }
      }
      const flipped =
        late.length === 0
          ? 0
          : (
              await tx.product.updateMany({
                where: { shop, syncId, productId: { in: late }, availableForSale: false },
                data: { availableForSale: true },
              })
            ).count;
      // Kept from deletion: they exist, even if this export's line about them was unusable.
      if (seen.length > 0)
        await tx.product.updateMany({ where: { shop, productId: { in: seen } }, data: { syncId } });
      return { ...batch, changed: batch.changed + flipped };
    });
    for (const id of result.staleIds) staleIds.add(id);
    tally.created += result.created;
    tally.changed += result.changed;
    // better-sqlite3 answers synchronously and a mocked or buffered stream without waiting: without this the
    // import could run for a minute on microtasks alone, and no webhook in this process would be answered.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };

  for await (const line of lines) {
    const parsed = parseBulkLine(line);
    if (parsed.kind === "product") {
      if (pending.size >= batchSize) await flush();
      pending.set(parsed.facts.productId, parsed.facts);
      pendingCollections.set(parsed.facts.productId, []);
      tally.products++;
    } else if (parsed.kind === "collection") {
      const list = pendingCollections.get(parsed.productId);
      if (list) addCollection(list, parsed.collection);
      else {
        const waiting = lateCollections.get(parsed.productId) ?? [];
        addCollection(waiting, parsed.collection);
        lateCollections.set(parsed.productId, waiting);
        if (lateCollections.size >= batchSize * 4) await flush();
      }
    } else if (parsed.kind === "variant") {
      tally.variants++;
      if (parsed.unitCost && parsed.variantId) {
        const unitCostMinor = costInShopCurrency(parsed.unitCost, shopCurrency, run, tally);
        if (unitCostMinor !== null) {
          pendingCosts.push({ variantId: parsed.variantId, productId: parsed.productId, unitCostMinor });
          tally.costs++;
          if (pendingCosts.length >= batchSize * 4) await flush();
        }
      }
      if (!parsed.availableForSale) continue;
      const product = pending.get(parsed.productId);
      if (product) product.availableForSale = true;
      else lateAvailable.add(parsed.productId);
      if (lateAvailable.size >= batchSize * 4) await flush();
    } else {
      tally.invalid++;
      if (parsed.productId) seenOnly.add(parsed.productId);
      else tally.unreadable++;
      if (tally.invalid <= LOGGED_INVALID_LINES)
        run.log.warn({ reason: parsed.reason }, "skipped a line of the catalog export");
    }
  }
  await flush();
  return tally;
}

/**
 * A unit cost in the shop currency's minor units (Shopify keeps costs to four decimals: rounded half up), or
 * null, counted, when it is in another currency or not a usable amount. Only the first few are logged, with
 * the currency: a catalog of costs in another currency would otherwise log a line per variant.
 */
function costInShopCurrency(
  cost: BulkUnitCost,
  shopCurrency: string,
  run: ImportRun,
  tally: ImportTally,
): number | null {
  const currency = cost.currencyCode.toUpperCase();
  if (currency !== shopCurrency.toUpperCase()) {
    tally.costsInOtherCurrency++;
    if (tally.costsInOtherCurrency <= LOGGED_SKIPPED_COSTS)
      run.log.warn({ currency, shopCurrency }, "skipped a unit cost in another currency than the shop's");
    return null;
  }
  const minor = roundToMinorUnits(cost.amount, shopCurrency);
  if (minor === null || minor < 0) {
    tally.costsUnreadable++;
    if (tally.costsUnreadable <= LOGGED_SKIPPED_COSTS)
      run.log.warn("skipped a unit cost that is not a non-negative amount");
    return null;
  }
  return minor;
}
