import { spawnSync } from "node:child_process";
import v8 from "node:v8";
import vm from "node:vm";
import { buildCoPurchaseGraph } from "../app/domain/recommendations/co-purchase";
import { recommend } from "../app/domain/recommendations/recommend";
import { buildIndex, describeIndex, updateIndex } from "../app/domain/recommendations/recommendation-index";
import { createRandom, generateSampleCatalog } from "../test/fixtures/sample-catalog";
import { writeResult } from "./lib";

/**
 * npx tsx bench/recommendations.ts [--sizes 1000,10000,100000] [--queries N]
 *
 * For each catalog size (generated, 10 categories, see test/fixtures/sample-catalog.ts): the
 * index build time, the memory the index keeps (heap, typed arrays, RSS), and the latency of queries for
 * 3-product carts drawn at random from the whole catalog (so a cart usually spans three categories, the
 * expensive case). Every query is timed on its own with process.hrtime.bigint after 1,000 warm-up queries,
 * and p50/p99 are read from the sorted timings: 20,000 queries per size, 5,000 at 100,000 products (still 50
 * above the p99). Each size runs in a fresh process, so memory figures and peak RSS do
 * not carry over from the previous size. Also times an incremental update of 10 products and a compaction,
 * and the build of a co-purchase graph from 50,000 generated orders (the most a shop's year is read,
 * find-co-purchases.server.ts). Results go to bench-results/recommendations.json.
 */

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const SIZES = (option("sizes") ?? "1000,10000,100000").split(",").map(Number);
const queriesFor = (products: number) => Number(option("queries") ?? (products >= 100_000 ? 5_000 : 20_000));
const MB = 1024 * 1024;

interface SizeResult {
  products: number;
  terms: number;
  nonZeros: number;
  buildMs: number;
  /** Retained after a full collection, catalog dropped: what the index itself keeps. */
  heapMb: number;
  arrayBuffersMb: number;
  rssDeltaMb: number;
  peakRssMb: number;
  queries: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  update10Ms: number;
  compactionMs: number;
}

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

function memory() {
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, arrayBuffers: usage.arrayBuffers, rss: usage.rss };
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] as number;
}

/** Runs one size in this process and prints its result as JSON. */
function runSize(products: number): SizeResult {
  const before = memory();
  let catalog: ReturnType<typeof generateSampleCatalog> | null = generateSampleCatalog({
    seed: 1,
    productsPerCategory: products / 10,
  });
  const ids = catalog.map((product) => product.productId);
  const started = process.hrtime.bigint();
  const index = buildIndex(catalog);
  const buildMs = Number(process.hrtime.bigint() - started) / 1e6;

  const changes = catalog.slice(0, 10).map((product) => ({ ...product, title: `${product.title} Refresh` }));
  const bulk = catalog
    .slice(0, Math.ceil(products * 0.25))
    .map((product) => ({ ...product, title: `${product.title} II` }));
  catalog = null;
  const after = memory();

  const random = createRandom(7);
  const pick = () => ids[Math.floor(random() * ids.length)] as string;
  const carts = Array.from({ length: queriesFor(products) + 1_000 }, () => [pick(), pick(), pick()]);
  for (const cart of carts.slice(0, 1_000)) recommend(index, cart);
  const timings: number[] = [];
  for (const cart of carts.slice(1_000)) {
    const start = process.hrtime.bigint();
    recommend(index, cart);
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  timings.sort((a, b) => a - b);

  let start = process.hrtime.bigint();
  updateIndex(index, { upserted: changes });
  const update10Ms = Number(process.hrtime.bigint() - start) / 1e6;
  start = process.hrtime.bigint();
  updateIndex(index, { upserted: bulk });
  const compactionMs = Number(process.hrtime.bigint() - start) / 1e6;

  const stats = describeIndex(index);
  return {
    products,
    terms: stats.terms,
    nonZeros: stats.nonZeros,
    buildMs,
    heapMb: (after.heap - before.heap) / MB,
    arrayBuffersMb: (after.arrayBuffers - before.arrayBuffers) / MB,
    rssDeltaMb: (after.rss - before.rss) / MB,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    queries: timings.length,
    p50Ms: percentile(timings, 0.5),
    p90Ms: percentile(timings, 0.9),
    p99Ms: percentile(timings, 0.99),
    maxMs: timings[timings.length - 1] as number,
    meanMs: timings.reduce((sum, value) => sum + value, 0) / timings.length,
    update10Ms,
    compactionMs,
  };
}

interface CoPurchaseResult {
  orders: number;
  pairOccurrences: number;
  productsWithPartners: number;
  medianMs: number;
  maxMs: number;
}

/**
 * 50,000 orders of 1 to 5 lines (3 on average) over 5,000 products, the popular ones far likelier (the square
 * of a uniform draw), so best sellers recur and most pairs are seen once, as in a real shop. One warm-up build,
 * then 5 timed ones.
 */
function timeCoPurchaseBuild(): CoPurchaseResult {
  const random = createRandom(11);
  let pairOccurrences = 0;
  const orders = Array.from({ length: 50_000 }, () => {
    const order = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
      String(1 + Math.floor(random() ** 2 * 5_000)),
    );
    const distinct = new Set(order).size;
    pairOccurrences += (distinct * (distinct - 1)) / 2;
    return order;
  });
  let graph = buildCoPurchaseGraph(orders);
  const timings: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    graph = buildCoPurchaseGraph(orders);
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  timings.sort((a, b) => a - b);
  let productsWithPartners = 0;
  for (let id = 1; id <= 5_000; id++) if (graph.partnersOf(String(id)).length > 0) productsWithPartners++;
  return {
    orders: graph.orderCount,
    pairOccurrences,
    productsWithPartners,
    medianMs: percentile(timings, 0.5),
    maxMs: timings[timings.length - 1] as number,
  };
}

