/**
 * The demo shop's send-time optimisation and content experiment, set at install (install-demo-shop.server.ts)
 * and read by the demo's world (demo/world.ts), which derives their true effects from them: one list, so the
 * two cannot drift apart. Plain values (no shops or messages code), as demo-offer-tests.ts.
 *
 * - Step 2 of every segment's sequence (the shop's steps, which the segments copy at install) may wait up to
 *   six hours for the hour its shopper most likely reads email; the settings' default 20% of checkouts are the
 *   control, sent at the plain delay. Step 2 because it is the email the demo's shoppers order from.
 * - Step 2 of "Everyone else" (the shop's own sequence, set after the segments copied it) tests the personal
 *   note design (variant B) against the step as it is (A, product-led), with automatic promotion.
 */

export const DEMO_SEND_WINDOW = { step: 2, hours: 6 } as const;

export const DEMO_CONTENT_EXPERIMENT = {
  segmentName: "Everyone else",
  step: 2,
  variantTemplate: "NOTE",
} as const;

/**
 * The winner rule: a month of "Everyone else" sends each variant 60 to 70 second emails, too few for the
 * always-valid interval (CONFIDENCE), which at that size needs one design to recover well over twice as many
 * shoppers as the other. So the demo shop decides on the posterior probability that the leader is best (at
 * 95%), from the settings' smallest sample of 50 emails per variant.
 */
export const DEMO_EXPERIMENT_RULE = {
  autoPromote: true,
  minSendsPerVariant: 50,
  rule: "PROBABILITY",
  levelPercent: 95,
} as const;
