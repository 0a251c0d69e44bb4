import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { unauthenticated } from "~/shopify.server";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import {
  bulkOperationGid,
  mockBulkOperation,
  productLine,
  variantLine,
} from "../../../test/mocks/bulk-operations";
import { advanceCatalogSyncs } from ".";

const NOW = new Date("2026-11-21T12:00:00Z");
const minutes = (count: number) => new Date(NOW.getTime() + count * 60_000);
const adminFor = async (shop: string) => (await unauthenticated.admin(shop)).admin.graphql;

const collectionLine = (productId: number, collectionId: number, title: string) =>
  JSON.stringify({
    id: `gid://shopify/Collection/${collectionId}`,
    title,
    __parentId: `gid://shopify/Product/${productId}`,
  });

async function readySync(id: number, startedAt: Date) {
  await prisma.catalogState.upsert({
    where: { shop: SHOP_A },
    create: {
      shop: SHOP_A,
      syncStatus: "READY",
      syncId: `sync-${id}`,
      bulkOperationId: bulkOperationGid(id),
      syncStartedAt: startedAt,
    },
    update: {
      syncStatus: "READY",
      syncId: `sync-${id}`,
      bulkOperationId: bulkOperationGid(id),
      syncStartedAt: startedAt,
    },
  });
}

const collectionsOf = async () =>
  Object.fromEntries(
    (await prisma.product.findMany({ where: { shop: SHOP_A }, orderBy: { productId: "asc" } })).map((row) => [
      row.productId,
      JSON.parse(row.collections) as unknown,
    ]),
  );

describe("catalog sync: product collections", () => {
  it("imports each product's collections, those arriving after their product's batch too, and replaces them on re-sync", async () => {
    await installTestShop(SHOP_A);
    await readySync(801, minutes(-10));
    mockBulkOperation({
      id: 801,
      lines: () => [
        productLine({ id: 1, price: ["10.00", "10.00"] }),
        variantLine(1, 10, true),
        collectionLine(1, 500, "Summer Sale"),
        productLine({ id: 2, price: ["10.00", "10.00"] }),
        productLine({ id: 3, price: ["10.00", "10.00"] }),
        // Product 1 was written with the first batch of two: these come late.
        collectionLine(1, 501, "Linen"),
        collectionLine(1, 501, "Linen"),
        collectionLine(3, 500, "Summer Sale"),
      ],
    });
    const [step] = await advanceCatalogSyncs({
      now: NOW,
      adminFor,
      retry: { sleep: async () => {} },
      batchSize: 2,
    });
    expect(step).toMatchObject({ outcome: "IMPORTED", products: 3 });
    expect(await collectionsOf()).toEqual({
      "1": [
        { id: "500", title: "Summer Sale" },
        { id: "501", title: "Linen" },
      ],
      "2": [],
      "3": [{ id: "500", title: "Summer Sale" }],
    });
    const version = (await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).version;

    await readySync(802, minutes(5));
    mockBulkOperation({
      id: 802,
      lines: () => [
        productLine({ id: 1, price: ["10.00", "10.00"] }),
        variantLine(1, 10, true),
        collectionLine(1, 501, "Linen"),
        productLine({ id: 2, price: ["10.00", "10.00"] }),
        collectionLine(2, 502, "New In"),
        productLine({ id: 3, price: ["10.00", "10.00"] }),
      ],
    });
    await advanceCatalogSyncs({ now: minutes(10), adminFor, retry: { sleep: async () => {} } });
    expect(await collectionsOf()).toEqual({
      "1": [{ id: "501", title: "Linen" }],
      "2": [{ id: "502", title: "New In" }],
      "3": [],
    });
    // Collections alone do not move the catalog version (recommendations do not read them).
    expect((await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).version).toBe(version);
  });
});
