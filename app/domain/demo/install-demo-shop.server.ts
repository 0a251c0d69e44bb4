import { prisma, upsertRacing } from "~/db.server";
import { listSegments, saveSegments, strategyFromSettings, suggestedSegments } from "~/domain/segments";
import {
  findActiveShop,
  recordShopInstall,
  updateShopSettings,
  variantOfStep,
  type ShopSettings,
} from "~/domain/shops";
import { AppError } from "~/lib/app-error";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP } from "~/lib/demo-shop";
import { machineTime } from "~/lib/clock.server";
import { DEMO_CONTENT_EXPERIMENT, DEMO_EXPERIMENT_RULE, DEMO_SEND_WINDOW } from "./demo-experiments";
import { DEMO_MEDIAN_CART_MINOR } from "./demo-median-cart";
import { DEMO_FIRST_TIME_TEST, DEMO_RETURNING_SEGMENT_NAME, DEMO_RETURNING_TEST } from "./demo-offer-tests";

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * The holdout the demo runs with: a month of the demo gives both groups of the whole shop, and of "Everyone
 * else", the 30 checkouts lift needs.
 */
export const DEMO_HOLDOUT_PERCENT = 25;

/**
 * Installs the demo shop as Shopify's install would leave it: an offline session, then the app's own install
 * path (shop details, default settings, a catalog export), all against the demo's mocked Admin API, then sets
 * up what a merchant would in the admin: a 25% holdout, the segment editor's two suggested segments ahead of
 * "Everyone else", send-time optimisation and a content experiment (demo-experiments.ts). `now` is the demo
 * clock's; the session's expiry is real time, since the Shopify library checks it against the wall clock.
 */
export async function installDemoShop({
  now,
  adminFor,
}: {
  now: Date;
  adminFor(shop: string): Promise<AdminGraphql>;
}): Promise<{ shop: string }> {
  const session = {
    shop: DEMO_SHOP,
    state: "installed",
    isOnline: false,
    scope:
      "read_orders,read_products,read_inventory,read_customers,write_customers,write_discounts,write_pixels,read_customer_events",
    accessToken: DEMO_ACCESS_TOKEN,
    // Shopify's library judges a session by the machine's clock, not the demo's.
    expires: new Date(machineTime().getTime() + YEAR_MS),
  };
  await upsertRacing(() =>
    prisma.session.upsert({
      where: { id: `offline_${DEMO_SHOP}` },
      create: { id: `offline_${DEMO_SHOP}`, ...session },
      update: session,
    }),
  );
  await recordShopInstall(DEMO_SHOP, { now, graphql: await adminFor(DEMO_SHOP) });
  // The demo's shoppers are invented, at the reserved example.com/.org/.net domains, which a real shop skips.
  // The send window is set before the segments copy the shop's steps, so every sequence has it.
  const settings = await updateShopSettings(DEMO_SHOP, (current) => ({
    ...current,
    holdoutPercent: DEMO_HOLDOUT_PERCENT,
    audience: { ...current.audience, excludeTestCheckouts: false },
    experiments: { ...current.experiments, ...DEMO_EXPERIMENT_RULE },
    steps: current.steps.map((step, index) =>
      index + 1 === DEMO_SEND_WINDOW.step ? { ...step, sendWindowHours: DEMO_SEND_WINDOW.hours } : step,
    ),
  }));
  await addSuggestedSegments(settings, { now });
  await addContentExperiment();
  return { shop: DEMO_SHOP };
}

/**
 * "Everyone else" (the settings' sequence, after the segments copied it) tests the personal note against its
 * step as it is (demo-experiments.ts). A step that already has variants (the install run again) keeps them.
 */
async function addContentExperiment() {
  await updateShopSettings(DEMO_SHOP, (current) => ({
    ...current,
    steps: current.steps.map((step, index) =>
      index + 1 === DEMO_CONTENT_EXPERIMENT.step && step.variants.length === 0
        ? {
            ...step,
            variants: [{ ...variantOfStep(step), template: DEMO_CONTENT_EXPERIMENT.variantTemplate }],
          }
        : step,
    ),
  }));
}

/**
 * The editor's suggestions, saved through the editor's own path (so each gets its first sequence version as a
 * merchant's would): returning high-value shoppers get the sequence without a discount, first-timers with a
 * cart over the median get it as the shop's settings have it with an offer test (demo-offer-tests.ts), then
 * the demo's own "Returning customers" segment, the shop's sequence with an offer test, and "Everyone else" is
 * the settings. Each has its own holdout, so each row of the dashboard's segment table has its own control
 * group. A shop that already has segments (the install run again) keeps them.
 */
async function addSuggestedSegments(settings: ShopSettings, { now }: { now: Date }) {
  if ((await listSegments(DEMO_SHOP)).length > 0) return;
  const shop = await findActiveShop(DEMO_SHOP, { now });
  if (!shop) throw new AppError("NOT_FOUND", "the demo shop is not installed");
  const shopStrategy = strategyFromSettings(settings);
  const [highValue, firstTime] = suggestedSegments(shop.currency, DEMO_MEDIAN_CART_MINOR, shopStrategy);
  if (!highValue || !firstTime) throw new Error("the segment editor suggested fewer than two segments");
  const returning = {
    name: DEMO_RETURNING_SEGMENT_NAME,
    rule: {
      match: "ALL" as const,
      conditions: [{ kind: "CUSTOMER_TYPE" as const, value: "RETURNING" as const, negate: false }],
    },
    strategy: { ...shopStrategy, ...DEMO_RETURNING_TEST, offerArms: [...DEMO_RETURNING_TEST.offerArms] },
  };
  const saved = await saveSegments(
    DEMO_SHOP,
    [
      highValue,
      {
        ...firstTime,
        strategy: {
          ...firstTime.strategy,
          ...DEMO_FIRST_TIME_TEST,
          offerArms: [...DEMO_FIRST_TIME_TEST.offerArms],
        },
      },
      returning,
    ],
    { now },
  );
  if (!saved.ok)
    throw new AppError("UNPROCESSABLE", `the demo's segments were refused: ${JSON.stringify(saved.errors)}`);
}
