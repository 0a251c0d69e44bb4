import { describe, expect, it } from "vitest";
import { EMAIL_TEMPLATES } from "~/domain/messages";
import { benchmarkModel, runRenderBench } from "./render";

// CI's smoke run of the render benchmark: it runs and measures. The figures are for docs/benchmarks.md, not
// for a timed test (the machine decides them).
describe("email render benchmark (smoke)", () => {
  it("renders the benchmark's email in every design and reports each one's latency percentiles", async () => {
    const result = await runRenderBench({ timeMs: 300, warmupTimeMs: 50 });
    expect(result.templates.map((design) => design.template)).toEqual([...EMAIL_TEMPLATES]);
    for (const design of result.templates) {
      expect(design.samples, design.template).toBeGreaterThan(5);
      expect(design.p50Ms, design.template).toBeGreaterThan(0);
      expect(design.p99Ms, design.template).toBeGreaterThanOrEqual(design.p50Ms);
      expect(design.rendersPerSecond, design.template).toBeGreaterThan(0);
    }
    expect(result.meetsTarget).toBe(result.templates.every((design) => design.meetsTarget));
    expect(benchmarkModel().lines).toHaveLength(3);
    expect(benchmarkModel("NOTE").template).toBe("NOTE");
    expect(benchmarkModel().recommendations?.items).toHaveLength(3);
  });
});
