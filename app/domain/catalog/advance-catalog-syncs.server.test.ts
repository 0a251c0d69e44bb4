import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as finishAction } from "~/routes/webhooks.bulk_operations.finish";
import { unauthenticated } from "~/shopify.server";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import {
  bulkOperationAnswer,
  bulkOperationGid,
  bulkResultUrl,
  lineStream,
  mockBulkDownload,
  mockBulkOperation,
  mockBulkQueryStart,
  productLine,
  variantLine,
} from "../../../test/mocks/bulk-operations";
import { mockServer } from "../../../test/mocks/server";
import { adminCalls, mockAdminOperation } from "../../../test/mocks/shopify-admin";
import { advanceCatalogSyncs, startCatalogSync, type AdvanceCatalogSyncsOptions } from ".";
import { PASSED_DEADLINE } from "../../../test/helpers/deadlines";

const NOW = new Date("2026-11-21T12:00:00Z");
const minutes = (count: number) => new Date(NOW.getTime() + count * 60_000);
const adminFor = async (shop: string) => (await unauthenticated.admin(shop)).admin.graphql;

const tick = (now: Date, options: Partial<AdvanceCatalogSyncsOptions> = {}) =>
  advanceCatalogSyncs({ now, adminFor, retry: { sleep: async () => {} }, ...options });

const state = (shop = SHOP_A) => prisma.catalogState.findUniqueOrThrow({ where: { shop } });
const product = (productId: string, shop = SHOP_A) =>
  prisma.product.findUnique({ where: { shop_productId: { shop, productId } } });
const operationCalls = (name: string) => adminCalls.filter((call) => call.operationName === name);

/** A shop whose export finished and waits for the import, started 10 minutes before NOW. */
async function readySync(shop: string, id: number, fields: Record<string, unknown> = {}) {
  await prisma.catalogState.create({
    data: {
      shop,
      syncStatus: "READY",
      syncId: `sync-${id}`,
      bulkOperationId: bulkOperationGid(id),
      syncStartedAt: minutes(-10),
      ...fields,
    },
  });
}

/** Products `from`..`to`, each followed by one or two variant lines; odd products are in stock. */
function* catalogLines(from: number, to: number): Generator<string> {
  for (let id = from; id <= to; id++) {
    yield productLine({ id, price: ["10.00", "12.00"] });
    yield variantLine(id, id * 10, false);
    if (id % 2 === 1) yield variantLine(id, id * 10 + 1, true);
  }
}

/** A product as a webhook or an earlier sync left it. */
async function storedProduct(shop: string, productId: string, fields: Record<string, unknown> = {}) {
  await prisma.product.create({
    data: {
      shop,
      productId,
      handle: `stored-${productId}`,
      title: `Stored ${productId}`,
      description: "",
      tags: "[]",
      status: "ACTIVE",
      currency: "USD",
      priceMinMinor: 100,
      priceMaxMinor: 100,
      availableForSale: true,
      shopifyUpdatedAt: new Date("2026-10-01T00:00:00Z"),
      syncId: "an-earlier-sync",
      ...fields,
    },
  });
}

