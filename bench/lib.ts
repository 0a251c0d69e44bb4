import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

/** Shared pieces of the benchmarks: a built server on a scratch database, and result files. */

export const root = process.cwd();
export const BENCH_SECRET = "bench-api-secret";
export const BENCH_SHOP = "bench-shop.myshopify.com";

export function ensureBuild() {
  if (fs.existsSync(path.join(root, "build", "server.js")) && !process.argv.includes("--rebuild")) return;
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface BenchServer {
  url: string;
  databaseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
  dir: string;
  provider: "sqlite" | "postgresql";
  /** Rows in one of the app's tables (`"Checkout"`), read through a connection of the bench's own. */
  countRows(table: string): Promise<number>;
  /** The server process's peak resident memory so far (VmHWM), in MB; null where /proc is not there. */
  peakRssMb(): number | null;
  /** CPU time the server process has used so far (user + system), in seconds; null where /proc is not there. */
  cpuSeconds(): number | null;
}

export interface BenchDatabaseOptions {
  /**
   * A PostgreSQL server (BENCH_POSTGRES_URL): the run gets a fresh database on it, migrated, dropped after.
   * Without it, a scratch SQLite file.
   */
  postgresUrl?: string;
}

/**
 * A migrated scratch database (SQLite, or PostgreSQL given `postgresUrl`) with one installed shop, and the
 * production server running on it.
 */
export async function startBenchServer(
  extraEnv: Record<string, string> = {},
  { postgresUrl }: BenchDatabaseOptions = {},
): Promise<BenchServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-bench-"));
  let databaseUrl = `file:${path.join(dir, "bench.sqlite")}`;
  let dropDatabase = async () => {};
  if (postgresUrl) {
    const { createScratchDatabase } = await import("./scratch-database");
    const database = await createScratchDatabase(postgresUrl);
    databaseUrl = database.url;
    dropDatabase = database.drop;
    await installBenchShopPostgres(databaseUrl);
  } else {
    const setup = spawnSync(process.execPath, [path.join(root, "scripts", "db.mjs"), "setup"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: "utf8",
    });
    if (setup.status !== 0) throw new Error(`setup failed: ${setup.stderr}`);
    installBenchShop(databaseUrl);
  }
  const port = await freePort();
  // --cpu-prof on the bench command profiles the server (`node --cpu-prof`), written to bench-results/.
  const profile = process.argv.includes("--cpu-prof")
    ? ["--cpu-prof", `--cpu-prof-dir=${path.join(root, "bench-results")}`]
    : [];
  const child = spawn(process.execPath, [...profile, path.join(root, "build", "server.js")], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      ...benchEnvironment(databaseUrl),
      PORT: String(port),
      ...extraEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`);
  return {
    url,
    databaseUrl,
    child,
    dir,
    provider: postgresUrl ? "postgresql" : "sqlite",
    countRows: (table) => countRows(databaseUrl, table),
    peakRssMb: () => (child.pid ? peakRssMb(child.pid) : null),
    cpuSeconds: () => (child.pid ? cpuSeconds(child.pid) : null),
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      await dropDatabase();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function countRows(databaseUrl: string, table: string): Promise<number> {
  const sql = `SELECT COUNT(*) AS n FROM "${table.replaceAll('"', "")}"`;
  if (!/^postgres(ql)?:/.test(databaseUrl)) {
    const db = new Database(databaseUrl.replace(/^file:/, ""), { readonly: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** VmHWM from /proc/<pid>/status: the most memory the process has held resident, in MB. */
export function peakRssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * utime + stime from /proc/<pid>/stat. CPU per request is steadier than requests per second when something
 * else shares the machine, so the benchmarks report both.
 */
export function cpuSeconds(pid: number): number | null {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : null;
  } catch {
    return null;
  }
}

/** installBenchShop on a PostgreSQL database. */
export async function installBenchShopPostgres(databaseUrl: string, shop = BENCH_SHOP) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const now = Date.now();
    await client.query(
      `INSERT INTO "Session" (id, shop, state, "isOnline", "accessToken", expires, scope) VALUES ($1, $2, 'bench', false, 'shpat_bench', $3, 'read_orders')`,
      [`offline_${shop}`, shop, new Date(now + 24 * 3_600_000)],
    );
    await client.query(
      `INSERT INTO "Shop" (domain, "installState", currency, timezone, "installedAt", "updatedAt") VALUES ($1, 'INSTALLED', 'USD', 'UTC', $2, $3)`,
      [shop, new Date(now - 60_000), new Date(now)],
    );
  } finally {
    await client.end();
  }
}

export function installBenchShop(databaseUrl: string, shop = BENCH_SHOP) {
  const db = new Database(databaseUrl.replace(/^file:/, ""));
  const now = Date.now();
  db.prepare(
    `INSERT INTO "Session" (id, shop, state, isOnline, accessToken, expires, scope) VALUES (?, ?, 'bench', 0, 'shpat_bench', ?, 'read_orders')`,
  ).run(`offline_${shop}`, shop, new Date(now + 24 * 3_600_000).toISOString());
  db.prepare(
    `INSERT INTO "Shop" (domain, installState, currency, timezone, installedAt, updatedAt) VALUES (?, 'INSTALLED', 'USD', 'UTC', ?, ?)`,
  ).run(shop, new Date(now - 60_000).toISOString(), new Date(now).toISOString());
  db.close();
}

async function waitFor(url: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function sign(body: string, secret = BENCH_SECRET): string {
  return crypto.createHmac("sha256", secret).update(body).digest("base64");
}

export function writeResult(name: string, result: unknown) {
  const dir = path.join(root, "bench-results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ name, at: new Date().toISOString(), machine: machineInfo(), result }, null, 2)}\n`,
  );
  return file;
}

export function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

/**
 * Runs `work` under the V8 CPU profiler when `name` is given (what `node --cpu-prof` records, but only for
 * this phase of a benchmark, not its seeding) and writes bench-results/<name>.cpuprofile.
 */
export async function profileWhile<T>(name: string | null, work: () => Promise<T>): Promise<T> {
  if (!name) return work();
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  try {
    return await work();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    const dir = path.join(root, "bench-results");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/** The environment the app needs to boot against `databaseUrl`, as in production, with quiet logs. */
export function benchEnvironment(databaseUrl: string): Record<string, string> & { NODE_ENV: "production" } {
  return {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: BENCH_SECRET,
    SHOPIFY_APP_URL: "https://cartback.example.com",
    DATABASE_URL: databaseUrl,
    CRON_SECRET: "bench-cron-secret-0123456789abcdef01234567",
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    RESEND_API_KEY: "re_bench",
    RESEND_WEBHOOK_SECRET: "whsec_bench",
    EMAIL_FROM: "Cartback <recover@example.com>",
    LOG_LEVEL: "warn",
    SCHEDULER: "off",
  };
}

/** `--name N` from the command line, or `fallback`. */
export function numberOption(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}
