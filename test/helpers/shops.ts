import { prisma } from "~/db.server";
import { getShopSettings } from "~/domain/shops";
import { encryptField } from "~/lib/encryption.server";

export const SHOP_A = "shop-a.myshopify.com";
export const SHOP_B = "shop-b.myshopify.com";

/**
 * A shop as it is after a completed install: an offline session with an access token valid for an hour
 * (expiring offline tokens), its Shop row and default settings.
 */
export async function installTestShop(
  shop: string,
  {
    currency = "USD",
    timezone = "America/New_York",
    name = "Test Shop",
  }: { currency?: string; timezone?: string; name?: string } = {},
) {
  const now = Date.now();
  await prisma.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      isOnline: false,
      scope:
        "read_orders,read_products,read_customers,write_customers,write_discounts,write_pixels,read_customer_events",
      // Sealed, as the app's session storage stores it (app/lib/sealed-session-storage.server.ts).
      accessToken: encryptField(shop, `shpat_test_${shop}`) as string,
      expires: new Date(now + 60 * 60 * 1000),
      refreshToken: encryptField(shop, `shprt_test_${shop}`),
      refreshTokenExpires: new Date(now + 90 * 24 * 60 * 60 * 1000),
    },
  });
  await prisma.shop.create({
    data: { domain: shop, name, currency, timezone, installedAt: new Date(now - 60_000) },
  });
  await getShopSettings(shop);
}
