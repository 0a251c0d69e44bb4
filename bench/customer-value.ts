import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { BENCH_SHOP, benchEnvironment, numberOption, root, writeResult } from "./lib";
import { mulberry32 } from "../app/lib/seeded-random";

/**
 * npx tsx bench/customer-value.ts [--checkouts 200000] [--runs 10] [--warmup 2] [--keep]
 *
 * The customer value page's read (getRepeatCohorts, as app/routes/app.customer-value.tsx makes it) on SQLite.
 * The world is bench/dashboard.ts's: N checkouts of one shop over the last year with their enrolments, sends,
 * codes and recovered orders (seeded by `bench/dashboard.ts --reuse`, which keeps its database in the system's
 * temp folder, so a second run starts at once). That world has an order only for each recovery, so the buyers
 * who never abandoned are added here, with repeat purchases: 0.6 x N buyers placing a first order somewhere in
 * the year, 35% of them 1-4 more within 200 days, a tenth of them shoppers who had abandoned a checkout before;
 * 30% of the recovered buyers ordering again 1-3 times within 150 days; 1% test orders, 3% of buyers known by
 * customer id only. About 1.3 orders per checkout in all.
 *
 * Timed at bench/dashboard.ts's NOW for the shop's default retention (90 days: three months read) and for
 * 730 days (the twelve months the page reads at most), `--warmup` calls then `--runs` timed calls each, and
 * SQLite's plan for the statement printed. better-sqlite3 runs the statement on the calling thread, so its CPU
 * time is reported beside the wall-clock time: on a busy machine only the latter grows. Results go to
 * bench-results/customer-value.json.
 */

const CHECKOUTS = numberOption("checkouts", 200_000);
const RUNS = numberOption("runs", 10);
const WARMUP = numberOption("warmup", 2);
const KEEP = process.argv.includes("--keep");
/** bench/dashboard.ts's clock and shop time zone (its seeded year ends here). */
const NOW = new Date("2026-11-25T15:00:00Z");
const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/** bench/dashboard.ts's kept database for this size, seeded first if it is not there. */
function dashboardDatabase(): string {
  const file = path.join(os.tmpdir(), "cartback-bench-dashboard", `dashboard-${CHECKOUTS}.sqlite`);
  if (!fs.existsSync(file)) {
    console.log(`seeding ${CHECKOUTS.toLocaleString("en")} checkouts with bench/dashboard.ts --reuse…`);
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(root, "bench", "dashboard.ts"),
        ...["--sizes", String(CHECKOUTS), "--reuse", "--runs", "1", "--warmup", "0", "--no-verify"],
      ],
      { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, TZ: "UTC" } },
    );
    if (run.status !== 0 || !fs.existsSync(file)) throw new Error("bench/dashboard.ts did not seed");
  }
  return file;
}

const ORDER_COLUMNS = [
  "id",
  "shop",
  "orderId",
  "customerId",
  "emailHash",
  "discountCodes",
  "lines",
  "currency",
  "totalMinor",
  "subtotalMinor",
  "presentmentCurrency",
  "presentmentTotalMinor",
  "isTest",
  "sourceName",
  "shopifyCreatedAt",
  "createdAt",
] as const;

/** Adds the buyers who never abandoned and everyone's later orders; returns the shop's order count. */
function addOrders(file: string): { added: number; orders: number } {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const random = mulberry32(7);
  const nowMs = NOW.getTime();
  const insert = db.prepare(
    `INSERT INTO "Order" (${ORDER_COLUMNS.map((column) => `"${column}"`).join(", ")}) VALUES (${ORDER_COLUMNS.map(() => "?").join(", ")})`,
  );
  let sequence = 0;
  const addOrder = (buyer: { emailHash: string | null; customerId: string | null }, at: number) => {
    if (at >= nowMs) return;
    const total = 1_500 + Math.floor(random() * 30_000);
    sequence++;
    insert.run(
      `ccv${sequence.toString(36).padStart(10, "0")}`,
      BENCH_SHOP,
      String(8_000_000_000 + sequence),
      buyer.customerId,
      buyer.emailHash,
      "[]",
      "[]",
      "USD",
      total,
      total,
      "USD",
      total,
      random() < 0.01 ? 1 : 0,
      "web",
      iso(at),
      iso(at + 2_000),
    );
  };
  const recovered = db
    .prepare(`SELECT "emailHash", "customerId", "shopifyCreatedAt" AS "at" FROM "Order" WHERE "shop" = ?`)
    .all(BENCH_SHOP) as { emailHash: string | null; customerId: string | null; at: string }[];
  const abandoners = db
    .prepare(`SELECT "emailHash" FROM "Enrollment" WHERE "shop" = ? AND "emailHash" IS NOT NULL LIMIT ?`)
    .all(BENCH_SHOP, CHECKOUTS) as { emailHash: string }[];
  db.transaction(() => {
    for (const buyer of recovered) {
      if (random() >= 0.3) continue;
      const first = Date.parse(buyer.at);
      const more = 1 + Math.floor(random() * 3);
      for (let index = 0; index < more; index++) addOrder(buyer, first + (1 + random() * 149) * DAY_MS);
    }
    const newBuyers = Math.round(CHECKOUTS * 0.6);
    for (let index = 0; index < newBuyers; index++) {
      const hasEmail = random() >= 0.03;
      const abandoned = random() < 0.1 ? abandoners[Math.floor(random() * abandoners.length)] : undefined;
      const buyer = {
        emailHash: hasEmail ? (abandoned?.emailHash ?? `never-${index.toString(36)}`) : null,
        customerId: !hasEmail || random() < 0.6 ? String(9_000_000_000 + index) : null,
      };
      const first = nowMs - random() * 365 * DAY_MS;
      addOrder(buyer, first);
      if (random() < 0.35) {
        const more = 1 + Math.floor(random() * 4);
        for (let order = 0; order < more; order++) addOrder(buyer, first + (1 + random() * 199) * DAY_MS);
      }
    }
  })();
  const { orders } = db
    .prepare(`SELECT COUNT(*) AS "orders" FROM "Order" WHERE "shop" = ?`)
    .get(BENCH_SHOP) as {
    orders: number;
  };
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { added: sequence, orders };
}

