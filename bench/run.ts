import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { machineInfo, root } from "./lib";
import { exitUnlessSupportedNode } from "../scripts/supported-node.mjs";

exitUnlessSupportedNode();

/**
 * npm run bench [-- --smoke] [-- --only ingest,tick]
 *
 * Builds the app, then runs every benchmark, each in its own process (so memory figures and the database
 * client do not carry over): on SQLite, and on PostgreSQL too when BENCH_POSTGRES_URL points at a server (each
 * run makes and drops its own database there). Each writes bench-results/<name>.json; this prints one table of
 * the targets from those files, with the ceiling measured in the same run and the ratio to it where a figure
 * has one. `--smoke` runs every benchmark at a small size (what CI runs, so that none of them rots); its
 * figures say nothing about the targets. Exits non-zero when a benchmark fails or a correctness target (rows
 * lost, a send twice, a failed answer) is missed; a missed speed target is reported, not fatal.
 */

const args = process.argv.slice(2);
const SMOKE = args.includes("--smoke");
const only = args.includes("--only") ? (args[args.indexOf("--only") + 1] ?? "").split(",") : null;
const postgresUrl = process.env.BENCH_POSTGRES_URL || undefined;

export interface Target {
  name: string;
  value: number | string;
  unit: string;
  target: string;
  met: boolean;
  ceiling?: number;
  ratio?: number;
  /** A correctness check (nothing lost, nothing twice) rather than a speed figure. */
  correctness?: boolean;
}

interface Benchmark {
  name: string;
  script: string;
  args: string[];
  smokeArgs: string[];
  postgres?: boolean;
  /**
   * The smoke run (CI) skips its PostgreSQL pass: the paths it adds on PostgreSQL are the tick's, which the
   * tick's own smoke run covers there.
   */
  smokeSqliteOnly?: boolean;
  /** The result files it writes, and how to read targets out of each. */
  results: Array<{ file: string; targets: (result: Record<string, unknown>) => Target[] }>;
}

const ownTargets = (result: Record<string, unknown>) => (result.targets as Target[] | undefined) ?? [];

const BENCHMARKS: Benchmark[] = [
  {
    name: "render",
    script: "render.ts",
    args: [],
    smokeArgs: ["--time", "300"],
    results: [{ file: "render", targets: renderTargets }],
  },
  {
    name: "recommendations",
    script: "recommendations.ts",
    args: [],
    smokeArgs: ["--sizes", "1000", "--queries", "300"],
    results: [{ file: "recommendations", targets: recommendationTargets }],
  },
  {
    name: "ingest",
    script: "ingest.ts",
    args: [],
    smokeArgs: ["--duration", "2", "--connections", "10"],
    postgres: true,
    results: [
      { file: "ingest", targets: ownTargets },
      { file: "ingest-postgresql", targets: ownTargets },
    ],
  },
  {
    name: "burst",
    script: "burst.ts",
    args: [],
    smokeArgs: ["--amount", "500", "--connections", "50"],
    postgres: true,
    results: [
      { file: "burst", targets: ownTargets },
      { file: "burst-postgresql", targets: ownTargets },
    ],
  },
  {
    name: "tick",
    script: "tick.ts",
    args: [],
    smokeArgs: ["--checkouts", "100", "--products", "100"],
    postgres: true,
    results: [
      { file: "tick", targets: ownTargets },
      { file: "tick-postgresql", targets: ownTargets },
    ],
  },
  {
    name: "segments",
    script: "segments.ts",
    args: [],
    smokeArgs: ["--checkouts", "100", "--products", "100"],
    postgres: true,
    smokeSqliteOnly: true,
    results: [
      { file: "segments", targets: ownTargets },
      { file: "segments-postgresql", targets: ownTargets },
    ],
  },
  {
    name: "concurrency",
    script: "concurrency.ts",
    args: [],
    smokeArgs: ["--checkouts", "100", "--products", "100"],
    postgres: true,
    results: [
      { file: "concurrency-sqlite", targets: ownTargets },
      { file: "concurrency-postgresql", targets: ownTargets },
    ],
  },
  {
    name: "rotation",
    script: "rotation.ts",
    args: [],
    smokeArgs: ["--shops", "100", "--room", "10"],
    postgres: true,
    results: [
      { file: "rotation", targets: ownTargets },
      { file: "rotation-postgresql", targets: ownTargets },
    ],
  },
  {
    name: "provider-rate",
    script: "provider-rate.ts",
    args: [],
    smokeArgs: ["--checkouts", "60", "--rate", "20", "--products", "50"],
    results: [{ file: "provider-rate", targets: ownTargets }],
  },
  {
    name: "dashboard",
    script: "dashboard.ts",
    args: ["--sizes", "1000000"],
    smokeArgs: ["--sizes", "20000", "--runs", "2", "--warmup", "1"],
    results: [{ file: "dashboard", targets: dashboardTargets }],
  },
];

function renderTargets(result: Record<string, unknown>): Target[] {
  const templates = result.templates as Array<{ template: string; p99Ms: number; meetsTarget: boolean }>;
  return templates.map((design) => ({
    name: `Email render p99, ${design.template.toLowerCase()} design`,
    value: design.p99Ms,
    unit: "ms",
    target: `<= ${result.targetP99Ms as number}`,
    met: design.meetsTarget,
  }));
}

