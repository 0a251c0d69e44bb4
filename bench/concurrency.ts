import { spawn, type ChildProcessByStdio } from "node:child_process";
import crypto from "node:crypto";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { benchEnvironment, numberOption, writeResult } from "./lib";
import { createScratchDatabase, queryPostgres, type ScratchDatabase } from "./scratch-database";

/**
 * npm run bench:concurrency -- [--checkouts 10000] [--processes 1,2]                  (SQLite)
 * BENCH_POSTGRES_URL=postgresql://… npm run bench:concurrency -- --postgres [--processes 1,4]
 *
 * Several processes ticking one database at once, as a deployment with several instances (PostgreSQL), or
 * overlapping cron calls and a second process on one machine (SQLite), does. One seeding (the tick benchmark's world: catalog, checkouts delivered as
 * webhooks, enrolments by the engine) is copied for each run (CREATE DATABASE … TEMPLATE); then N worker
 * processes, each with its own database pool, are released together and tick until nothing is due. Each
 * counts what its transport was handed; the parent checks that every step went out exactly once across all
 * of them (no idempotency key twice, one delivery per SENT row) and compares throughput with one process.
 */

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};

interface WorkerReport {
  keys: string[];
  counts: Record<string, number>;
  ticks: number;
}

/** A worker: imports the app on DATABASE_URL, says "ready", ticks on "go", prints its report. */
async function worker() {
  const world = await import("./recovery-world");
  const { transport, keys } = world.countingTransport();
  const lines = readline.createInterface({ input: process.stdin });
  process.stdout.write("ready\n");
  for await (const line of lines) if (line === "go") break;
  const run = await world.tickUntilDone(world.benchMailer(transport));
  await world.prisma.$disconnect();
  sendReport({ keys, counts: run.counts, ticks: run.ticks } satisfies WorkerReport);
}

/**
 * A child's result, handed to the parent in a file named on stdout: a pipe takes large writes asynchronously,
 * and a worker's report holds every key it sent.
 */
