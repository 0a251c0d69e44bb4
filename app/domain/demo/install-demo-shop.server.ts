import { prisma, upsertRacing } from "~/db.server";
import { recordShopInstall, updateShopSettings } from "~/domain/shops";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP } from "~/lib/demo-shop";
import { machineTime } from "~/lib/clock.server";

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The holdout the demo runs with: a month of the demo gives both groups the 30 checkouts lift needs. */
export const DEMO_HOLDOUT_PERCENT = 20;

/**
 * Installs the demo shop as Shopify's install would leave it: an offline session, then the app's own install
 * path (shop details, default settings, a catalog export), all against the demo's mocked Admin API. `now` is
 * the demo clock's; the session's expiry is real time, since the Shopify library checks it against the wall
 * clock.
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
      "read_orders,read_products,read_customers,write_customers,write_discounts,write_pixels,read_customer_events",
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
  await updateShopSettings(DEMO_SHOP, (settings) => ({
    ...settings,
    holdoutPercent: DEMO_HOLDOUT_PERCENT,
    audience: { ...settings.audience, excludeTestCheckouts: false },
  }));
  return { shop: DEMO_SHOP };
}
