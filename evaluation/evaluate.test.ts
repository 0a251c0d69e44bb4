import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { format } from "prettier";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluateCatalog, loadCatalogs, parseArguments, runEvaluation } from "./evaluate";
import { tinyCatalog } from "./fixtures/tiny-catalog";

let directory: string;
let localDirectory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "cartback-evaluation-"));
  writeFileSync(path.join(directory, "tiny.json.gz"), gzipSync(JSON.stringify(tinyCatalog)));
  // The git-ignored folder of catalogs without a licence to redistribute; absent in a fresh checkout.
  localDirectory = path.join(directory, "local");
});

const folders = () => [
  { directory, isLocalOnly: false },
  { directory: localDirectory, isLocalOnly: true },
];

function writeLocalCatalog(slug: string) {
  mkdirSync(localDirectory);
  const catalog = { ...tinyCatalog, slug, name: "Unlicensed shop" };
  writeFileSync(path.join(localDirectory, `${slug}.json.gz`), gzipSync(JSON.stringify(catalog)));
}

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** A clock that advances 1 ms per reading: each cart then takes exactly 1 ms. */
function steppingClock() {
  let time = 0;
  return () => time++;
}

/** The cells of a table row whose first cell starts with `label`. */
function rowOf(report: string, label: string): string[] {
  const line = report.split("\n").find((candidate) => candidate.startsWith(`| ${label}`));
  if (line === undefined) throw new Error(`no row ${label}`);
  return line
    .split("|")
    .slice(1, -1)
    .map((cell) => cell.trim());
}

