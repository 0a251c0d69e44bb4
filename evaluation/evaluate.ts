import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { EvaluationCatalog } from "./catalog-format";
import { createCartbackRecommender } from "./cartback-recommender";
import {
  buildCarts,
  isSellable,
  measureRecommendations,
  ratioValue,
  runRecommender,
  splitOrders,
  typeLabelOf,
  type CartCounts,
  type Ratio,
  type RecommenderFactory,
  type RecommenderMetrics,
} from "./metrics";
import { createSeedOnePerLineRecommender } from "./seed-one-per-line-recommender";
import { createSeedRecommender } from "./seed-recommender";

/**
 * npm run evaluate:recommendations [-- --catalog <slug>] [--carts 1000] [--seed 1]
 *
 * Runs the original system's recommender (the baseline), the same ranking kept to one product per product
 * line, and Cartback's on the same carts of every real catalog in evaluation/catalogs/*.json.gz and, when
 * present, evaluation/catalogs-local/*.json.gz; prints a table per catalog and a summary, and writes the same
 * markdown to evaluation/results.md. --carts N makes N/2 single-type and N/2 mixed carts, plus up to N/2
 * basket carts on catalogs with orders. evaluation/README.md says what is measured and where the data is from.
 */

const EVALUATION_DIRECTORY = path.dirname(fileURLToPath(import.meta.url));

export const RECOMMENDERS: ReadonlyArray<{ name: string; create: RecommenderFactory }> = [
  { name: "seed", create: (catalog) => createSeedRecommender(catalog) },
  { name: "seed, one per line", create: (catalog) => createSeedOnePerLineRecommender(catalog) },
  { name: "Cartback", create: createCartbackRecommender },
];

export interface EvaluationOptions {
  carts: number;
  seed: number;
  catalog?: string;
}

export function parseArguments(argv: readonly string[]): EvaluationOptions {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const integer = (name: string, fallback: number) => {
    const text = value(name);
    if (text === undefined) return fallback;
    const parsed = Number(text);
    if (!Number.isInteger(parsed) || parsed < 0)
      throw new Error(`--${name} takes a whole number, not ${text}`);
    return parsed;
  };
  return { carts: integer("carts", 1000), seed: integer("seed", 1), catalog: value("catalog") };
}

/**
 * Where catalogs are read from. evaluation/catalogs/ holds the ones whose licence lets us redistribute them
 * (committed); evaluation/catalogs-local/ (git-ignored, may be absent) holds ones converted from sources that
 * state no licence, so each developer rebuilds them from the cited source and they are evaluated only locally.
 */
export interface CatalogFolder {
  directory: string;
  isLocalOnly: boolean;
}

export interface LoadedCatalog {
  catalog: EvaluationCatalog;
  isLocalOnly: boolean;
}

export function loadCatalogs(folders: readonly CatalogFolder[], slug?: string): LoadedCatalog[] {
  const files = folders
    .filter(({ directory }) => existsSync(directory))
    .flatMap((folder) =>
      readdirSync(folder.directory)
        .filter((file) => file.endsWith(".json.gz"))
        .map((file) => ({ file, folder })),
    )
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const names = files.map(({ file }) => file);
  const repeated = names.find((name, at) => names.indexOf(name) !== at);
  if (repeated !== undefined) throw new Error(`${repeated} is in more than one catalog folder`);
  const chosen = slug === undefined ? files : files.filter(({ file }) => file === `${slug}.json.gz`);
  if (slug !== undefined && chosen.length === 0) {
    const where = folders.map(({ directory }) => directory).join(" or ");
    throw new Error(`No catalog ${slug} in ${where} (there are: ${names.join(", ") || "none"})`);
  }
  return chosen.map(({ file, folder }) => {
    const catalog = JSON.parse(
      gunzipSync(readFileSync(path.join(folder.directory, file))).toString("utf8"),
    ) as EvaluationCatalog | undefined;
    if (!catalog || !Array.isArray(catalog.products)) throw new Error(`${file} is not an evaluation catalog`);
    return { catalog, isLocalOnly: folder.isLocalOnly };
  });
}

export interface CatalogEvaluation {
  catalog: EvaluationCatalog;
  isLocalOnly: boolean;
  trainingOrders: number;
  testOrders: number;
  results: Array<{ name: string; metrics: RecommenderMetrics }>;
}

export function evaluateCatalog(
  catalog: EvaluationCatalog,
  {
    carts,
    seed,
    now,
    isLocalOnly = false,
  }: { carts: number; seed: number; now: () => number; isLocalOnly?: boolean },
): CatalogEvaluation {
  const { training, test } = splitOrders(catalog.orders ?? []);
  const counts: CartCounts = {
    singleType: Math.floor(carts / 2),
    mixed: carts - Math.floor(carts / 2),
    basket: Math.floor(carts / 2),
  };
  const cartList = buildCarts(catalog, test, { seed, counts });
  return {
    catalog,
    isLocalOnly,
    trainingOrders: training.length,
    testOrders: test.length,
    results: RECOMMENDERS.map(({ name, create }) => ({
      name,
      metrics: measureRecommendations(catalog, runRecommender(create(catalog, training), cartList, now)),
    })),
  };
}

