import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateCatalog, loadCatalogs, type CatalogEvaluation } from "./evaluate";
import { ratioValue, type RecommenderMetrics } from "./metrics";

/**
 * The recommender's quality on the committed real catalogs, as `npm run evaluate:recommendations` measures it
 * (same carts: 1,000 per catalog, seed 1), held as a floor: a ranking change that makes Cartback lose to the
 * original system's recommender, or show a draft or two sizes of one line, fails the suite. The figures and what
 * they mean are in docs/benchmarks.md; the floors are the terms.
 */

const catalogs = loadCatalogs([
  { directory: path.join(import.meta.dirname, "catalogs"), isLocalOnly: false },
]);
const evaluations = new Map<string, CatalogEvaluation>(
  catalogs.map(({ catalog }) => [
    catalog.slug,
    evaluateCatalog(catalog, { carts: 1000, seed: 1, now: () => 0 }),
  ]),
);

function metricsOf(slug: string, name: string): RecommenderMetrics {
  const result = evaluations.get(slug)?.results.find((entry) => entry.name === name);
  if (!result) throw new Error(`no ${name} results for ${slug}`);
  return result.metrics;
}

const typePrecision = (metrics: RecommenderMetrics) => {
  const { "single-type": single, mixed } = metrics.typePrecision;
  return (single.hits + mixed.hits) / (single.total + mixed.total);
};

describe("recommendations on the committed real catalogs", () => {
  it("has the three catalogs of the evaluation", () => {
    expect([...evaluations.keys()].sort()).toEqual(["ikea-sa-2020", "magento-luma", "uci-online-retail"]);
  });

  it("never recommends what cannot be bought, nor two products of one line", () => {
    for (const slug of evaluations.keys()) {
      const cartback = metricsOf(slug, "Cartback");
      expect(cartback.notSellable.hits, slug).toBe(0);
      expect(ratioValue(cartback.lineDuplicateCarts) ?? 0, slug).toBeLessThan(0.01);
    }
  });

  it("serves at least 90% of the types of mixed carts that the catalog can serve", () => {
    for (const slug of ["ikea-sa-2020", "magento-luma"]) {
      expect(ratioValue(metricsOf(slug, "Cartback").mixedServableTypesServed), slug).toBeGreaterThanOrEqual(
        0.9,
      );
    }
  });

  it("is at least the seed's precision by type on IKEA, and above the seed kept to one product per line", () => {
    expect(typePrecision(metricsOf("ikea-sa-2020", "Cartback"))).toBeGreaterThanOrEqual(
      typePrecision(metricsOf("ikea-sa-2020", "seed")),
    );
    for (const slug of ["ikea-sa-2020", "magento-luma"]) {
      expect(typePrecision(metricsOf(slug, "Cartback")), slug).toBeGreaterThan(
        typePrecision(metricsOf(slug, "seed, one per line")),
      );
    }
  });

  it("finds held-out basket products more often than the seed, from the shop's orders", () => {
    const cartback = ratioValue(metricsOf("uci-online-retail", "Cartback").basketHits) ?? 0;
    expect(cartback).toBeGreaterThan(ratioValue(metricsOf("uci-online-retail", "seed").basketHits) ?? 0);
  });
});
