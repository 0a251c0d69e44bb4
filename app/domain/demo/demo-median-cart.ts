/**
 * The median cart of the demo's month (demo/world.ts, $204; demo/world.test.ts checks it against the world),
 * which the segment editor would offer as the first-time segment's bound once the month's checkouts were in.
 * At install there are none yet, so the demo shop is given the figure the editor would show at the month's end.
 */
export const DEMO_MEDIAN_CART_MINOR = 20_400;
