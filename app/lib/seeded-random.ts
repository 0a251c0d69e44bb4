/**
 * mulberry32: a small seeded generator of numbers in [0, 1), so generated data (the sample catalogs of the
 * recommendation benchmarks, the demo's world, the rollup tests' random rows) is the same for the same seed
 * and a failure can be replayed from it. Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
