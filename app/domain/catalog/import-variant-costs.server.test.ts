import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as deleteProductAction } from "~/routes/webhooks.products.delete";
import { unauthenticated } from "~/shopify.server";
import { logger } from "~/lib/logger.server";
import { NO_DEADLINE } from "../../../test/helpers/deadlines";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import {
  bulkOperationGid,
  mockBulkOperation,
  mockBulkQueryStart,
  productLine,
  variantLine,
} from "../../../test/mocks/bulk-operations";
import { adminCalls } from "../../../test/mocks/shopify-admin";
import { advanceCatalogSyncs, startCatalogSync } from ".";
import { claimCatalogImport } from "./catalog-import-lease.server";
import { importCatalogSync } from "./import-catalog-sync.server";

/**
 * Product costs from the catalog export: asked only of a shop that granted read_inventory, kept in the shop's
 * currency, and never left behind for a variant the last complete export did not have.
 */

const NOW = new Date("2026-11-21T12:00:00Z");
const minutes = (count: number) => new Date(NOW.getTime() + count * 60_000);
const adminFor = async (shop: string) => (await unauthenticated.admin(shop)).admin.graphql;
const WITH_INVENTORY = "read_orders,read_products,read_inventory,read_customers,write_discounts";
const usd = (amount: string) => ({ amount, currencyCode: "USD" });

async function grantInventory(shop: string) {
  await prisma.session.update({ where: { id: `offline_${shop}` }, data: { scope: WITH_INVENTORY } });
}

/** A READY sync of export `id`, started at `startedAt`, whose file has `lines`. */
async function readySync(shop: string, id: number, startedAt: Date, lines: () => Iterable<string>) {
  await prisma.catalogState.upsert({
    where: { shop },
    create: { shop },
    update: {},
  });
  await prisma.catalogState.update({
    where: { shop },
    data: {
      syncStatus: "READY",
      syncId: `sync-${id}`,
      bulkOperationId: bulkOperationGid(id),
      syncStartedAt: startedAt,
      leaseUntil: null,
    },
  });
  mockBulkOperation({ id, lines });
}

async function importNow(shop: string, at: Date) {
  const run = await claimCatalogImport(
    { shop, syncId: (await syncIdOf(shop)) as string },
    { now: at, log: logger },
  );
  if (!run) throw new Error("the sync was not claimed");
  return importCatalogSync(run, { graphql: await adminFor(shop), retry: { sleep: async () => {} } });
}

const syncIdOf = async (shop: string) =>
  (await prisma.catalogState.findUniqueOrThrow({ where: { shop } })).syncId;

const costsOf = async (shop = SHOP_A) =>
  Object.fromEntries(
    (await prisma.variantCost.findMany({ where: { shop }, orderBy: { variantId: "asc" } })).map((row) => [
      row.variantId,
      [row.productId, row.unitCostMinor, row.currency],
    ]),
  );