function sendReport(report: unknown) {
  const file = path.join(os.tmpdir(), `cartback-bench-child-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(report));
  process.stdout.write(`report-file ${file}\n`, () => process.exit(0));
}

/** Seeds the world into the database at DATABASE_URL (a child process: the app reads it at import). */
async function seed() {
  const world = await import("./recovery-world");
  await world.installWorldShop();
  const catalog = await world.seedCatalog(numberOption("products", 1_000));
  await world.ingestCheckouts(numberOption("checkouts", 10_000), catalog);
  const enrolments = await world.enrollAll();
  await world.prisma.$disconnect();
  sendReport(enrolments);
}

function startChild(mode: "--worker" | "--seed", databaseUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", process.argv[1] as string, ...args, mode], {
    env: {
      PATH: process.env.PATH,
      TZ: "UTC",
      ...benchEnvironment(databaseUrl),
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["pipe", "pipe", "inherit"] as const,
  }) as ChildProcessByStdio<Writable, Readable, null>;
  const lines = readline.createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve) => lines.on("line", (line) => line === "ready" && resolve()));
  const report = new Promise<unknown>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.startsWith("report-file ")) {
        const file = line.slice("report-file ".length);
        resolve(JSON.parse(fs.readFileSync(file, "utf8")));
        fs.rmSync(file, { force: true });
      }
    });
    child.once(
      "exit",
      (code: number | null) => code !== 0 && reject(new Error(`${mode} exited with ${code}`)),
    );
  });
  return { child, ready, report };
}

/** A copy of the seeded database for one run: CREATE DATABASE … TEMPLATE, or a copy of the SQLite file. */
async function copyOf(template: ScratchDatabase, serverUrl: string | undefined) {
  if (template.provider === "sqlite") {
    const seeded = new Database(template.name);
    seeded.pragma("wal_checkpoint(TRUNCATE)");
    seeded.close();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-bench-run-"));
    const file = path.join(dir, "bench.sqlite");
    fs.copyFileSync(template.name, file);
    const countRows = async () => {
      const db = new Database(file, { readonly: true });
      try {
        return db
          .prepare(`SELECT "status", COUNT(*) AS n FROM "RecoverySend" GROUP BY "status"`)
          .all() as Row[];
      } finally {
        db.close();
      }
    };
    return {
      url: `file:${file}`,
      countRows,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `cartback_bench_run_${crypto.randomBytes(4).toString("hex")}`;
  await queryPostgres(serverUrl as string, `CREATE DATABASE "${name}" TEMPLATE "${template.name}"`);
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    countRows: async () =>
      (
        await queryPostgres(
          url.toString(),
          `SELECT "status", COUNT(*)::int AS n FROM "RecoverySend" GROUP BY "status"`,
        )
      ).rows as Row[],
    drop: () => queryPostgres(serverUrl as string, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

type Row = { status: string; n: number };

async function runWorkers(template: ScratchDatabase, serverUrl: string | undefined, processes: number) {
  const database = await copyOf(template, serverUrl);
  try {
    const workers = Array.from({ length: processes }, () => startChild("--worker", database.url));
    await Promise.all(workers.map((worker) => worker.ready));
    const started = performance.now();
    for (const worker of workers) worker.child.stdin.write("go\n");
    const reports = (await Promise.all(workers.map((worker) => worker.report))) as WorkerReport[];
    const seconds = (performance.now() - started) / 1000;
    const sendRows = Object.fromEntries((await database.countRows()).map((row) => [row.status, row.n]));
    const keys = reports.flatMap((report) => report.keys);
    const sent = sendRows.SENT ?? 0;
    return {
      processes,
      seconds: Number(seconds.toFixed(2)),
      sends: keys.length,
      sendsPerSecond: Math.round(keys.length / seconds),
      perProcess: reports.map((report) => report.keys.length),
      distinctKeys: new Set(keys).size,
      sendRows,
      exactlyOnce: keys.length === sent && new Set(keys).size === sent && sent > 0,
      heldElsewhere: reports.reduce((sum, report) => sum + (report.counts.step_HELD_ELSEWHERE ?? 0), 0),
    };
  } finally {
    await database.drop();
  }
}

export async function main() {
  // PostgreSQL when a server is given (what several instances share); otherwise SQLite, where several
  // processes on one machine share the file.
  const serverUrl = args.includes("--postgres") ? process.env.BENCH_POSTGRES_URL : undefined;
  if (args.includes("--postgres") && !serverUrl) {
    console.info("concurrency (PostgreSQL): skipped, BENCH_POSTGRES_URL is not set");
    writeResult("concurrency-postgresql", { skipped: "BENCH_POSTGRES_URL is not set", targets: [] });
    return;
  }
  const provider = serverUrl ? "postgresql" : "sqlite";
  const counts = (option("processes") ?? (serverUrl ? "1,4" : "1,2")).split(",").map(Number);
  const template = await createScratchDatabase(serverUrl);
  try {
    const seeding = startChild("--seed", template.url);
    const enrolments = (await seeding.report) as Record<string, number>;
    await new Promise((resolve) => seeding.child.once("exit", resolve));
    const runs = [];
    for (const processes of counts) runs.push(await runWorkers(template, serverUrl, processes));
    const single = runs.find((run) => run.processes === 1);
    const most = runs.at(-1) as (typeof runs)[number];
    const scaling = single ? Number((most.sendsPerSecond / single.sendsPerSecond).toFixed(2)) : null;
    const targets = [
      {
        name: `Concurrency (${provider}): every send exactly once, ${counts.join(" and ")} processes`,
        value: runs.every((run) => run.exactlyOnce) ? "yes" : "no",
        unit: "",
        target: "yes",
        met: runs.every((run) => run.exactlyOnce),
      },
      {
        name: `Concurrency (${provider}): ${most.processes} processes (1 process as ceiling)`,
        value: most.sendsPerSecond,
        unit: "sends/s",
        target: "> 1 process",
        ceiling: single?.sendsPerSecond,
        ratio: scaling ?? undefined,
        met: scaling !== null && scaling > 1,
      },
    ];
    const file = writeResult(`concurrency-${provider}`, { provider, enrolments, runs, scaling, targets });
    console.table(
      Object.fromEntries(
        runs.map((run) => [
          `${run.processes} process${run.processes > 1 ? "es" : ""}`,
          {
            "sends/s": run.sendsPerSecond,
            seconds: run.seconds,
            sends: run.sends,
            "per process": run.perProcess.join(" / "),
            "exactly once": run.exactlyOnce,
            "lost races": run.heldElsewhere,
          },
        ]),
      ),
    );
    console.info(`scaling ${scaling}; written to ${file}`);
    if (!runs.every((run) => run.exactlyOnce)) process.exitCode = 1;
  } finally {
    await template.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (args.includes("--worker")) await worker();
  else if (args.includes("--seed")) await seed();
  else await main();
}