const percentile = (sorted: number[], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;

/** In a process of its own, whose environment points the app at the prepared database. */
async function measure() {
  const { getRepeatCohorts } = await import("../app/domain/analytics");
  const { repeatCohortsQuery } = await import("../app/domain/analytics/get-repeat-cohorts.server");
  const { cohortMonthsAt } = await import("../app/domain/analytics/repeat-cohorts");
  const { getShopSettings, saveShopSettings } = await import("../app/domain/shops");
  const { prisma, Prisma } = await import("../app/db.server");
  const results = [];
  for (const retentionDays of [90, 730]) {
    await saveShopSettings(BENCH_SHOP, { ...(await getShopSettings(BENCH_SHOP)), retentionDays });
    const call = () => getRepeatCohorts(BENCH_SHOP, { now: NOW });
    for (let run = 0; run < WARMUP; run++) await call();
    const timings: number[] = [];
    const cpuTimings: number[] = [];
    let cohorts: Awaited<ReturnType<typeof call>> = null;
    for (let run = 0; run < RUNS; run++) {
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      cohorts = await call();
      const used = process.cpuUsage(cpu);
      timings.push(Number(process.hrtime.bigint() - start) / 1e6);
      cpuTimings.push((used.user + used.system) / 1000);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    const sortedCpu = [...cpuTimings].sort((a, b) => a - b);
    const { spans } = cohortMonthsAt(NOW, "America/New_York", { limit: 12, retentionDays });
    const plan = (
      await prisma.$queryRaw<{ detail: string }[]>(
        Prisma.sql`EXPLAIN QUERY PLAN ${repeatCohortsQuery(BENCH_SHOP, spans, NOW)}`,
      )
    ).map((row) => row.detail);
    const buyers = (group: "RECOVERED_BY_EMAIL" | "HOLDOUT_RECOVERED" | "NEVER_ABANDONED") =>
      cohorts?.months.reduce((sum, month) => sum + month.cells[group].buyers, 0) ?? 0;
    results.push({
      retentionDays,
      months: cohorts?.months.length ?? 0,
      buyers: {
        recoveredByEmail: buyers("RECOVERED_BY_EMAIL"),
        holdout: buyers("HOLDOUT_RECOVERED"),
        neverAbandoned: buyers("NEVER_ABANDONED"),
      },
      /** better-sqlite3 runs the statement on this thread: its CPU time, what a busy machine does not inflate. */
      cpuP50Ms: percentile(sortedCpu, 0.5),
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      maxMs: sorted.at(-1) as number,
      plan,
    });
  }
  await prisma.$disconnect();
  return results;
}

const childIndex = process.argv.indexOf("--child");
if (childIndex >= 0) {
  process.stdout.write(`\n${JSON.stringify(await measure())}\n`);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-bench-customer-value-"));
  const file = path.join(dir, "customer-value.sqlite");
  fs.copyFileSync(dashboardDatabase(), file);
  let started = performance.now();
  const { added, orders } = addOrders(file);
  console.log(
    `${CHECKOUTS.toLocaleString("en")} checkouts: ${added.toLocaleString("en")} orders added, ${orders.toLocaleString("en")} in all (${Math.round((performance.now() - started) / 1000)} s)`,
  );
  started = performance.now();
  const child = spawnSync(process.execPath, ["--import", "tsx", process.argv[1] as string, "--child"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 2 ** 20,
    env: { PATH: process.env.PATH, TZ: "UTC", ...benchEnvironment(`file:${file}`) },
  });
  if (child.status !== 0) throw new Error(`the measuring run failed:\n${child.stdout}`);
  const results = JSON.parse(child.stdout.trim().split("\n").at(-1) as string) as Awaited<
    ReturnType<typeof measure>
  >;
  for (const result of results) {
    console.log(
      `retention ${result.retentionDays} days (${result.months} months read): CPU p50 ${result.cpuP50Ms.toFixed(1)} ms; wall p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms; buyers ${JSON.stringify(result.buyers)}`,
    );
    for (const line of result.plan) console.log(`    ${line}`);
  }
  console.log(
    `written to ${writeResult("customer-value", { checkouts: CHECKOUTS, orders, now: NOW, results })}`,
  );
  if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`database kept at ${file}`);
}
