import { pathToFileURL } from "node:url";
import { benchEnvironment, numberOption, writeResult } from "./lib";
import { createScratchDatabase } from "./scratch-database";

/**
 * npm run bench:rotation -- [--shops 1000] [--room 100]     (PostgreSQL too when BENCH_POSTGRES_URL)
 *
 * The tick's fairness across shops: N installed shops, each with an abandoned checkout whose first step is
 * due, and a tick budget that runs out after `room` shops have sent (told in shops, not seconds, so the figure
 * does not depend on the machine). Every shop that sends gets a new checkout due by the next tick, so the
 * budget is exhausted every tick and the shops served first would fill every tick on their own. The real
 * recovery engine (runRecovery: rotation, enrolment, claims, sends to a recording channel) ticks, a simulated
 * minute apart, until every shop has sent once. Reported: the longest any shop waited, in ticks, against
 * ceil(N / room), the least possible; the ticks' time per shop served; and the rotation's own share of it (a
 * shop's lease, its release and its share of the page reads), timed in a pass that takes every shop once more.
 */

const args = process.argv.slice(2);

async function measure(postgresUrl: string | undefined, shopCount: number, room: number) {
  const database = await createScratchDatabase(postgresUrl);
  Object.assign(process.env, benchEnvironment(database.url));
  const { prisma } = await import("~/db.server");
  const { runRecovery } = await import("~/domain/sequences");
  const { startShopRotation } = await import("~/domain/sequences/shop-rotation.server");
  const { mockedAdminFor, WORLD_NOW } = await import("./recovery-world");
  const { abandonCheckoutsEach, installManyShops } = await import("../test/helpers/many-shops");
  const { createRecordingMailer } = await import("../test/mocks/recording-mailer");
  try {
    const shops = await installManyShops(shopCount);
    const HOUR = 3_600_000;
    await abandonCheckoutsEach(shops, new Date(WORLD_NOW.getTime() - HOUR), "first");
    const firstServedIn = new Map<string, number>();
    const ticks: Array<{ served: number; deferred: number; failed: number; ms: number }> = [];
    const adminFor = mockedAdminFor();
    let now = WORLD_NOW;
    const ideal = Math.ceil(shopCount / room);
    while (firstServedIn.size < shopCount && ticks.length < 2 * ideal + 2) {
      const mailer = createRecordingMailer();
      const sentFor = () => new Set(mailer.delivered.map((email) => email.message.shop));
      const started = performance.now();
      const counts = await runRecovery({
        now,
        mailer,
        adminFor,
        appUrl: process.env.SHOPIFY_APP_URL as string,
        deadline: {
          isPast: () => sentFor().size >= room,
          remainingMs: () => (sentFor().size >= room ? 0 : Number.POSITIVE_INFINITY),
        },
      });
      const ms = performance.now() - started;
      const served = [...sentFor()];
      for (const shop of served) if (!firstServedIn.has(shop)) firstServedIn.set(shop, ticks.length + 1);
      ticks.push({
        served: served.length,
        deferred: counts.shops_deferred_to_next_tick ?? 0,
        failed: counts.shops_failed ?? 0,
        ms: Math.round(ms),
      });
      now = new Date(now.getTime() + 60_000);
      await abandonCheckoutsEach(served, new Date(now.getTime() - HOUR), `tick-${ticks.length}`);
    }
    const waits = [...firstServedIn.values()];
    // The rotation's own share: every shop taken and finished once more, with no work in between.
    const rotation = startShopRotation({ now });
    const rotationStarted = performance.now();
    for (let shop = await rotation.takeNext(); shop !== null; shop = await rotation.takeNext())
      await rotation.finish(shop);
    const rotationMs = performance.now() - rotationStarted;
    const servedTotal = ticks.reduce((sum, tick) => sum + tick.served, 0);
    return {
      provider: database.provider,
      shops: shopCount,
      room,
      idealWaitTicks: ideal,
      longestWaitTicks: waits.length === shopCount ? Math.max(...waits) : null,
      neverServed: shopCount - firstServedIn.size,
      failedShops: ticks.reduce((sum, tick) => sum + tick.failed, 0),
      msPerShopServed: Math.round((ticks.reduce((sum, tick) => sum + tick.ms, 0) / servedTotal) * 10) / 10,
      rotationMsPerShop: Math.round((rotationMs / shopCount) * 100) / 100,
      ticks,
    };
  } finally {
    await prisma.$disconnect();
    await database.drop();
  }
}

export async function main() {
  const shops = numberOption("shops", 1_000);
  const room = numberOption("room", 100);
  // One provider per process: the app's database client is made once, at import.
  const postgresUrl = args.includes("--postgres") ? process.env.BENCH_POSTGRES_URL : undefined;
  const result = await measure(postgresUrl, shops, room);
  const limit = result.idealWaitTicks + 1;
  const targets = [
    {
      name: `Rotation (${result.provider}), ${shops.toLocaleString("en")} shops with due steps, budget exhausted every tick (room for ${room}): longest wait of any shop`,
      value: result.longestWaitTicks ?? `${result.neverServed} never served`,
      unit: "ticks",
      target: `<= ${limit} (ceil(${shops} / ${room}) + 1)`,
      met: result.longestWaitTicks !== null && result.longestWaitTicks <= limit,
    },
  ];
  const file = writeResult(postgresUrl ? "rotation-postgresql" : "rotation", { ...result, targets });
  console.table({
    [result.provider]: {
      shops,
      "room a tick": room,
      "longest wait (ticks)": result.longestWaitTicks,
      "least possible": result.idealWaitTicks,
      ticks: result.ticks.length,
      "ms per shop served": result.msPerShopServed,
      "rotation ms per shop": result.rotationMsPerShop,
      "shops failed": result.failedShops,
    },
  });
  console.info(`written to ${file}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
