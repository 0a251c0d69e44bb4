import { prisma } from "~/db.server";
import { encryptField, hashEmail } from "~/lib/encryption.server";

/**
 * Many installed shops, and abandoned checkouts for them, written in bulk (the rotation's tests and
 * bench/rotation.ts): an offline session and a Shop row each (on UTC, so no quiet hours at noon), settings made
 * on first use; checkouts sealed as the ingest seals them.
 */

const shopDomain = (index: number) => `shop-${String(index).padStart(4, "0")}.myshopify.com`;

export async function installManyShops(count: number): Promise<string[]> {
  const shops = Array.from({ length: count }, (_, index) => shopDomain(index));
  const installedAt = new Date("2026-01-01T00:00:00Z");
  for (let start = 0; start < shops.length; start += 250) {
    const slice = shops.slice(start, start + 250);
    await prisma.session.createMany({
      data: slice.map((shop) => ({
        id: `offline_${shop}`,
        shop,
        state: "installed",
        isOnline: false,
        scope: "read_orders,read_products,write_discounts",
        accessToken: encryptField(shop, `shpat_test_${shop}`) as string,
      })),
    });
    await prisma.shop.createMany({
      data: slice.map((shop) => ({
        domain: shop,
        name: shop,
        currency: "USD",
        timezone: "UTC",
        installedAt,
      })),
    });
  }
  return shops;
}

/** `perShop` abandoned checkouts for each shop, last touched at `updatedAt`, shoppers unique to `tag`. */
export async function abandonCheckoutsEach(shops: string[], updatedAt: Date, tag: string, perShop = 1) {
  const line = {
    productId: "1",
    variantId: "10",
    title: "Linen shirt",
    variantTitle: null,
    quantity: 1,
    unitPriceMinor: 4000,
    linePriceMinor: 4000,
    sku: null,
    imageUrl: null,
  };
  const rows = shops.flatMap((shop) =>
    Array.from({ length: perShop }, (_, n) => {
      const email = `shopper-${tag}-${n}@shopper.co`;
      const token = `token-${tag}-${n}`;
      return {
        shop,
        token,
        emailHash: hashEmail(shop, email),
        email: encryptField(shop, email),
        firstName: encryptField(shop, "Jane"),
        recoveryUrl: encryptField(shop, `https://${shop}/1/checkouts/ac/${token}/recover?key=k`),
        currency: "USD",
        subtotalMinor: 4000,
        totalMinor: 4000,
        lineItems: JSON.stringify([line]),
        lineItemCount: 1,
        acceptsMarketing: true,
        shopifyCreatedAt: updatedAt,
        shopifyUpdatedAt: updatedAt,
      };
    }),
  );
  for (let start = 0; start < rows.length; start += 250)
    await prisma.checkout.createMany({ data: rows.slice(start, start + 250) });
}
