import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { unauthenticated } from "~/shopify.server";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import {
  bulkOperationGid,
  mockBulkOperation,
  productLine,
  variantLine,
} from "../../../test/mocks/bulk-operations";
import { advanceCatalogSyncs } from ".";
import { DEFAULT_BATCH_SIZE as IMPORT_BATCH_SIZE } from "./import-product-lines.server";

const PRODUCTS = 100_000;
const MB = 1024 * 1024;
const NOW = new Date("2026-11-21T12:00:00Z");
const adminFor = async (shop: string) => (await unauthenticated.admin(shop)).admin.graphql;

// What the import keeps alive is measured after a full collection; without one, the heap also counts garbage
// V8 has not bothered to collect yet.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

interface Memory {
  heapUsed: number;
  external: number;
  rss: number;
}

function retainedMemory(): Memory {
  collectGarbage();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, external: usage.external + usage.arrayBuffers, rss: usage.rss };
}

const WORDS =
  "soft organic cotton linen wool blend tailored relaxed fit breathable durable handmade recycled".split(" ");

/**
 * The export, produced line by line as the import reads it: a paragraph of description, tags and a price
 * range per product, then one or two variant lines (odd products in stock). Every 5,000 products it records
 * what the import keeps in memory at that moment.
 */
function* hundredThousandProducts(measure: { bytes: number; samples: Memory[] }): Generator<string> {
  for (let id = 1; id <= PRODUCTS; id++) {
    if (id % 5000 === 0) measure.samples.push(retainedMemory());
    const description = Array.from({ length: 90 }, (_, index) => WORDS[(id + index) % WORDS.length]).join(
      " ",
    );
    const lines = [
      productLine({
        id,
        description,
        productType: WORDS[id % WORDS.length],
        tags: [WORDS[id % 7] as string, WORDS[id % 11] as string, `collection-${id % 50}`],
        price: [`${(id % 90) + 10}.00`, `${(id % 90) + 15}.50`],
      }),
      variantLine(id, id * 10, false),
      ...(id % 2 === 1 ? [variantLine(id, id * 10 + 1, true)] : []),
    ];
    for (const line of lines) {
      measure.bytes += line.length + 1;
      yield line;
    }
  }
}

describe("importing a catalog of 100,000 products", () => {
  it("imports every product of a streamed export, keeping memory flat", { timeout: 180_000 }, async () => {
    await installTestShop(SHOP_A);
    await prisma.catalogState.create({
      data: {
        shop: SHOP_A,
        syncStatus: "READY",
        syncId: "sync-100k",
        bulkOperationId: bulkOperationGid(100_000),
        syncStartedAt: new Date(NOW.getTime() - 10 * 60_000),
      },
    });
    const measure = { bytes: 0, samples: [] as Memory[] };
    mockBulkOperation({ id: 100_000, lines: () => hundredThousandProducts(measure) });
    // Turns of the event loop during the import (a macrotask each), counted rather than timed.
    let turns = 0;
    let importing = true;
    const countTurns = () => {
      turns++;
      if (importing) setImmediate(countTurns);
    };
    setImmediate(countTurns);

    const before = retainedMemory();
    const started = performance.now();
    const steps = await advanceCatalogSyncs({ now: NOW, adminFor }).finally(() => (importing = false));
    const seconds = (performance.now() - started) / 1000;

    const first = measure.samples[0] as Memory;
    const peak = (key: keyof Memory) => Math.max(...measure.samples.map((sample) => sample[key]));
    const megabytes = (bytes: number) => +(bytes / MB).toFixed(1);
    const figures = {
      products: PRODUCTS,
      exportLines: Math.round(PRODUCTS * 2.5),
      exportMB: megabytes(measure.bytes),
      seconds: +seconds.toFixed(1),
      productsPerSecond: Math.round(PRODUCTS / seconds),
      // Retained (after a full GC) above the level before the import, at its highest.
      retainedHeapGrowthMB: megabytes(peak("heapUsed") - before.heapUsed),
      // Of that, what came after the first 5,000 products: zero if memory does not grow with the catalog.
      retainedHeapGrowthAfterFirst5kMB: megabytes(peak("heapUsed") - first.heapUsed),
      retainedExternalGrowthMB: megabytes(peak("external") - before.external),
      rssGrowthMB: megabytes(peak("rss") - before.rss),
    };
    process.stdout.write(`catalog import benchmark: ${JSON.stringify(figures)}\n`);

    expect(steps).toEqual([
      { shop: SHOP_A, step: "IMPORT", outcome: "IMPORTED", products: PRODUCTS, deleted: 0 },
    ]);
    expect(await prisma.product.count({ where: { shop: SHOP_A } })).toBe(PRODUCTS);
    expect(await prisma.product.count({ where: { shop: SHOP_A, availableForSale: true } })).toBe(
      PRODUCTS / 2,
    );
    expect(await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      syncStatus: "COMPLETED",
      productCount: PRODUCTS,
      version: 1,
    });
    expect(measure.samples).toHaveLength(PRODUCTS / 5000);
    // Holding the export would take more than its size (strings, then parsed objects); the import holds
    // one batch of it, whatever the catalog's size.
    expect(figures.exportMB).toBeGreaterThan(100);
    expect(figures.retainedHeapGrowthMB).toBeLessThan(64);
    expect(figures.retainedHeapGrowthAfterFirst5kMB).toBeLessThan(8);
    expect(figures.retainedExternalGrowthMB).toBeLessThan(16);
    // The process kept answering: the event loop turned (so webhooks' I/O ran) between every two batches.
    expect(turns).toBeGreaterThanOrEqual(PRODUCTS / IMPORT_BATCH_SIZE);
  });
});