const percent = (value: number | null) => (value === null ? "n/a" : `${(100 * value).toFixed(1)}%`);
const share = (ratio: Ratio) =>
  ratio.total === 0 ? "n/a" : `${percent(ratioValue(ratio))} (${ratio.hits}/${ratio.total})`;
const sumRatios = (...ratios: Ratio[]): Ratio => ({
  hits: ratios.reduce((sum, ratio) => sum + ratio.hits, 0),
  total: ratios.reduce((sum, ratio) => sum + ratio.total, 0),
});

/** A markdown table laid out as prettier lays it out, so results.md passes `prettier --check`. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((cell, column) =>
    Math.max(3, cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (cells[column] ?? "").padEnd(width)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** How results.md marks a catalog read from evaluation/catalogs-local/. */
export function localOnlyNote(slug: string): string {
  return (
    "Local only (no licence to redistribute; rebuild with " +
    `\`npx tsx evaluation/import/${slug}.ts <raw>\` from the cited source).`
  );
}

function renderCatalog(evaluation: CatalogEvaluation): string {
  const { catalog, results } = evaluation;
  const row = (label: string, cell: (metrics: RecommenderMetrics) => string) => [
    label,
    ...results.map(({ metrics }) => cell(metrics)),
  ];
  const first = results[0]?.metrics;
  const hasBaskets = (first?.carts.basket ?? 0) > 0;
  const hasLines = catalog.products.some((product) => product.lineKey !== null);
  const hasCrossSells = catalog.products.some((product) => product.crossSells.length > 0);
  const rows = [
    row(
      "Carts: single-type / mixed / basket",
      (m) => `${m.carts["single-type"]} / ${m.carts.mixed} / ${m.carts.basket}`,
    ),
    row("Precision@3 by type, single-type carts", (m) => share(m.typePrecision["single-type"])),
    row("Precision@3 by type, mixed carts", (m) => share(m.typePrecision.mixed)),
    ...(hasBaskets ? [row("Precision@3 by type, basket carts", (m) => share(m.typePrecision.basket))] : []),
    ...(hasLines ? [row("Right type, not a cart item's line", (m) => share(m.typePrecisionOtherLines))] : []),
    row("Precision@3 by tag (carts with tags)", (m) => share(m.tagPrecision)),
    row("Coverage (carts with 3)", (m) => share(m.coverage)),
    row("Mixed carts: mean share of types served", (m) => percent(m.mixedTypesServed)),
    row("Mixed carts: all types served", (m) => share(m.mixedAllTypesServed)),
    row("Mixed carts: share of servable types served", (m) => share(m.mixedServableTypesServed)),
    row(
      "Carts with a line duplicate",
      (m) => `${share(m.lineDuplicateCarts)}, ${m.lineDuplicatePairs} pairs`,
    ),
    row("Recommendations of a cart item's line", (m) => share(m.sameLineAsCart)),
    row("Not sellable (draft, archived, unavailable, in cart)", (m) => share(m.notSellable)),
    ...(hasCrossSells
      ? [
          row("Cross-sell hit, carts", (m) => share(m.crossSellCarts)),
          row("Cross-sell hit, recommendations", (m) => share(m.crossSellRecommendations)),
        ]
      : []),
    ...(hasBaskets ? [row("Basket hit@3 (held-out product)", (m) => share(m.basketHits))] : []),
    row("Reasons", (m) =>
      Object.entries(m.reasons)
        .sort((a, b) => b[1] - a[1])
        .map(([reason, count]) => `${reason} ${count}`)
        .join(", "),
    ),
    row(
      "Time per cart p50 / p99 (ms)",
      (m) => `${m.milliseconds.p50.toFixed(2)} / ${m.milliseconds.p99.toFixed(2)}`,
    ),
  ];
  const sellable = catalog.products.filter(isSellable).length;
  const labelled = catalog.products.filter((product) => typeLabelOf(product) !== null).length;
  const orders = catalog.orders
    ? `${catalog.orders.length} orders (${evaluation.trainingOrders} for training, ${evaluation.testOrders} for test)`
    : "no orders";
  return [
    `## ${catalog.name} (\`${catalog.slug}\`)`,
    "",
    ...(evaluation.isLocalOnly ? [localOnlyNote(catalog.slug), ""] : []),
    `${catalog.products.length} products (${sellable} ACTIVE and available, ${labelled} with a type label), ` +
      `${orders}. Source: ${catalog.source.url} (${catalog.source.license}).`,
    "",
    renderTable(["Metric", ...results.map(({ name }) => name)], rows),
  ].join("\n");
}

