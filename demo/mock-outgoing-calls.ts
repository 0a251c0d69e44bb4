import { http, passthrough } from "msw";
import {
  bulkOperationAnswer,
  bulkOperationGid,
  mockBulkDownload,
  productLine,
  variantLine,
} from "../test/mocks/bulk-operations";
import { isLoopback, mockServer } from "../test/mocks/server";
import fs from "node:fs";
import {
  listShopifyAbandonedCheckouts,
  putShopifyAbandonedCheckout,
  setDefaultAdminOperation,
} from "../test/mocks/shopify-admin";
import type { ShopifyOrderLine } from "./simulate";
import {
  buildCatalog,
  customerHistoryOf,
  DEMO_CURRENCY,
  DEMO_SHOP_NAME,
  DEMO_TIME_ZONE,
  type DemoProduct,
} from "./world";

/**
 * Loaded into the demo server before the app (`node --import`): every outgoing call goes to the HTTP-level
 * mocks the tests use (test/mocks), set up as the demo shop's Shopify: its shop details, and a catalog export
 * that is the demo catalog. Resend and Gemini are mocked unless the demo was given real keys
 * (DEMO_REAL_RESEND / DEMO_REAL_GEMINI, set by demo/run.ts); then those calls go to the real services.
 * Anything else leaving the machine is an error.
 */

const appUrl = process.env.SHOPIFY_APP_URL ?? "http://127.0.0.1";
const CATALOG_EXPORT_ID = 9_001;

mockServer.listen({
  onUnhandledRequest(request, print) {
    if (isLoopback(request.url)) return;
    print.error();
  },
});
if (process.env.DEMO_REAL_RESEND === "1")
  mockServer.use(http.post("https://api.resend.com/*", () => passthrough()));
if (process.env.DEMO_REAL_GEMINI === "1")
  mockServer.use(http.post("https://generativelanguage.googleapis.com/*", () => passthrough()));

setDefaultAdminOperation("GetShopDetails", ({ shop }) => ({
  data: {
    shop: {
      name: DEMO_SHOP_NAME,
      email: "owner@northwind.example",
      contactEmail: "hello@northwind.example",
      currencyCode: DEMO_CURRENCY,
      ianaTimezone: DEMO_TIME_ZONE,
      myshopifyDomain: shop,
      primaryDomain: { url: "https://northwind.example" },
      billingAddress: { formatted: ["12 Harbour Street", "Portland ME 04101", "United States"] },
    },
  },
}));

// The install's catalog export: accepted, finished, and its file is the demo catalog with its costs.
setDefaultAdminOperation("RunProductsBulkQuery", () => ({
  data: {
    bulkOperationRunQuery: {
      bulkOperation: { id: bulkOperationGid(CATALOG_EXPORT_ID), status: "CREATED" },
      userErrors: [],
    },
  },
}));
setDefaultAdminOperation("GetBulkOperation", ({ variables }) =>
  variables.id === bulkOperationGid(CATALOG_EXPORT_ID)
    ? bulkOperationAnswer({ id: CATALOG_EXPORT_ID })
    : { data: { bulkOperation: null } },
);
function* catalogLines(catalog: DemoProduct[]) {
  for (const product of catalog) {
    const price = (product.priceMinor / 100).toFixed(2);
    yield productLine({
      id: product.id,
      handle: product.handle,
      title: product.title,
      description: product.description,
      productType: product.category.name,
      vendor: product.vendor,
      tags: product.tags,
      category: product.category.taxonomy,
      complementaryProducts:
        product.complementaryProductIds.length > 0 ? product.complementaryProductIds : null,
      price: [price, price],
      currencyCode: DEMO_CURRENCY,
      imageUrl: `${appUrl}${product.imagePath}`,
      updatedAt: "2026-10-01T12:00:00Z",
    });
    // Each variant's unit cost (the merchant's "Cost per item"), which the export carries for a shop that
    // granted read_inventory: the demo shop did, so the app computes profit from costs, not a default margin.
    yield variantLine(product.id, product.variantId, true, {
      amount: (product.unitCostMinor / 100).toFixed(2),
      currencyCode: DEMO_CURRENCY,
    });
  }
}
const catalog = buildCatalog();
mockBulkDownload(CATALOG_EXPORT_ID, () => catalogLines(catalog));