function recommendationTargets(result: Record<string, unknown>): Target[] {
  const limits: Record<number, number> = { 10_000: 2, 100_000: 20 };
  return (result.sizes as Array<{ products: number; p99Ms: number; buildMs: number; peakRssMb: number }>).map(
    (size) => ({
      name: `Recommendations, ${size.products.toLocaleString("en")} products: query p99 (build ${Math.round(size.buildMs)} ms, peak RSS ${Math.round(size.peakRssMb)} MB)`,
      value: size.p99Ms,
      unit: "ms",
      target: limits[size.products] ? `<= ${limits[size.products]}` : "(reported)",
      met: limits[size.products] ? size.p99Ms <= (limits[size.products] as number) : true,
    }),
  );
}

function dashboardTargets(result: Record<string, unknown>): Target[] {
  const sizes = result.sizes as Array<{
    checkouts: number;
    periods: Array<{
      period: string;
      loader: { p50Ms: number; p95Ms: number };
      live: { identical: boolean } | null;
    }>;
  }>;
  return sizes.flatMap((size) => [
    ...size.periods.map((period) => ({
      name: `Dashboard, ${size.checkouts.toLocaleString("en")} checkouts, ${period.period}: p95`,
      value: Math.round(period.loader.p95Ms),
      unit: "ms",
      target: size.checkouts >= 1_000_000 ? "<= 300" : "(reported)",
      met: size.checkouts >= 1_000_000 ? period.loader.p95Ms <= 300 : true,
    })),
    {
      name: `Dashboard, ${size.checkouts.toLocaleString("en")} checkouts: rollups identical to the raw rows`,
      value: size.periods.every((period) => period.live?.identical !== false) ? "yes" : "no",
      unit: "",
      target: "yes",
      met: size.periods.every((period) => period.live?.identical !== false),
    },
  ]);
}

/** What counts as correctness rather than speed: the benchmarks' own "lost", "once" and "failed" checks. */
const isCorrectness = (target: Target) => /lost|once|failed|errors|doubled|identical/i.test(target.name);

function run(benchmark: Benchmark, database: "sqlite" | "postgresql"): boolean {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const extra: string[] = [];
  if (database === "postgresql") extra.push("--postgres");
  else delete env.BENCH_POSTGRES_URL;
  const started = Date.now();
  console.info(`\n== ${benchmark.name} (${database})${SMOKE ? ", smoke size" : ""}`);
  const child = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(root, "bench", benchmark.script),
      ...(SMOKE ? benchmark.smokeArgs : benchmark.args),
      ...extra,
    ],
    { cwd: root, env, stdio: "inherit" },
  );
  console.info(`== ${benchmark.name} (${database}): ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return child.status === 0;
}

function readTargets(benchmark: Benchmark, since: number): Target[] {
  return benchmark.results.flatMap(({ file, targets }) => {
    const full = path.join(root, "bench-results", `${file}.json`);
    if (!fs.existsSync(full) || fs.statSync(full).mtimeMs < since) return [];
    const { result } = JSON.parse(fs.readFileSync(full, "utf8")) as { result: Record<string, unknown> };
    return targets(result).map((target) => ({ ...target, correctness: isCorrectness(target) }));
  });
}

function formatValue(value: number | string, unit: string) {
  const text = typeof value === "number" ? value.toLocaleString("en") : value;
  return unit ? `${text} ${unit}` : text;
}

async function main() {
  const started = Date.now();
  // .ci/run builds once before everything and says so; anywhere else the benchmarks get a fresh build.
  const prebuilt =
    process.env.CARTBACK_BUILD_READY === "1" && fs.existsSync(path.join(root, "build", "server.js"));
  if (!prebuilt) {
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const failed: string[] = [];
  const targets: Target[] = [];
  for (const benchmark of BENCHMARKS) {
    if (only && !only.includes(benchmark.name)) continue;
    const since = Date.now();
    const databases: Array<"sqlite" | "postgresql"> =
      benchmark.postgres && postgresUrl && !(SMOKE && benchmark.smokeSqliteOnly)
        ? ["sqlite", "postgresql"]
        : ["sqlite"];
    for (const database of databases) {
      if (!run(benchmark, database)) failed.push(`${benchmark.name} (${database})`);
    }
    targets.push(...readTargets(benchmark, since));
  }

  console.info(
    `\nCartback benchmarks${SMOKE ? " (smoke sizes: the figures say nothing about the targets)" : ""}, ` +
      `${JSON.stringify(machineInfo())}, ${((Date.now() - started) / 1000).toFixed(0)} s` +
      (postgresUrl ? "" : "; PostgreSQL runs skipped (BENCH_POSTGRES_URL is not set)"),
  );
  console.table(
    targets.map((target) => ({
      benchmark: target.name,
      figure: formatValue(target.value, target.unit),
      target: target.target,
      "ceiling (same run)": target.ceiling === undefined ? "" : target.ceiling.toLocaleString("en"),
      ratio: target.ratio === undefined ? "" : target.ratio,
      met: SMOKE && !target.correctness ? "(smoke)" : target.met ? "yes" : "NO",
    })),
  );
  const broken = targets.filter((target) => target.correctness && !target.met);
  for (const target of broken) console.error(`correctness target missed: ${target.name}`);
  for (const name of failed) console.error(`benchmark failed: ${name}`);
  if (failed.length > 0 || broken.length > 0) process.exitCode = 1;
}

await main();