describe("the evaluation on the fixture shop", () => {
  it("writes a table per catalog with the seed, the seed one per line and Cartback, and a summary", async () => {
    const outputPath = path.join(directory, "results.md");
    const report = runEvaluation({
      options: { carts: 40, seed: 1 },
      catalogFolders: folders(),
      outputPath,
      now: steppingClock(),
    });
    expect(report).not.toBeNull();
    expect(readFileSync(outputPath, "utf8")).toBe(report);
    const text = report as string;

    expect(text).toContain("## Tiny fixture shop (`tiny`)");
    expect(text).not.toContain("Local only");
    expect(rowOf(text, "Metric")).toEqual(["Metric", "seed", "seed, one per line", "Cartback"]);
    // 20 single-type and 20 mixed carts, and one basket cart per usable test order (the fixture has 4).
    expect(rowOf(text, "Carts:").slice(1)).toEqual(["20 / 20 / 4", "20 / 20 / 4", "20 / 20 / 4"]);
    // The seed recommends the fixture's draft, archived and sold-out look-alikes; Cartback never does.
    const [, seedNotSellable, , cartbackNotSellable] = rowOf(text, "Not sellable");
    expect(cartbackNotSellable).toMatch(/^0\.0% \(0\/\d+\)$/);
    expect(seedNotSellable).toMatch(/^(\d+\.\d)% \((\d+)\/\d+\)$/);
    expect(Number(seedNotSellable?.split("%")[0])).toBeGreaterThan(0);
    // The seed fills every list; the fixture's t-shirt line makes line duplicates possible.
    expect(rowOf(text, "Coverage")[1]).toBe("100.0% (44/44)");
    // The fixture's t-shirt line: the seed shows two colours of it in some carts, one per line never does.
    const [, seedDuplicates, onePerLineDuplicates] = rowOf(text, "Carts with a line duplicate");
    expect(seedDuplicates).not.toMatch(/^0\.0%/);
    expect(onePerLineDuplicates).toMatch(/^0\.0% \(0\/44\), 0 pairs$/);
    for (const label of [
      "Precision@3 by type, single-type",
      "Mixed carts: share of servable types served",
      "Basket hit@3",
      "Cross-sell hit, carts",
    ]) {
      for (const cell of rowOf(text, label).slice(1)) expect(cell).toMatch(/^\d+\.\d% \(\d+\/\d+\)$/);
    }
    expect(rowOf(text, "Time per cart").slice(1)).toEqual(["1.00 / 1.00", "1.00 / 1.00", "1.00 / 1.00"]);
    expect(rowOf(text, "Catalog")).toEqual([
      "Catalog",
      "Products",
      "Measure",
      "seed",
      "seed, one per line",
      "Cartback",
    ]);
    expect(rowOf(text, "tiny").slice(0, 3)).toEqual(["tiny", "14", "precision@3 by type"]);
    const measures = text
      .slice(text.indexOf("## Summary"))
      .split("\n")
      .filter((line) => line.startsWith("| "))
      .slice(2)
      .map((line) => line.split("|")[3]?.trim());
    expect(measures).toEqual([
      "precision@3 by type",
      "right type, not a cart line",
      "precision@3 by tag",
      "coverage",
      "mixed carts: servable types served",
      "line-duplicate carts",
      "not sellable",
      "cross-sell hit (carts)",
      "basket hit@3",
    ]);

    // results.md is committed: `npm run lint` checks it with prettier.
    expect(await format(text, { parser: "markdown", printWidth: 110 })).toBe(text);
  });

  it("reads the local catalogs too and marks them local only, with how to rebuild them", () => {
    writeLocalCatalog("unlicensed");
    const text = runEvaluation({
      options: { carts: 10, seed: 1 },
      catalogFolders: folders(),
      outputPath: path.join(directory, "results.md"),
      now: steppingClock(),
    }) as string;
    const section = text.slice(text.indexOf("## Unlicensed shop (`unlicensed`)"), text.indexOf("## Summary"));
    expect(section).toContain(
      "Local only (no licence to redistribute; rebuild with `npx tsx evaluation/import/unlicensed.ts <raw>` " +
        "from the cited source).",
    );
    expect(text.slice(0, text.indexOf("## Unlicensed"))).not.toContain("Local only");
    expect(rowOf(text, "unlicensed (local only)")[1]).toBe("14");
    expect(rowOf(text, "tiny")[0]).toBe("tiny");
  });

  it("learns from training orders only and builds basket carts from the test orders", () => {
    const evaluation = evaluateCatalog(tinyCatalog, { carts: 10, seed: 1, now: steppingClock() });
    expect(evaluation.trainingOrders + evaluation.testOrders).toBe(tinyCatalog.orders?.length);
    expect(evaluation.testOrders).toBe(4);
  });
});

describe("loadCatalogs and parseArguments", () => {
  it("loads one catalog by slug and names the ones there are when it is missing", () => {
    expect(loadCatalogs(folders(), "tiny").map(({ catalog }) => catalog.slug)).toEqual(["tiny"]);
    expect(() => loadCatalogs(folders(), "other")).toThrow(/there are: tiny\.json\.gz/);
  });

  it("reads both folders in name order, knows which is local, and refuses a catalog in both", () => {
    writeLocalCatalog("alpha");
    expect(loadCatalogs(folders()).map(({ catalog, isLocalOnly }) => [catalog.slug, isLocalOnly])).toEqual([
      ["alpha", true],
      ["tiny", false],
    ]);
    writeFileSync(path.join(localDirectory, "tiny.json.gz"), gzipSync(JSON.stringify(tinyCatalog)));
    expect(() => loadCatalogs(folders())).toThrow(/tiny\.json\.gz is in more than one catalog folder/);
  });

  it("reads --catalog, --carts and --seed with defaults", () => {
    expect(parseArguments([])).toEqual({ carts: 1000, seed: 1, catalog: undefined });
    expect(parseArguments(["--catalog", "shop", "--carts", "50", "--seed", "7"])).toEqual({
      carts: 50,
      seed: 7,
      catalog: "shop",
    });
    expect(() => parseArguments(["--carts", "many"])).toThrow(/--carts/);
  });
});
