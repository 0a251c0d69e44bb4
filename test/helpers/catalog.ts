import { prisma } from "~/db.server";
import { upsertProduct, type ProductFacts, bumpCatalogVersion } from "~/domain/catalog";

/**
 * Catalog rows written through the catalog's own code path (upsertProduct), so CatalogState.version moves
 * exactly as it does for webhooks and syncs, and products built with sensible defaults.
 */

let sequence = 0;

/** A product's facts with defaults: ACTIVE, available, USD 10.00, no type, vendor, category, tags or links. */
export function productFacts(
  changes: Partial<ProductFacts> & { productId: string; title: string },
): ProductFacts {
  sequence++;
  return {
    handle: changes.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    description: "",
    productType: null,
    vendor: null,
    category: null,
    tags: [],
    complementaryProductIds: [],
    relatedProductIds: [],
    status: "ACTIVE",
    currency: "USD",
    priceMinMinor: 1_000,
    priceMaxMinor: 1_000,
    imageUrl: `https://cdn.example.com/${changes.productId}.jpg`,
    availableForSale: true,
    shopifyUpdatedAt: new Date(Date.UTC(2026, 10, 1) + sequence * 1000),
    ...changes,
  };
}

/** Stores products (new or changed) in one transaction, as a webhook or a sync batch would. */
export async function storeProducts(shop: string, products: ProductFacts[]): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const facts of products) await upsertProduct(tx, shop, facts);
  });
}

/** Deletes a product the way products/delete does: the row goes and the version moves. */
export async function removeProduct(shop: string, productId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.product.deleteMany({ where: { shop, productId } });
    await bumpCatalogVersion(tx, shop, -count);
  });
}

export interface OrderSeed {
  orderId: string;
  lines: Array<{ productId: string | null; quantity: number }>;
  createdAt: Date;
  isTest?: boolean;
}

/** Orders with just what best sellers read: product lines, date, test flag. */
export async function storeOrders(shop: string, orders: OrderSeed[]): Promise<void> {
  await prisma.order.createMany({
    data: orders.map((order) => ({
      shop,
      orderId: order.orderId,
      discountCodes: "[]",
      lines: JSON.stringify(order.lines.map((line) => ({ ...line, variantId: null }))),
      currency: "USD",
      totalMinor: 1_000,
      subtotalMinor: 1_000,
      presentmentCurrency: "USD",
      presentmentTotalMinor: 1_000,
      isTest: order.isTest ?? false,
      shopifyCreatedAt: order.createdAt,
    })),
  });
}