/**
 * The summary's measures. A measure no recommender could be scored on (n/a) is left out for that catalog, as
 * are the product-line measures for a catalog whose source gives no lines.
 */
const SUMMARY_MEASURES: ReadonlyArray<{
  label: string;
  ratio: (metrics: RecommenderMetrics) => Ratio;
  needsLines?: boolean;
}> = [
  {
    label: "precision@3 by type",
    ratio: (m) => sumRatios(m.typePrecision["single-type"], m.typePrecision.mixed),
  },
  { label: "right type, not a cart line", ratio: (m) => m.typePrecisionOtherLines, needsLines: true },
  { label: "precision@3 by tag", ratio: (m) => m.tagPrecision },
  { label: "coverage", ratio: (m) => m.coverage },
  { label: "mixed carts: servable types served", ratio: (m) => m.mixedServableTypesServed },
  { label: "line-duplicate carts", ratio: (m) => m.lineDuplicateCarts, needsLines: true },
  { label: "not sellable", ratio: (m) => m.notSellable },
  { label: "cross-sell hit (carts)", ratio: (m) => m.crossSellCarts },
  { label: "basket hit@3", ratio: (m) => m.basketHits },
];

function renderSummary(evaluations: readonly CatalogEvaluation[]): string {
  const names = evaluations[0]?.results.map(({ name }) => name) ?? [];
  const rows = evaluations.flatMap(({ catalog, results, isLocalOnly }) => {
    const hasLines = catalog.products.some((product) => product.lineKey !== null);
    const measures = SUMMARY_MEASURES.filter(
      ({ ratio, needsLines }) =>
        (hasLines || needsLines !== true) && results.some(({ metrics }) => ratio(metrics).total > 0),
    );
    const name = `${catalog.slug}${isLocalOnly ? " (local only)" : ""}`;
    return measures.map(({ label, ratio }, at) => [
      at === 0 ? name : "",
      at === 0 ? String(catalog.products.length) : "",
      label,
      ...results.map(({ metrics }) => percent(ratioValue(ratio(metrics)))),
    ]);
  });
  return [
    "## Summary",
    "",
    "Precision@3 by type over single-type and mixed carts; right type, not a cart line: over all carts with a " +
      "labelled item; line-duplicate carts by the source's own product lines; measures that do not apply to " +
      "a catalog are left out.",
    "",
    renderTable(["Catalog", "Products", "Measure", ...names], rows),
  ].join("\n");
}

export function renderReport(evaluations: readonly CatalogEvaluation[], options: EvaluationOptions): string {
  return [
    "# Recommendations on real catalogs",
    "",
    `Written by \`npm run evaluate:recommendations\` (seed ${options.seed}, --carts ${options.carts}` +
      `${options.catalog === undefined ? "" : `, --catalog ${options.catalog}`}). ` +
      "The seed column is the original system's recommender (evaluation/seed-recommender.ts); " +
      '"seed, one per line" is its ranking kept to one product per product line as Cartback keeps it ' +
      "(evaluation/seed-one-per-line-recommender.ts); Cartback's is recommend() through " +
      "evaluation/cartback-recommender.ts. All get the same carts. evaluation/README.md defines the measures " +
      "and cites the catalogs; times vary from run to run.",
    "",
    ...evaluations.flatMap((evaluation) => [renderCatalog(evaluation), ""]),
    renderSummary(evaluations),
    "",
  ].join("\n");
}

/** Evaluates the catalogs in `catalogFolders`, writes the report to `outputPath` and returns it. */
export function runEvaluation({
  options,
  catalogFolders,
  outputPath,
  now,
}: {
  options: EvaluationOptions;
  catalogFolders: readonly CatalogFolder[];
  outputPath: string;
  now: () => number;
}): string | null {
  const catalogs = loadCatalogs(catalogFolders, options.catalog);
  if (catalogs.length === 0) return null;
  const evaluations = catalogs.map(({ catalog, isLocalOnly }) =>
    evaluateCatalog(catalog, { ...options, now, isLocalOnly }),
  );
  const report = renderReport(evaluations, options);
  writeFileSync(outputPath, report);
  return report;
}

function main() {
  const report = runEvaluation({
    options: parseArguments(process.argv.slice(2)),
    catalogFolders: [
      { directory: path.join(EVALUATION_DIRECTORY, "catalogs"), isLocalOnly: false },
      { directory: path.join(EVALUATION_DIRECTORY, "catalogs-local"), isLocalOnly: true },
    ],
    outputPath: path.join(EVALUATION_DIRECTORY, "results.md"),
    now: () => performance.now(),
  });
  if (report === null) {
    process.stderr.write(
      "No catalogs in evaluation/catalogs/ or evaluation/catalogs-local/ (*.json.gz): nothing to evaluate.\n",
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(report);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
