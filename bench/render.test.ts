import { describe, expect, it } from "vitest";
import { benchmarkModel, runRenderBench } from "./render";

// CI's smoke run of the render benchmark: it runs and measures. The figures are for docs/benchmarks.md, not
// for a timed test (the machine decides them).
describe("email render benchmark (smoke)", () => {
  it("renders the benchmark's email and reports latency percentiles", async () => {
    const result = await runRenderBench({ timeMs: 300, warmupTimeMs: 50 });
    expect(result.samples).toBeGreaterThan(5);
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(result.rendersPerSecond).toBeGreaterThan(0);
    expect(benchmarkModel().lines).toHaveLength(3);
    expect(benchmarkModel().recommendations?.items).toHaveLength(3);
  });
});