describe("advanceCatalogSyncs: the import", () => {
  it("imports an export the finish webhook announced: products, variants' availability, count, version", async () => {
    await installTestShop(SHOP_A);
    mockBulkQueryStart(700);
    expect(await startCatalogSync(SHOP_A, { graphql: await adminFor(SHOP_A), now: NOW })).toEqual({
      outcome: "STARTED",
    });
    expect(operationCalls("RunProductsBulkQuery")[0]?.variables.query).toMatch(/availableForSale/);
    const finish = signedWebhookRequest({
      topic: "bulk_operations/finish",
      shop: SHOP_A,
      body: {
        admin_graphql_api_id: bulkOperationGid(700),
        status: "completed",
        error_code: null,
        type: "query",
      },
    });
    expect((await callAction(finishAction, finish)).status).toBe(200);
    mockBulkOperation({
      id: 700,
      lines: () => [
        productLine({
          id: 1,
          title: "Linen shirt",
          description: "Breathable   linen,\n\nmade in Portugal.",
          productType: "Shirts",
          vendor: "Atelier",
          tags: ["summer", " linen "],
          price: ["49.00", "59.50"],
          currencyCode: "EUR",
        }),
        variantLine(1, 11, false),
        variantLine(1, 12, true),
        productLine({ id: 2, status: "DRAFT", imageUrl: null, productType: "" }),
        variantLine(2, 21, false),
      ],
    });

    const steps = await tick(minutes(1));

    expect(steps).toEqual([{ shop: SHOP_A, step: "IMPORT", outcome: "IMPORTED", products: 2, deleted: 0 }]);
    expect(await product("1")).toMatchObject({
      handle: "product-1",
      title: "Linen shirt",
      description: "Breathable linen, made in Portugal.",
      productType: "Shirts",
      vendor: "Atelier",
      tags: JSON.stringify(["summer", "linen"]),
      status: "ACTIVE",
      currency: "EUR",
      priceMinMinor: 4900,
      priceMaxMinor: 5950,
      imageUrl: "https://cdn.shopify.com/p/1.jpg",
      availableForSale: true,
    });
    expect(await product("2")).toMatchObject({
      status: "DRAFT",
      productType: null,
      imageUrl: null,
      availableForSale: false,
    });
    const completed = await state();
    expect(completed).toMatchObject({
      syncStatus: "COMPLETED",
      productCount: 2,
      version: 1,
      syncError: null,
      syncAttempts: 0,
      leaseUntil: null,
    });
    expect(completed.lastSyncedAt?.getTime()).toBeGreaterThanOrEqual(minutes(1).getTime());
  });

  it("deletes products a full export did not contain, but not ones a webhook wrote while it ran", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await readySync(SHOP_A, 701);
    await storedProduct(SHOP_A, "1");
    await storedProduct(SHOP_A, "2");
    // Created by products/create after the sync started: the export may predate it.
    await storedProduct(SHOP_A, "3", { syncId: null, shopifyUpdatedAt: minutes(-5) });
    await storedProduct(SHOP_B, "2");
    mockBulkOperation({ id: 701, lines: () => catalogLines(1, 1) });

    const [step] = await tick(NOW);

    expect(step).toMatchObject({ outcome: "IMPORTED", products: 1, deleted: 1 });
    expect(await product("1")).not.toBeNull();
    expect(await product("2")).toBeNull();
    expect(await product("3")).not.toBeNull();
    expect(await product("2", SHOP_B)).not.toBeNull();
    expect(await state()).toMatchObject({ productCount: 2, version: 1 });
  });

  it("rewrites only what changed, and leaves the version alone when nothing did", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 702);
    mockBulkOperation({ id: 702, lines: () => catalogLines(1, 3) });
    await tick(NOW);
    const first = await prisma.product.findMany({ orderBy: { productId: "asc" } });
    expect((await state()).version).toBe(1);

    await prisma.catalogState.update({
      where: { shop: SHOP_A },
      data: {
        syncStatus: "READY",
        syncId: "sync-703",
        bulkOperationId: bulkOperationGid(703),
        syncStartedAt: minutes(5),
      },
    });
    mockBulkOperation({ id: 703, lines: () => catalogLines(1, 3) });
    await tick(minutes(10));

    const second = await prisma.product.findMany({ orderBy: { productId: "asc" } });
    expect(second.map((row) => row.syncId)).toEqual(["sync-703", "sync-703", "sync-703"]);
    expect(second.map(({ updatedAt: _u, syncId: _s, ...rest }) => rest)).toEqual(
      first.map(({ updatedAt: _u, syncId: _s, ...rest }) => rest),
    );
    expect(await state()).toMatchObject({ syncStatus: "COMPLETED", version: 1, productCount: 3 });

    await prisma.catalogState.update({
      where: { shop: SHOP_A },
      data: {
        syncStatus: "READY",
        syncId: "sync-704",
        bulkOperationId: bulkOperationGid(704),
        syncStartedAt: minutes(15),
      },
    });
    mockBulkOperation({
      id: 704,
      lines: () => [
        ...catalogLines(1, 2),
        productLine({ id: 3, title: "Renamed", updatedAt: "2026-11-10T00:00:00Z" }),
      ],
    });
    await tick(minutes(20));
    expect(await product("3")).toMatchObject({ title: "Renamed", availableForSale: false });
    expect((await state()).version).toBe(2);
  });

  it("applies variant lines that arrive long after their product, but not to a product a webhook updated since", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 705);
    // Stored by a products/update newer than the export: sold out now.
    await storedProduct(SHOP_A, "2", {
      availableForSale: false,
      shopifyUpdatedAt: minutes(-1),
      title: "From webhook",
    });
    mockBulkOperation({
      id: 705,
      lines: () => [
        productLine({ id: 1 }),
        productLine({ id: 2, title: "From export" }),
        ...catalogLines(3, 9),
        // Written by Shopify after seven other products (batches of two here).
        variantLine(1, 11, true),
        variantLine(2, 21, true),
      ],
    });

    const [step] = await tick(NOW, { batchSize: 2 });

    expect(step).toMatchObject({ outcome: "IMPORTED", products: 9 });
    expect(await product("1")).toMatchObject({ availableForSale: true });
    expect(await product("2")).toMatchObject({
      title: "From webhook",
      availableForSale: false,
      syncId: "sync-705",
    });
    expect(await product("4")).toMatchObject({ availableForSale: false });
    expect(await product("5")).toMatchObject({ availableForSale: true });
  });

  it("retries THROTTLED and HTTP 429 answers when asking Shopify for the export", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 706);
    let asked = 0;
    mockAdminOperation("GetBulkOperation", () => {
      asked++;
      if (asked === 1) {
        return {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
          extensions: {
            cost: { requestedQueryCost: 10, throttleStatus: { currentlyAvailable: 0, restoreRate: 50 } },
          },
        };
      }
      if (asked === 2)
        return new HttpResponse("Too many requests", { status: 429, headers: { "Retry-After": "2" } });
      return bulkOperationAnswer({ id: 706 });
    });
    mockBulkDownload(706, () => catalogLines(1, 5));
    const waits: number[] = [];

    const [step] = await tick(NOW, { retry: { sleep: async (ms) => void waits.push(ms) } });

    expect(step).toMatchObject({ outcome: "IMPORTED", products: 5 });
    expect(asked).toBe(3);
    // The first backoff step (longer than the 0.2 s the bucket needs), then Shopify's Retry-After.
    expect(waits).toEqual([500, 2000]);
    expect(await prisma.product.count()).toBe(5);
  });

  it("leaves a sync whose download keeps failing FAILED with the reason after bounded attempts; a new sync recovers", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 707);
    mockBulkOperation({ id: 707 });
    let downloads = 0;
    mockServer.use(
      http.get(bulkResultUrl(707), () => {
        downloads++;
        return new HttpResponse("<Error>AccessDenied</Error>", { status: 500 });
      }),
    );

    expect(await tick(NOW)).toEqual([
      {
        shop: SHOP_A,
        step: "IMPORT",
        outcome: "RETRYING",
        reason: "Import attempt 1 failed: downloading Shopify's export failed (HTTP 500). Retrying shortly.",
      },
    ]);
    expect(await state()).toMatchObject({ syncStatus: "READY", syncAttempts: 1 });
    // The retry waits its turn.
    expect(await tick(minutes(0.5))).toEqual([]);
    expect(await tick(minutes(2))).toMatchObject([{ outcome: "RETRYING" }]);
    expect(await tick(minutes(8))).toMatchObject([{ outcome: "FAILED" }]);
    const failed = await state();
    expect(failed).toMatchObject({
      syncStatus: "FAILED",
      syncAttempts: 3,
      syncError: "The product import failed after 3 attempts: downloading Shopify's export failed (HTTP 500)",
      leaseUntil: null,
    });
    expect(await tick(minutes(60))).toEqual([]);
    expect(downloads).toBe(3);

    // The merchant's "Sync now" starts over.
    mockBulkQueryStart(708);
    expect(await startCatalogSync(SHOP_A, { graphql: await adminFor(SHOP_A), now: minutes(61) })).toEqual({
      outcome: "STARTED",
    });
    expect(await state()).toMatchObject({ syncStatus: "RUNNING", syncAttempts: 0, syncError: null });
    mockBulkOperation({ id: 708, lines: () => catalogLines(1, 2) });
    expect(await tick(minutes(70))).toMatchObject([
      { step: "POLL", outcome: "READY" },
      { step: "IMPORT", outcome: "IMPORTED", products: 2 },
    ]);
    expect(await state()).toMatchObject({ syncStatus: "COMPLETED", syncError: null, productCount: 2 });
  });

  it("counts a download cut off midway as a failed attempt, keeping what was written", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 709);
    await storedProduct(SHOP_A, "999");
    mockBulkOperation({ id: 709 });
    mockServer.use(
      http.get(bulkResultUrl(709), () => {
        const lines = catalogLines(1, 10);
        const head = lineStream(lines, 5).getReader();
        let sent = 0;
        return new HttpResponse(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              if (sent++ === 3) return controller.error(new Error("connection reset"));
              const { done, value } = await head.read();
              if (done) controller.close();
              else controller.enqueue(value);
            },
          }),
        );
      }),
    );

    const [step] = await tick(NOW, { batchSize: 2 });

    expect(step).toMatchObject({
      outcome: "RETRYING",
      reason: expect.stringMatching(
        /^Import attempt 1 failed: the download of Shopify's export was interrupted/,
      ),
    });
    // Nothing was deleted on an incomplete read.
    expect(await product("999")).not.toBeNull();
    expect(await prisma.product.count()).toBeGreaterThan(1);
  });

  it("imports a sync only once when two ticks run at the same time", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 710);
    let downloads = 0;
    mockBulkOperation({
      id: 710,
      lines: () => {
        downloads++;
        return catalogLines(1, 600);
      },
    });

    const [first, second] = await Promise.all([tick(NOW), tick(NOW)]);

    const imports = [...first, ...second].filter((step) => step.step === "IMPORT");
    expect(imports).toEqual([
      { shop: SHOP_A, step: "IMPORT", outcome: "IMPORTED", products: 600, deleted: 0 },
    ]);
    expect(downloads).toBe(1);
    expect(operationCalls("GetBulkOperation")).toHaveLength(1);
    expect(await prisma.product.count()).toBe(600);
    expect(await state()).toMatchObject({ syncStatus: "COMPLETED", productCount: 600, version: 1 });
  });

  it("takes over an import whose worker's lease expired, and leaves a live one alone", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await readySync(SHOP_A, 711, { syncStatus: "IMPORTING", leaseUntil: minutes(-1), syncAttempts: 1 });
    await readySync(SHOP_B, 712, { syncStatus: "IMPORTING", leaseUntil: minutes(3), syncAttempts: 1 });
    mockBulkOperation({ id: 711, lines: () => catalogLines(1, 3) });

    const steps = await tick(NOW, { maxImports: 2 });

    expect(steps).toEqual([{ shop: SHOP_A, step: "IMPORT", outcome: "IMPORTED", products: 3, deleted: 0 }]);
    expect(await state(SHOP_B)).toMatchObject({ syncStatus: "IMPORTING", leaseUntil: minutes(3) });
  });

  it("stops writing when another worker took the lease over", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 713);
    const takenOver = minutes(30);
    mockAdminOperation("GetBulkOperation", async () => {
      // Another worker claims the import while this one asks Shopify for the file.
      await prisma.catalogState.update({ where: { shop: SHOP_A }, data: { leaseUntil: takenOver } });
      return bulkOperationAnswer({ id: 713 });
    });
    mockBulkDownload(713, () => catalogLines(1, 5));

    expect(await tick(NOW)).toMatchObject([{ outcome: "LEASE_LOST" }]);

    expect(await prisma.product.count()).toBe(0);
    expect(await state()).toMatchObject({ syncStatus: "IMPORTING", leaseUntil: takenOver, syncError: null });
  });

  it("empties the catalog when Shopify's completed export found no products", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 714, { version: 4 });
    await storedProduct(SHOP_A, "1");
    mockBulkOperation({ id: 714, hasFile: false });

    expect(await tick(NOW)).toMatchObject([{ outcome: "IMPORTED", products: 0, deleted: 1 }]);
    expect(await state()).toMatchObject({ syncStatus: "COMPLETED", productCount: 0, version: 5 });
  });

  it("skips unusable lines, keeps their products, and deletes nothing after an unreadable one", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 715);
    await storedProduct(SHOP_A, "2");
    await storedProduct(SHOP_A, "3");
    mockBulkOperation({
      id: 715,
      lines: () => [
        productLine({ id: 1 }),
        productLine({ id: 2, price: ["12.345", "13.00"] }),
        '{"id": "gid://shopify/Product/4", "title": ',
      ],
    });

    expect(await tick(NOW)).toMatchObject([{ outcome: "IMPORTED", products: 1, deleted: 0 }]);
    expect(await product("1")).not.toBeNull();
    expect(await product("2")).toMatchObject({ title: "Stored 2", syncId: "sync-715" });
    expect(await product("3")).not.toBeNull();
  });

  it("fails at once, with Shopify's reason, when the export's results expired", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 716);
    mockBulkOperation({ id: 716, status: "EXPIRED" });

    expect(await tick(NOW)).toMatchObject([{ outcome: "FAILED" }]);
    expect(await state()).toMatchObject({
      syncStatus: "FAILED",
      syncError: "The product import failed: The product export's results expired before they were imported",
    });
  });

  it("starts no new step once the tick's time is up", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 718);

    expect(await tick(NOW, { deadline: PASSED_DEADLINE })).toEqual([]);
    expect(await state()).toMatchObject({ syncStatus: "READY", syncAttempts: 0 });
  });

  it("leaves the syncs of uninstalled shops alone", async () => {
    await installTestShop(SHOP_A);
    await readySync(SHOP_A, 717);
    await prisma.shop.update({ where: { domain: SHOP_A }, data: { installState: "UNINSTALLED" } });

    expect(await tick(NOW)).toEqual([]);
    expect(adminCalls).toEqual([]);
  });
});