// Unsubscribes are written back to the shopper's Shopify customer record.
setDefaultAdminOperation("UpdateCustomerMarketingConsent", ({ variables }) => ({
  data: {
    customerEmailMarketingConsentUpdate: {
      customer: { id: (variables.input as { customerId?: string } | undefined)?.customerId ?? null },
      userErrors: [],
    },
  },
}));

// Shopify's list of abandoned checkouts: the simulation appends each checkout state to a file as it happens,
// webhook sent or not (demo/simulate.ts); the list is that file, read up to date at each query.
const shopifyCheckoutsFile = process.env.DEMO_SHOPIFY_CHECKOUTS_FILE;
let shopifyCheckoutsRead = 0;
function readNewShopifyCheckouts() {
  if (!shopifyCheckoutsFile || !fs.existsSync(shopifyCheckoutsFile)) return;
  const text = fs.readFileSync(shopifyCheckoutsFile, "utf8");
  // A fresh simulation starts the file again.
  if (text.length < shopifyCheckoutsRead) shopifyCheckoutsRead = 0;
  const end = text.lastIndexOf("\n") + 1;
  for (const line of text.slice(shopifyCheckoutsRead, end).split("\n")) {
    if (!line) continue;
    const { shop, node } = JSON.parse(line) as { shop: string; node: { id: string; updatedAt: string } };
    putShopifyAbandonedCheckout(shop, node);
  }
  shopifyCheckoutsRead = Math.max(shopifyCheckoutsRead, end);
}
setDefaultAdminOperation("ListAbandonedCheckouts", (call) => {
  readNewShopifyCheckouts();
  return listShopifyAbandonedCheckouts(call);
});

// Customers' figures for the segments' customer conditions (GetCustomerOrderFacts): each account's history
// before the month (world.ts) plus its orders in the month, which the simulation appends to a file as it
// places them, read up to date at each query. An id that is not a customer answers null, as Shopify's does.
const shopifyOrdersFile = process.env.DEMO_SHOPIFY_ORDERS_FILE;
const monthOrders = new Map<string, { count: number; totalMinor: number; lastAt: string | null }>();
let shopifyOrdersRead = 0;
function readNewShopifyOrders() {
  if (!shopifyOrdersFile || !fs.existsSync(shopifyOrdersFile)) return;
  const text = fs.readFileSync(shopifyOrdersFile, "utf8");
  if (text.length < shopifyOrdersRead) {
    shopifyOrdersRead = 0;
    monthOrders.clear();
  }
  const end = text.lastIndexOf("\n") + 1;
  for (const line of text.slice(shopifyOrdersRead, end).split("\n")) {
    if (!line) continue;
    const order = JSON.parse(line) as ShopifyOrderLine;
    const key = `${order.shop}:${order.customerId}`;
    const seen = monthOrders.get(key) ?? { count: 0, totalMinor: 0, lastAt: null };
    monthOrders.set(key, {
      count: seen.count + 1,
      totalMinor: seen.totalMinor + order.totalMinor,
      lastAt: !seen.lastAt || order.createdAt > seen.lastAt ? order.createdAt : seen.lastAt,
    });
  }
  shopifyOrdersRead = Math.max(shopifyOrdersRead, end);
}
setDefaultAdminOperation("GetCustomerOrderFacts", ({ shop, variables }) => {
  readNewShopifyOrders();
  const ids = (variables.ids as string[] | undefined) ?? [];
  return {
    data: {
      nodes: ids.map((id) => {
        const customerId = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(id)?.[1];
        if (!customerId) return null;
        const before = customerHistoryOf(customerId);
        const month = monthOrders.get(`${shop}:${customerId}`);
        const lastOrderAt = month?.lastAt ?? before.lastOrderAt?.toISOString() ?? null;
        return {
          id,
          numberOfOrders: String(before.orderCount + (month?.count ?? 0)),
          amountSpent: {
            amount: ((before.amountSpentMinor + (month?.totalMinor ?? 0)) / 100).toFixed(2),
            currencyCode: DEMO_CURRENCY,
          },
          lastOrder: lastOrderAt ? { createdAt: lastOrderAt } : null,
        };
      }),
    },
  };
});