describe("product costs in the catalog sync", () => {
  it("asks for unit costs only when the shop granted read_inventory", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await grantInventory(SHOP_B);
    mockBulkQueryStart(800);

    await startCatalogSync(SHOP_A, { graphql: await adminFor(SHOP_A), now: NOW });
    await startCatalogSync(SHOP_B, { graphql: await adminFor(SHOP_B), now: NOW });

    const queries = adminCalls
      .filter((call) => call.operationName === "RunProductsBulkQuery")
      .map((call) => String(call.variables.query));
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatch(/availableForSale/);
    expect(queries[0]).not.toMatch(/unitCost/);
    expect(queries[1]).toMatch(/inventoryItem \{ unitCost \{ amount currencyCode \} \}/);
  });

  it("keeps each variant's cost in the shop currency's minor units, and counts the ones it skips", async () => {
    await installTestShop(SHOP_A);
    await grantInventory(SHOP_A);
    await readySync(SHOP_A, 801, minutes(-10), () => [
      productLine({ id: 1 }),
      variantLine(1, 11, true, usd("12.50")),
      // Shopify keeps costs to four decimals.
      variantLine(1, 12, false, usd("3.3350")),
      // No cost set in Shopify.
      variantLine(1, 13, true, null),
      productLine({ id: 2 }),
      // A cost in another currency than the shop's: not comparable with its prices.
      variantLine(2, 21, true, { amount: "9.00", currencyCode: "EUR" }),
      variantLine(2, 22, true, usd("-1.00")),
    ]);

    const result = await importNow(SHOP_A, NOW);

    expect(result.outcome).toBe("IMPORTED");
    expect(result.tally).toMatchObject({
      products: 2,
      variants: 5,
      costs: 2,
      costsInOtherCurrency: 1,
      costsUnreadable: 1,
    });
    expect(await costsOf()).toEqual({ "11": ["1", 1250, "USD"], "12": ["1", 334, "USD"] });
    expect(
      await prisma.product.findUnique({ where: { shop_productId: { shop: SHOP_A, productId: "2" } } }),
    ).toMatchObject({ availableForSale: true });
  });

  it("deletes the costs the next complete export did not have: deleted variants and cleared costs", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await grantInventory(SHOP_A);
    await prisma.variantCost.create({
      data: {
        shop: SHOP_B,
        variantId: "11",
        productId: "1",
        unitCostMinor: 100,
        currency: "USD",
        updatedAt: minutes(-60),
      },
    });
    await readySync(SHOP_A, 802, minutes(-10), () => [
      productLine({ id: 1 }),
      variantLine(1, 11, true, usd("5.00")),
      variantLine(1, 12, true, usd("6.00")),
      productLine({ id: 2 }),
      variantLine(2, 21, true, usd("7.00")),
    ]);
    await importNow(SHOP_A, NOW);
    expect(Object.keys(await costsOf())).toEqual(["11", "12", "21"]);

    // Variant 12 deleted in Shopify, variant 11's cost cleared, product 2 deleted, variant 21's cost changed
    // and moved with it to product 3 (as a merge in Shopify would).
    await readySync(SHOP_A, 803, minutes(5), () => [
      productLine({ id: 1 }),
      variantLine(1, 11, true, null),
      productLine({ id: 3 }),
      variantLine(3, 21, true, usd("7.25")),
    ]);
    await importNow(SHOP_A, minutes(10));

    expect(await costsOf()).toEqual({ "21": ["3", 725, "USD"] });
    expect(await costsOf(SHOP_B)).toEqual({ "11": ["1", 100, "USD"] });
  });

  it("keeps every cost when the export had unreadable lines (it may not be complete)", async () => {
    await installTestShop(SHOP_A);
    await grantInventory(SHOP_A);
    await readySync(SHOP_A, 804, minutes(-10), () => [
      productLine({ id: 1 }),
      variantLine(1, 11, true, usd("5.00")),
      variantLine(1, 12, true, usd("6.00")),
    ]);
    await importNow(SHOP_A, NOW);

    await readySync(SHOP_A, 805, minutes(5), () => [
      productLine({ id: 1 }),
      variantLine(1, 11, true, usd("5.50")),
      "not json",
    ]);
    await importNow(SHOP_A, minutes(10));

    expect(await costsOf()).toEqual({ "11": ["1", 550, "USD"], "12": ["1", 600, "USD"] });
  });

  it("syncs a shop without read_inventory without costs, and drops costs it can no longer keep current", async () => {
    await installTestShop(SHOP_A);
    await prisma.variantCost.create({
      data: {
        shop: SHOP_A,
        variantId: "11",
        productId: "1",
        unitCostMinor: 100,
        currency: "USD",
        updatedAt: minutes(-60),
      },
    });
    await readySync(SHOP_A, 806, minutes(-10), () => [productLine({ id: 1 }), variantLine(1, 11, true)]);

    const [step] = await advanceCatalogSyncs({
      now: NOW,
      adminFor,
      retry: { sleep: async () => {} },
      deadline: NO_DEADLINE,
    });

    expect(step).toMatchObject({ step: "IMPORT", outcome: "IMPORTED", products: 1 });
    expect(await costsOf()).toEqual({});
    expect(await prisma.product.count({ where: { shop: SHOP_A } })).toBe(1);
  });

  it("deletes a product's costs with products/delete", async () => {
    await installTestShop(SHOP_A);
    const cost = (variantId: string, productId: string) => ({
      shop: SHOP_A,
      variantId,
      productId,
      unitCostMinor: 100,
      currency: "USD",
      updatedAt: minutes(-60),
    });
    await prisma.variantCost.createMany({ data: [cost("11", "1"), cost("12", "1"), cost("21", "2")] });

    const response = await callAction(
      deleteProductAction,
      signedWebhookRequest({ topic: "products/delete", shop: SHOP_A, body: { id: 1 } }),
    );

    expect(response.status).toBe(200);
    expect(Object.keys(await costsOf())).toEqual(["21"]);
  });
});