describe("advanceCatalogSyncs: polling exports whose webhook did not come", () => {
  it("polls only after a few minutes, then imports what it finds finished in the same tick", async () => {
    await installTestShop(SHOP_A);
    mockBulkQueryStart(720);
    await startCatalogSync(SHOP_A, { graphql: await adminFor(SHOP_A), now: NOW });

    expect(await tick(minutes(2))).toEqual([]);
    expect(operationCalls("GetBulkOperation")).toHaveLength(0);

    mockBulkOperation({ id: 720, status: "RUNNING" });
    expect(await tick(minutes(6))).toEqual([{ shop: SHOP_A, step: "POLL", outcome: "STILL_RUNNING" }]);
    expect((await state()).syncStatus).toBe("RUNNING");

    mockBulkOperation({ id: 720, lines: () => catalogLines(1, 4) });
    expect(await tick(minutes(7))).toEqual([
      { shop: SHOP_A, step: "POLL", outcome: "READY" },
      { shop: SHOP_A, step: "IMPORT", outcome: "IMPORTED", products: 4, deleted: 0 },
    ]);
  });

  it("records an export Shopify reports failed, with a readable reason", async () => {
    await installTestShop(SHOP_A);
    mockBulkQueryStart(721);
    await startCatalogSync(SHOP_A, { graphql: await adminFor(SHOP_A), now: NOW });
    mockBulkOperation({ id: 721, status: "FAILED", errorCode: "ACCESS_DENIED" });

    expect(await tick(minutes(6))).toEqual([{ shop: SHOP_A, step: "POLL", outcome: "FAILED" }]);
    expect(await state()).toMatchObject({
      syncStatus: "FAILED",
      syncError: "Shopify denied access to the products; the app may be missing the read_products permission",
    });
  });
});
