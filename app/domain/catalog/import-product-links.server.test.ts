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

async function readySync(id: number, startedAt: Date) {
  const state = {
    syncStatus: "READY",
    syncId: `sync-${id}`,
    bulkOperationId: bulkOperationGid(id),
    syncStartedAt: startedAt,
  };
  await prisma.catalogState.upsert({
    where: { shop: SHOP_A },
    create: { shop: SHOP_A, ...state },
    update: state,
  });
}

const stored = async () =>
  Object.fromEntries(
    (
      await prisma.product.findMany({
        where: { shop: SHOP_A },
        orderBy: { productId: "asc" },
        select: { productId: true, category: true, complementaryProductIds: true, relatedProductIds: true },
      })
    ).map((row) => [
      row.productId,
      {
        category: row.category,
        complementary: JSON.parse(row.complementaryProductIds) as unknown,
        related: JSON.parse(row.relatedProductIds) as unknown,
      },
    ]),
  );

const catalogVersion = async () =>
  (await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).version;

describe("catalog sync: standard category and Search & Discovery links", () => {
  it("imports each product's category and links, and a re-sync replaces them and moves the version", async () => {
    await installTestShop(SHOP_A);
    await readySync(901, minutes(-10));
    mockBulkOperation({
      id: 901,
      lines: () => [
        productLine({
          id: 1,
          category: "Furniture > Tables > Table Tops",
          complementaryProducts: [2, 3],
          relatedProducts: [3],
        }),
        variantLine(1, 10, true),
        productLine({ id: 2, category: "Furniture > Tables > Table Legs" }),
        // An unreadable metafield costs the product its links only.
        productLine({ id: 3, complementaryProducts: "not json" }),
      ],
    });
    const [step] = await advanceCatalogSyncs({ now: NOW, adminFor, retry: { sleep: async () => {} } });
    expect(step).toMatchObject({ outcome: "IMPORTED", products: 3 });
    expect(await stored()).toEqual({
      "1": { category: "Furniture > Tables > Table Tops", complementary: ["2", "3"], related: ["3"] },
      "2": { category: "Furniture > Tables > Table Legs", complementary: [], related: [] },
      "3": { category: null, complementary: [], related: [] },
    });
    const version = await catalogVersion();

    // Same updatedAt, only the links and a category changed: recommendations read them, so the version moves.
    await readySync(902, minutes(5));
    mockBulkOperation({
      id: 902,
      lines: () => [
        productLine({ id: 1, category: "Furniture > Tables > Table Tops", complementaryProducts: [3] }),
        variantLine(1, 10, true),
        productLine({ id: 2, category: "Furniture > Tables > Table Legs" }),
        productLine({ id: 3, category: "Furniture > Chairs" }),
      ],
    });
    await advanceCatalogSyncs({ now: minutes(10), adminFor, retry: { sleep: async () => {} } });
    expect(await stored()).toEqual({
      "1": { category: "Furniture > Tables > Table Tops", complementary: ["3"], related: [] },
      "2": { category: "Furniture > Tables > Table Legs", complementary: [], related: [] },
      "3": { category: "Furniture > Chairs", complementary: [], related: [] },
    });
    expect(await catalogVersion()).toBeGreaterThan(version);
  });
});
