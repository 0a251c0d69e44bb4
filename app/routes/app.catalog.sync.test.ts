import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import {
  bulkOperationGid,
  mockBulkQueryRejected,
  mockBulkQueryStart,
} from "../../test/mocks/bulk-operations";
import { adminCalls } from "../../test/mocks/shopify-admin";
import { loader as homeLoader } from "./app._index";
import { action } from "./app.catalog.sync";

const syncNow = async (shop: string) =>
  callAction(action, await adminRequest("/app/catalog/sync", { shop, init: { method: "POST" } }));

describe("the product catalog on the admin home", () => {
  it("shows the catalog's state, with the reason when the sync failed", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await prisma.catalogState.create({
      data: {
        shop: SHOP_A,
        syncStatus: "FAILED",
        productCount: 1250,
        lastSyncedAt: new Date("2026-11-20T08:30:00Z"),
        syncError:
          "The product import failed after 3 attempts: downloading Shopify's export failed (HTTP 500)",
      },
    });
    await prisma.catalogState.create({ data: { shop: SHOP_B, syncStatus: "COMPLETED", productCount: 7 } });

    const response = await callLoader(homeLoader, await adminRequest("/app", { shop: SHOP_A }));

    expect(response.status).toBe(200);
    expect((await response.json()).catalog).toEqual({
      status: "FAILED",
      productCount: 1250,
      lastSyncedAt: "2026-11-20T08:30:00.000Z",
      error: "The product import failed after 3 attempts: downloading Shopify's export failed (HTTP 500)",
      isSyncing: false,
      productCosts: { isGranted: false, known: 0 },
    });
  });

  it("shows a shop that never synced as idle", async () => {
    await installTestShop(SHOP_A);

    const response = await callLoader(homeLoader, await adminRequest("/app", { shop: SHOP_A }));

    expect((await response.json()).catalog).toEqual({
      status: "IDLE",
      productCount: 0,
      lastSyncedAt: null,
      error: null,
      isSyncing: false,
      productCosts: { isGranted: false, known: 0 },
    });
  });

  it("says how many variants have a product cost once the shop granted read_inventory, its own only", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await prisma.session.update({
      where: { id: `offline_${SHOP_A}` },
      data: { scope: "read_orders,read_products,read_inventory" },
    });
    const cost = (shop: string, variantId: string) => ({
      shop,
      variantId,
      productId: "1",
      unitCostMinor: 500,
      currency: "USD",
      updatedAt: new Date("2026-11-20T08:00:00Z"),
    });
    await prisma.variantCost.createMany({
      data: [cost(SHOP_A, "11"), cost(SHOP_A, "12"), cost(SHOP_B, "11")],
    });

    const catalogOf = async (shop: string) =>
      (await (await callLoader(homeLoader, await adminRequest("/app", { shop }))).json()).catalog;

    expect((await catalogOf(SHOP_A)).productCosts).toEqual({ isGranted: true, known: 2 });
    expect((await catalogOf(SHOP_B)).productCosts).toEqual({ isGranted: false, known: 1 });
  });
});

describe("POST /app/catalog/sync (Sync now)", () => {
  it("starts a bulk export for the session's shop only", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await prisma.catalogState.create({
      data: { shop: SHOP_A, syncStatus: "FAILED", syncError: "earlier failure" },
    });
    mockBulkQueryStart(600);

    const response = await syncNow(SHOP_A);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: "STARTED" });
    expect(adminCalls.map((call) => [call.shop, call.operationName])).toEqual([
      [SHOP_A, "RunProductsBulkQuery"],
    ]);
    expect(await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      syncStatus: "RUNNING",
      bulkOperationId: bulkOperationGid(600),
      syncError: null,
    });
    expect(await prisma.catalogState.count({ where: { shop: SHOP_B } })).toBe(0);

    const home = await callLoader(homeLoader, await adminRequest("/app", { shop: SHOP_A }));
    expect((await home.json()).catalog).toMatchObject({ status: "RUNNING", isSyncing: true, error: null });
  });

  it("says so when a sync is already under way, and starts nothing", async () => {
    await installTestShop(SHOP_A);
    await prisma.catalogState.create({
      data: {
        shop: SHOP_A,
        syncStatus: "RUNNING",
        syncId: "s1",
        syncStartedAt: new Date(),
        bulkOperationId: bulkOperationGid(1),
      },
    });

    const response = await syncNow(SHOP_A);

    expect(await response.json()).toEqual({ outcome: "ALREADY_RUNNING" });
    expect(adminCalls).toEqual([]);
  });

  it("lets the merchant retry at once a start that waits to be retried", async () => {
    await installTestShop(SHOP_A);
    mockBulkQueryRejected([
      { code: "OPERATION_IN_PROGRESS", message: "A bulk query operation is already in progress." },
    ]);
    expect(await (await syncNow(SHOP_A)).json()).toMatchObject({ outcome: "DEFERRED" });

    const home = await callLoader(homeLoader, await adminRequest("/app", { shop: SHOP_A }));
    expect((await home.json()).catalog).toEqual({
      status: "REQUESTED",
      productCount: 0,
      lastSyncedAt: null,
      error:
        "Could not start the product sync: A bulk query operation is already in progress. Retrying shortly.",
      isSyncing: false,
      productCosts: { isGranted: false, known: 0 },
    });

    mockBulkQueryStart(601);
    expect(await (await syncNow(SHOP_A)).json()).toEqual({ outcome: "STARTED" });
  });

  it("answers with Shopify's reason when the export cannot start", async () => {
    await installTestShop(SHOP_A);
    mockBulkQueryRejected([{ code: "INVALID", message: "Bulk queries are not available for this shop" }]);

    const response = await syncNow(SHOP_A);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      outcome: "FAILED",
      reason: "Could not start the product sync: Bulk queries are not available for this shop",
    });
  });

  it("refuses a request without a valid session token and starts nothing", async () => {
    await installTestShop(SHOP_A);
    const forged = await forgedAdminRequest("/app/catalog/sync", { shop: SHOP_A });

    const response = await callAction(action, new Request(forged, { method: "POST" }));

    expect(response.status).toBe(401);
    expect(adminCalls).toEqual([]);
    expect(await prisma.catalogState.count()).toBe(0);
  });
});
