import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { unauthenticated } from "~/shopify.server";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import {
  bulkOperationGid,
  mockBulkQueryRejected,
  mockBulkQueryStart,
} from "../../../test/mocks/bulk-operations";
import { adminCalls, mockAdminOperation } from "../../../test/mocks/shopify-admin";
import { advanceCatalogSyncs, startCatalogSync } from ".";

const NOW = new Date("2026-11-21T12:00:00Z");
const minutes = (count: number) => new Date(NOW.getTime() + count * 60_000);
const adminFor = async (shop: string) => (await unauthenticated.admin(shop)).admin.graphql;
const noSleep = { sleep: async () => {} };
const start = async (now = NOW, options: { skipIfSynced?: boolean } = {}) =>
  startCatalogSync(SHOP_A, { graphql: await adminFor(SHOP_A), now, retry: noSleep, ...options });
const tick = (now: Date) => advanceCatalogSyncs({ now, adminFor, retry: noSleep });
const state = (shop = SHOP_A) => prisma.catalogState.findUniqueOrThrow({ where: { shop } });
const exportsRequested = () => adminCalls.filter((call) => call.operationName === "RunProductsBulkQuery");

const IN_PROGRESS_REASON =
  "A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/5";
const IN_PROGRESS = {
  code: "OPERATION_IN_PROGRESS",
  message:
    "A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/5.",
};

describe("startCatalogSync", () => {
  it("starts a bulk export of the catalog and records it RUNNING for the session's shop", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    mockBulkQueryStart(500);

    expect(await start()).toEqual({ outcome: "STARTED" });

    expect(await state()).toMatchObject({
      syncStatus: "RUNNING",
      bulkOperationId: bulkOperationGid(500),
      syncStartedAt: NOW,
      syncError: null,
      leaseUntil: null,
    });
    expect(exportsRequested()).toHaveLength(1);
    expect(exportsRequested()[0]).toMatchObject({ shop: SHOP_A });
    expect(exportsRequested()[0]?.variables.query).toContain("priceRangeV2");
    expect(await prisma.catalogState.count({ where: { shop: SHOP_B } })).toBe(0);
  });

  it("does not start a second export while one runs, even when two starts race", async () => {
    await installTestShop(SHOP_A);

    const results = await Promise.all([start(), start(), start()]);

    expect(results.map((result) => result.outcome).sort()).toEqual([
      "ALREADY_RUNNING",
      "ALREADY_RUNNING",
      "STARTED",
    ]);
    expect(exportsRequested()).toHaveLength(1);
    expect(await start(minutes(30))).toEqual({ outcome: "ALREADY_RUNNING" });
    // An export "running" for hours is taken for lost.
    expect(await start(minutes(180))).toEqual({ outcome: "STARTED" });
    expect(exportsRequested()).toHaveLength(2);
  });

  it("leaves a synced catalog alone when asked to, as a re-authentication does", async () => {
    await installTestShop(SHOP_A);
    await prisma.catalogState.create({
      data: { shop: SHOP_A, syncStatus: "COMPLETED", lastSyncedAt: minutes(-60), productCount: 3 },
    });

    expect(await start(NOW, { skipIfSynced: true })).toEqual({ outcome: "ALREADY_SYNCED" });
    expect(exportsRequested()).toHaveLength(0);
    expect(await start(NOW)).toEqual({ outcome: "STARTED" });
  });

  it("keeps a start Shopify refused for now REQUESTED with the reason; a tick retries it after a wait", async () => {
    await installTestShop(SHOP_A);
    mockBulkQueryRejected([IN_PROGRESS]);

    const deferred = await start();

    expect(deferred).toEqual({
      outcome: "DEFERRED",
      reason: `Could not start the product sync: ${IN_PROGRESS_REASON}. Retrying shortly.`,
    });
    expect(await state()).toMatchObject({
      syncStatus: "REQUESTED",
      syncAttempts: 1,
      syncError: deferred.reason,
    });
    expect(await tick(minutes(0.5))).toEqual([]);

    mockBulkQueryStart(501);
    expect(await tick(minutes(2))).toEqual([{ shop: SHOP_A, step: "START", outcome: "STARTED" }]);
    expect(await state()).toMatchObject({
      syncStatus: "RUNNING",
      bulkOperationId: bulkOperationGid(501),
      syncError: null,
      syncAttempts: 0,
    });
  });

  it("gives up after bounded attempts, FAILED with the reason", async () => {
    await installTestShop(SHOP_A);
    mockBulkQueryRejected([IN_PROGRESS]);

    await start();
    expect(await tick(minutes(2))).toMatchObject([{ step: "START", outcome: "DEFERRED" }]);
    expect(await tick(minutes(10))).toMatchObject([{ step: "START", outcome: "FAILED" }]);

    expect(await state()).toMatchObject({
      syncStatus: "FAILED",
      syncAttempts: 3,
      syncError: `Could not start the product sync: ${IN_PROGRESS_REASON}`,
    });
    expect(await tick(minutes(60))).toEqual([]);
    expect(exportsRequested()).toHaveLength(3);
  });

  it("fails at once on an error that waiting cannot fix", async () => {
    await installTestShop(SHOP_A);
    mockBulkQueryRejected([{ code: "INVALID", message: "Invalid bulk query: Field 'x' doesn't exist" }]);

    expect(await start()).toEqual({
      outcome: "FAILED",
      reason: "Could not start the product sync: Invalid bulk query: Field 'x' doesn't exist",
    });
    expect((await state()).syncStatus).toBe("FAILED");
  });

  it("defers when the Admin API is down, and the merchant may try again at once", async () => {
    await installTestShop(SHOP_A);
    mockAdminOperation("RunProductsBulkQuery", () => new HttpResponse("unavailable", { status: 503 }));

    expect(await start()).toMatchObject({ outcome: "DEFERRED" });
    expect((await state()).syncError).toMatch(/HTTP 503/);

    mockBulkQueryStart(502);
    expect(await start(minutes(0.1))).toEqual({ outcome: "STARTED" });
  });
});
