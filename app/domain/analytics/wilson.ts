import { Z_95, type Interval, type Proportion } from "./statistics";

/**
 * A proportion with its 95% Wilson score interval (Wilson 1927; Newcombe 1998, method 3). Unlike the Wald
 * interval (p ± z·√(p(1-p)/n)) it stays inside [0, 1] and keeps close to its stated coverage for small groups
 * and for rates near 0 or 1, which is where a month's cohort of repeat buyers usually is: a few dozen buyers,
 * a rate of a few percent. Null when there are no trials (nothing to estimate).
 */
export function wilsonInterval({ successes, trials }: Proportion, z = Z_95): Interval | null {
  if (trials <= 0) return null;
  if (successes < 0 || successes > trials)
    throw new RangeError(`successes must be between 0 and ${trials}, got ${successes}`);
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const margin = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Clamped against rounding: at 0 or n successes a bound is exactly 0 or 1.
  return {
    estimate: p,
    low: successes === 0 ? 0 : Math.max(0, centre - margin),
    high: successes === trials ? 1 : Math.min(1, centre + margin),
  };
}
