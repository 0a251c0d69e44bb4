import { parseBulkLine } from "./bulk-product-line";
import { withImportLease, type ImportRun } from "./catalog-import-lease.server";
import type { ProductFacts } from "./product-facts";
import { writeProductBatch } from "./write-product-batch.server";

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
}

const LOGGED_INVALID_LINES = 5;

/**
 * Writes the products of an export as its lines stream in, a batch at a time, so memory holds one batch
 * whatever the catalog's size. A product waits in the batch until the next batch starts, which is when its
 * variants (always after it in the file) have mostly arrived; a variant arriving after its product was
 * written sets availability with a small update of its own.
 */
export async function importProductLines(
  lines: AsyncIterable<string>,
  run: ImportRun,
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<ImportTally> {
  const tally: ImportTally = { products: 0, created: 0, changed: 0, invalid: 0, unreadable: 0 };
  let pending = new Map<string, ProductFacts>();
  let lateAvailable = new Set<string>();
  let seenOnly = new Set<string>();
  // Products a webhook stored a newer state of: a late variant line of the older export must not touch them.
  const staleIds = new Set<string>();
  const { shop, syncId } = run;

  const flush = async () => {
    const products = [...pending.values()];
    const late = [...lateAvailable].filter((id) => !staleIds.has(id));
    const seen = [...seenOnly];
    pending = new Map();
    lateAvailable = new Set();
    seenOnly = new Set();
    if (products.length + late.length + seen.length === 0) return;
    const result = await withImportLease(run, async (tx) => {
      const batch = await writeProductBatch(tx, { shop, syncId }, products);
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
      tally.products++;
    } else if (parsed.kind === "variant") {
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
