import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { placeOf, resolveImport } from "../scripts/eslint-boundaries.js";

/**
 * The boundaries of docs/ARCHITECTURE.md hold: lint refuses an import that points up or reaches into another
 * domain folder, and no two domain folders depend on each other, directly or round a longer loop.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const APP = path.join(ROOT, "app");
const DOMAIN = path.join(APP, "domain");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports, type-only ones included. */
function specifiersOf(file: string): string[] {
  const source = fs.readFileSync(file, "utf8");
  const pattern =
    /(?:^|\n)\s*(?:import|export)\b[^"']*?\bfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => (match[1] ?? match[2]) as string);
}

/** Which domain folders each domain folder imports. */
function domainGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(DOMAIN)) {
    const from = placeOf(file).folder as string;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const specifier of specifiersOf(file)) {
      const target = resolveImport(file, specifier);
      const to = target ? placeOf(target) : null;
      if (to?.layer === "domain" && to.folder !== from) edges.add(to.folder as string);
    }
  }
  return graph;
}

/** A loop of folders, or null when the graph has none. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const trail: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "done") return null;
    if (state.get(node) === "visiting") return [...trail.slice(trail.indexOf(node)), node];
    state.set(node, "visiting");
    trail.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

async function lintAt(relativePath: string, code: string) {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, relativePath) });
  return (result?.messages ?? []).map((message) => message.ruleId);
}

describe("module boundaries", () => {
  it("every domain folder has an index.ts, its public face", () => {
    const folders = fs.readdirSync(DOMAIN, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((folder) => !fs.existsSync(path.join(DOMAIN, folder.name, "index.ts")))).toEqual(
      [],
    );
  });

  it("no two domain folders depend on each other, directly or round a loop", () => {
    const graph = domainGraph();
    expect(graph.get("sequences")?.has("checkouts")).toBe(true);
    expect(findCycle(graph)).toBeNull();
  });

  it("docs/ARCHITECTURE.md draws the graph as it is", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "ARCHITECTURE.md"), "utf8");
    const start = doc.indexOf("  domain/   each folder");
    const block = doc.slice(start, doc.indexOf("  graphql/ ", start));
    const drawn = new Map<string, Set<string>>();
    let current: string[] = [];
    for (const raw of block.split("\n").slice(1)) {
      const line = raw
        .replace(/^\s*\|?\s*/, "")
        .replace(/\(.*?\)/g, "")
        .trim();
      if (!line || line === "v") continue;
      const [left, right] = line.includes("->")
        ? line.split("->")
        : line.includes(":")
          ? line.split(":")
          : [null, line];
      if (left !== null) current = (left as string).split(",").map((name) => name.trim());
      const targets = line.includes("->") || left === null ? (right as string).split(",") : [];
      for (const name of current) {
        const edges = drawn.get(name) ?? new Set<string>();
        for (const target of targets.map((word) => word.trim()).filter(Boolean)) edges.add(target);
        drawn.set(name, edges);
      }
    }
    const actual = [...domainGraph()].map(([folder, edges]) => [folder, [...edges].sort()]).sort();
    expect([...drawn].map(([folder, edges]) => [folder, [...edges].sort()]).sort()).toEqual(actual);
  });

  it("finds a loop when there is one (the check can fail)", () => {
    const graph = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
    ]);
    expect(findCycle(graph)).toEqual(["a", "b", "c", "a"]);
  });

  it("lib/ imports nothing above it", () => {
    const upward = sourceFiles(path.join(APP, "lib")).flatMap((file) =>
      specifiersOf(file)
        .map((specifier) => resolveImport(file, specifier))
        .filter((target): target is string => target !== null && placeOf(target).layer !== "lib")
        .filter((target) => placeOf(target).layer !== "outside")
        .map((target) => `${path.relative(APP, file)} -> ${path.relative(APP, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it("lint refuses lib/ importing the domain, and a domain folder reaching into another's files", async () => {
    expect(
      await lintAt("app/lib/boundary-probe.ts", 'export { findActiveShop } from "~/domain/shops";\n'),
    ).toContain("cartback/layers");
    expect(
      await lintAt(
        "app/domain/checkouts/boundary-probe.ts",
        'export { claimStep } from "~/domain/sequences/claim-step.server";\n',
      ),
    ).toContain("cartback/domain-faces");
    expect(
      await lintAt("app/domain/checkouts/boundary-probe.ts", 'export { routes } from "~/routes/app";\n'),
    ).toContain("cartback/layers");
  });

  it("lint accepts the same imports through the door", async () => {
    expect(
      await lintAt(
        "app/domain/attribution/boundary-probe.ts",
        'export { claimStep } from "~/domain/sequences";\n',
      ),
    ).toEqual([]);
    expect(
      await lintAt(
        "app/components/boundary-probe.ts",
        'export { tierExamples } from "~/domain/shops/tier-examples";\n',
      ),
    ).toEqual([]);
  });
});