if (option("child")) {
  process.stdout.write(`${JSON.stringify(runSize(Number(option("child"))))}\n`);
} else {
  const results: SizeResult[] = [];
  for (const size of SIZES) {
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        process.argv[1] as string,
        "--child",
        String(size),
        "--queries",
        String(queriesFor(size)),
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * MB },
    );
    if (child.status !== 0) throw new Error(`the ${size}-product run failed`);
    const result = JSON.parse(child.stdout.trim().split("\n").at(-1) as string) as SizeResult;
    results.push(result);
    console.log(`${size} products done`);
  }
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  console.table(
    results.map((result) => ({
      products: result.products.toLocaleString("en"),
      "build ms": round(result.buildMs, 0),
      "heap MB": round(result.heapMb),
      "arrays MB": round(result.arrayBuffersMb),
      "RSS Δ MB": round(result.rssDeltaMb),
      "peak RSS MB": round(result.peakRssMb, 0),
      "p50 ms": round(result.p50Ms, 3),
      "p99 ms": round(result.p99Ms, 3),
      "max ms": round(result.maxMs, 2),
      "update 10 ms": round(result.update10Ms, 2),
      "compaction ms": round(result.compactionMs, 0),
    })),
  );
  const targets = [
    { products: 10_000, p99Ms: 2 },
    { products: 100_000, p99Ms: 20 },
  ];
  for (const target of targets) {
    const result = results.find((entry) => entry.products === target.products);
    if (result) {
      const verdict = result.p99Ms <= target.p99Ms ? "meets" : "MISSES";
      console.log(
        `${target.products} products: p99 ${result.p99Ms.toFixed(3)} ms ${verdict} the ${target.p99Ms} ms target`,
      );
    }
  }
  const coPurchase = timeCoPurchaseBuild();
  console.log(
    `co-purchase graph from ${coPurchase.orders.toLocaleString("en")} orders ` +
      `(${coPurchase.pairOccurrences.toLocaleString("en")} pairs, ` +
      `${coPurchase.productsWithPartners.toLocaleString("en")} products with partners): ` +
      `median ${coPurchase.medianMs.toFixed(1)} ms, max ${coPurchase.maxMs.toFixed(1)} ms`,
  );
  console.log(`written to ${writeResult("recommendations", { sizes: results, coPurchase })}`);
}
