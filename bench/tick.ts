import { pathToFileURL } from "node:url";
import { benchEnvironment, numberOption, profileWhile, writeResult } from "./lib";
import { createScratchDatabase } from "./scratch-database";

/**
 * npm run bench:tick -- [--checkouts 10000] [--products 1000]      (PostgreSQL too when BENCH_POSTGRES_URL)
 *
 * The recovery engine's sends: N abandoned checkouts (1-3 lines from a generated catalog, unique shoppers)
 * arrive as signed webhooks and are enrolled by the engine; then POST /jobs/tick's recovery work runs until
 * no step is due, and is timed. Every send is the real thing but for the network: the step is claimed,
 * re-checked, its discount codes are made (the Admin API mocked in-process with the tests' resolvers), the
 * email is composed (recommendations, template copy, react-email), handed to a transport that only counts,
 * and the outcome recorded. Checked after: one delivery per enrolment, no idempotency key twice, every send
 * SENT. Target: >= 500 sends/s on 2 cores. `--cpu-prof` writes a CPU profile of the send phase alone to
 * bench-results/tick.cpuprofile.
 */

const args = process.argv.slice(2);

export const TICK_TARGET_SENDS_PER_SECOND = 500;

async function measure(provider: { postgresUrl?: string }, checkouts: number, products: number) {
  const database = await createScratchDatabase(provider.postgresUrl);
  Object.assign(process.env, benchEnvironment(database.url));
  const world = await import("./recovery-world");
  try {
    await world.installWorldShop();
    const catalog = await world.seedCatalog(products);
    let started = performance.now();
    await world.ingestCheckouts(checkouts, catalog);
    const ingestMs = performance.now() - started;
    started = performance.now();
    const enrolments = await world.enrollAll();
    const enrolMs = performance.now() - started;

    const { transport, keys } = world.countingTransport();
    started = performance.now();
    const run = await profileWhile(args.includes("--cpu-prof") ? "tick" : null, () =>
      world.tickUntilDone(world.benchMailer(transport)),
    );
    const sendMs = performance.now() - started;

    const sends = await world.sendCounts();
    const distinctKeys = new Set(keys).size;
    const active = enrolments.ACTIVE ?? 0;
    // Every enrolment's first step ends once: sent, or skipped with its reason (3% of the catalog is
    // archived, so a cart of only archived items is stopped as NOTHING_AVAILABLE); each sent one delivered once.
    const sent = sends.SENT ?? 0;
    const exactlyOnce =
      keys.length === sent && distinctKeys === sent && sent + (sends.SKIPPED ?? 0) === active && sent > 0;
    if (!exactlyOnce) {
      throw new Error(
        `expected ${active} first steps, each once; delivered ${keys.length} (${distinctKeys} keys), rows ${JSON.stringify(sends)}`,
      );
    }
    const sendsPerSecond = Math.round(keys.length / (sendMs / 1000));
    return {
      provider: database.provider,
      checkouts,
      products,
      ingest: { ms: Math.round(ingestMs), perSecond: Math.round(checkouts / (ingestMs / 1000)) },
      enrolment: { ms: Math.round(enrolMs), perSecond: Math.round(checkouts / (enrolMs / 1000)), enrolments },
      send: {
        ms: Math.round(sendMs),
        sends: keys.length,
        sendsPerSecond,
        ticks: run.ticks,
        counts: run.counts,
      },
      sendRows: sends,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await world.prisma.$disconnect();
    await database.drop();
  }
}

export async function main() {
  const checkouts = numberOption("checkouts", 10_000);
  const products = numberOption("products", 1_000);
  // One provider per process: the app's database client is made once, at import.
  const postgresUrl = args.includes("--postgres") ? process.env.BENCH_POSTGRES_URL : undefined;
  const result = await measure({ postgresUrl }, checkouts, products);
  const name = postgresUrl ? "tick-postgresql" : "tick";
  const targets = [
    {
      name: `Tick sends/s (${result.provider})`,
      value: result.send.sendsPerSecond,
      unit: "sends/s",
      target: `>= ${TICK_TARGET_SENDS_PER_SECOND}`,
      met: result.send.sendsPerSecond >= TICK_TARGET_SENDS_PER_SECOND,
    },
  ];
  const file = writeResult(name, { ...result, targets });
  console.table({
    [result.provider]: {
      checkouts,
      "sends/s": result.send.sendsPerSecond,
      "send s": result.send.ms / 1000,
      ticks: result.send.ticks,
      "enrol/s": result.enrolment.perSecond,
      "ingest/s": result.ingest.perSecond,
      "peak RSS MB": result.peakRssMb,
    },
  });
  console.info(`counts: ${JSON.stringify(result.send.counts)}; written to ${file}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
