import { HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { decryptField } from "~/lib/encryption.server";
import { loader } from "~/routes/app._index";
import { adminRequest } from "../../../test/helpers/admin";
import { callLoader } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { adminCalls, mockAdminOperation } from "../../../test/mocks/shopify-admin";
import { findActiveShop, getShopSettings, recordShopInstall } from ".";

/** The Admin API as the mocked Shopify answers it, for a shop with an offline session. */
const adminGraphql =
  (shop: string) => async (query: string, options?: { variables?: Record<string, unknown> }) =>
    fetch(`https://${shop}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query, variables: options?.variables }),
    });

describe("shop lifecycle", () => {
  it("records a new shop on its first admin load: token exchange, shop details, default settings", async () => {
    mockAdminOperation("GetShopDetails", () => ({
      data: {
        shop: {
          name: "Kyoto Tea",
          email: "owner@kyoto.example",
          contactEmail: "hello@kyoto.example",
          currencyCode: "JPY",
          ianaTimezone: "Asia/Tokyo",
          myshopifyDomain: SHOP_A,
          primaryDomain: { url: "https://kyoto.example" },
        },
      },
    }));

    const response = await callLoader(loader, await adminRequest("/app", { shop: SHOP_A, type: "document" }));

    expect(response.status).toBe(200);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${SHOP_A}` } });
    expect(decryptField(SHOP_A, session.refreshToken)).toMatch(/^shprt_mock_/);
    const shop = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    expect(shop).toMatchObject({
      name: "Kyoto Tea",
      currency: "JPY",
      timezone: "Asia/Tokyo",
      installState: "INSTALLED",
    });
    const settings = await getShopSettings(SHOP_A);
    // Thresholds in the shop's currency: 100 and 500 yen have no minor units.
    expect(settings.tiers.map((tier) => tier.minimumSubtotalMinor)).toEqual([0, 100, 500]);
    // The install starts the catalog sync, as a bulk export of the products, and activates the web pixel.
    expect(adminCalls.map((call) => call.operationName)).toEqual([
      "GetShopDetails",
      "RunProductsBulkQuery",
      "GetWebPixel",
      "CreateWebPixel",
    ]);
    expect(await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      syncStatus: "RUNNING",
      bulkOperationId: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/),
    });
  });

  it("keeps defaults and still installs when the Admin API is down", async () => {
    mockAdminOperation("GetShopDetails", () => new HttpResponse("unavailable", { status: 503 }));
    const failing = async () => new Response("unavailable", { status: 503 });

    await recordShopInstall(SHOP_A, { now: new Date(), graphql: failing, retry: { sleep: async () => {} } });

    const shop = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    expect(shop).toMatchObject({ installState: "INSTALLED", currency: "USD" });
    expect(await prisma.shopSettings.count({ where: { shop: SHOP_A } })).toBe(1);
    // The catalog sync waits, with the reason, for the tick or the merchant to retry it.
    expect(await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      syncStatus: "REQUESTED",
      syncError: expect.stringMatching(/^Could not start the product sync: Shopify error \(HTTP 503\)/),
    });
  });

  it("installs even when the catalog sync cannot be recorded", async () => {
    const graphql = async () => new Response("unavailable", { status: 503 });
    // The database refuses the catalog's row (a lock, a full disk): the sync cannot even be requested.
    const refused = vi
      .spyOn(prisma.catalogState, "upsert")
      .mockRejectedValue(new Error("database is locked"));

    let attempts = 0;
    try {
      await recordShopInstall(SHOP_A, { now: new Date(), graphql, retry: { maxAttempts: 1 } });
    } finally {
      attempts = refused.mock.calls.length;
      refused.mockRestore();
    }

    expect(attempts).toBe(1);
    expect(await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).toMatchObject({
      installState: "INSTALLED",
    });
  });

  it("does not export the catalog again when an installed, synced shop re-authenticates", async () => {
    await installTestShop(SHOP_A);
    await prisma.catalogState.create({
      data: { shop: SHOP_A, syncStatus: "COMPLETED", lastSyncedAt: new Date(), productCount: 12 },
    });

    await recordShopInstall(SHOP_A, { now: new Date(), graphql: adminGraphql(SHOP_A) });
    expect(adminCalls.map((call) => call.operationName)).toEqual(["GetShopDetails"]);

    // A reinstall does: products changed while the app was away.
    await prisma.shop.update({ where: { domain: SHOP_A }, data: { installState: "UNINSTALLED" } });
    await recordShopInstall(SHOP_A, { now: new Date(), graphql: adminGraphql(SHOP_A) });
    expect(adminCalls.map((call) => call.operationName)).toEqual([
      "GetShopDetails",
      "GetShopDetails",
      "RunProductsBulkQuery",
    ]);
  });

  it("moves installedAt only on a reinstall", async () => {
    await installTestShop(SHOP_A);
    const before = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    const graphql = async () => new Response("unavailable", { status: 503 });
    const retry = { maxAttempts: 1 };

    await recordShopInstall(SHOP_A, { now: new Date(Date.now() + 60_000), graphql, retry });
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).installedAt).toEqual(
      before.installedAt,
    );

    await prisma.shop.update({ where: { domain: SHOP_A }, data: { installState: "UNINSTALLED" } });
    const reinstalledAt = new Date(Date.now() + 120_000);
    await recordShopInstall(SHOP_A, { now: reinstalledAt, graphql, retry });
    const after = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    expect(after).toMatchObject({
      installState: "INSTALLED",
      installedAt: reinstalledAt,
      uninstalledAt: null,
    });
  });

  it("findActiveShop creates the shop lazily when it has a session, and ignores one without", async () => {
    await prisma.session.create({
      data: { id: `offline_${SHOP_A}`, shop: SHOP_A, state: "s", isOnline: false, accessToken: "shpat_x" },
    });

    const now = new Date("2026-11-20T12:00:00Z");
    expect(await findActiveShop(SHOP_A, { now })).toMatchObject({ domain: SHOP_A, currency: "USD" });
    expect(await prisma.shopSettings.count({ where: { shop: SHOP_A } })).toBe(1);
    expect(await findActiveShop("unknown-shop.myshopify.com", { now })).toBeNull();
    expect(await prisma.shop.count({ where: { domain: "unknown-shop.myshopify.com" } })).toBe(0);
  });

  it("creates settings once when two first requests race", async () => {
    await prisma.shop.create({ data: { domain: SHOP_A } });
    const results = await Promise.all(Array.from({ length: 8 }, () => getShopSettings(SHOP_A)));
    expect(new Set(results.map((settings) => JSON.stringify(settings))).size).toBe(1);
    expect(await prisma.shopSettings.count({ where: { shop: SHOP_A } })).toBe(1);
  });
});
