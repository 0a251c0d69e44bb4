import { http, HttpResponse, type HttpHandler } from "msw";
import {
  createFreeShippingDiscountCode,
  createPercentageDiscountCode,
  deleteDiscountCode,
  findDiscountCode,
  resetShopifyDiscounts,
} from "./shopify-discounts";

/**
 * The Shopify Admin API, mocked at the HTTP level for tests and the offline demo. GraphQL requests are
 * answered by a resolver registered for their operation name; each request is recorded so a test can read
 * what the app asked for.
 */

export interface AdminCall {
  shop: string;
  operationName: string;
  variables: Record<string, unknown>;
  /** The X-Shopify-Access-Token the app sent. */
  accessToken?: string | null;
}

export type AdminResolver = (call: AdminCall) => unknown | Response | Promise<unknown | Response>;

const defaultResolvers = new Map<string, AdminResolver>();
const overrides = new Map<string, AdminResolver>();
export const adminCalls: AdminCall[] = [];

/** Operation name from a GraphQL document: `query GetShopDetails {` -> GetShopDetails. */
export function operationNameOf(query: string): string {
  return /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1] ?? "anonymous";
}

/** Answers `operationName` with `resolver` until the end of the current test. */
export function mockAdminOperation(operationName: string, resolver: AdminResolver) {
  overrides.set(operationName, resolver);
}

/** Answers `operationName` with `resolver` whenever no test override is set (used by the demo). */
export function setDefaultAdminOperation(operationName: string, resolver: AdminResolver) {
  defaultResolvers.set(operationName, resolver);
}

export function resetAdminMocks() {
  overrides.clear();
  adminCalls.length = 0;
  resetShopifyDiscounts();
  webPixels.clear();
  shopifyAbandonedCheckouts.clear();
}

setDefaultAdminOperation("GetShopDetails", ({ shop }) => ({
  data: {
    shop: {
      name: shop.replace(/\.myshopify\.com$/, "").replace(/-/g, " "),
      email: `owner@${shop}`,
      contactEmail: `hello@${shop}`,
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      myshopifyDomain: shop,
      primaryDomain: { url: `https://${shop}` },
      billingAddress: { formatted: ["150 Elgin Street", "Ottawa ON K2P 1L4", "Canada"] },
    },
  },
}));

// Installs start a catalog sync: by default Shopify accepts the export and reports it still running, so
// tests that do not care about the catalog never see it finish.
let bulkOperationSequence = 0;
setDefaultAdminOperation("RunProductsBulkQuery", () => ({
  data: {
    bulkOperationRunQuery: {
      bulkOperation: { id: `gid://shopify/BulkOperation/${++bulkOperationSequence}`, status: "CREATED" },
      userErrors: [],
    },
  },
}));
setDefaultAdminOperation("GetBulkOperation", ({ variables }) => ({
  data: {
    bulkOperation: {
      id: String(variables.id),
      status: "RUNNING",
      errorCode: null,
      url: null,
      partialDataUrl: null,
      objectCount: "0",
    },
  },
}));

// Discount codes for recovery offers: Shopify keeps what was created (per shop), answers TAKEN for a code it
// has, finds codes by code and deletes them (test/mocks/shopify-discounts.ts).
setDefaultAdminOperation("CreatePercentageDiscountCode", createPercentageDiscountCode);
setDefaultAdminOperation("CreateFreeShippingDiscountCode", createFreeShippingDiscountCode);
setDefaultAdminOperation("FindDiscountCode", findDiscountCode);
setDefaultAdminOperation("DeleteDiscountCode", deleteDiscountCode);

// The app's web pixel per shop, as Shopify keeps it: none until webPixelCreate, then one (a second create is
// TAKEN), whose settings webPixelUpdate replaces. Reading a shop without one is an error, as Shopify answers.
export const webPixels = new Map<string, { id: string; settings: string }>();
let webPixelSequence = 0;
setDefaultAdminOperation("GetWebPixel", ({ shop }) => {
  const pixel = webPixels.get(shop);
  return pixel
    ? { data: { webPixel: pixel } }
    : {
        errors: [{ message: "No web pixel was found for this app.", extensions: { code: "NOT_FOUND" } }],
        data: { webPixel: null },
      };
});
setDefaultAdminOperation("CreateWebPixel", ({ shop, variables }) => {
  if (webPixels.has(shop))
    return {
      data: {
        webPixelCreate: {
          webPixel: null,
          userErrors: [{ code: "TAKEN", field: ["webPixel"], message: "Web pixel is taken." }],
        },
      },
    };
  const pixel = { id: `gid://shopify/WebPixel/${++webPixelSequence}`, settings: String(variables.settings) };
  webPixels.set(shop, pixel);
  return { data: { webPixelCreate: { webPixel: pixel, userErrors: [] } } };
});
setDefaultAdminOperation("UpdateWebPixel", ({ shop, variables }) => {
  const pixel = webPixels.get(shop);
  if (!pixel || pixel.id !== variables.id)
    return {
      data: {
        webPixelUpdate: {
          webPixel: null,
          userErrors: [{ code: "NOT_FOUND", field: ["id"], message: "Web pixel not found." }],
        },
      },
    };
  pixel.settings = String(variables.settings);
  return { data: { webPixelUpdate: { webPixel: pixel, userErrors: [] } } };
});

// Flow accepts every trigger by default; tests program failures with mockAdminOperation.
setDefaultAdminOperation("FlowTriggerReceive", () => ({ data: { flowTriggerReceive: { userErrors: [] } } }));

// Shopify's own list of abandoned checkouts per shop (abandonedCheckouts), as AbandonedCheckout nodes: tests
// and the demo put checkouts in (test/helpers/abandoned-checkouts.ts builds them); the query's updated_at
// filter, the ID order and the page cursor are honoured, and the cost comes back in extensions.cost.
export const shopifyAbandonedCheckouts = new Map<string, Map<string, { id: string; updatedAt: string }>>();

/** Adds or replaces (by id) a checkout in the shop's list. */
export function putShopifyAbandonedCheckout(shop: string, node: { id: string; updatedAt: string }) {
  const list = shopifyAbandonedCheckouts.get(shop) ?? new Map<string, { id: string; updatedAt: string }>();
  list.set(node.id, node);
  shopifyAbandonedCheckouts.set(shop, list);
}

const numericTail = (gid: string) => BigInt(/(\d+)$/.exec(gid)?.[1] ?? "0");

export function listShopifyAbandonedCheckouts({ shop, variables }: AdminCall) {
  const since = /updated_at:>='([^']+)'/.exec(String(variables.query ?? ""))?.[1];
  const sinceMs = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
  const first = Number(variables.first ?? 50);
  const afterId =
    typeof variables.after === "string" ? BigInt(variables.after.replace(/^cursor-/, "")) : null;
  const matching = [...(shopifyAbandonedCheckouts.get(shop)?.values() ?? [])]
    .filter((node) => Date.parse(node.updatedAt) >= sinceMs)
    .sort((a, b) => (numericTail(a.id) < numericTail(b.id) ? -1 : 1))
    .filter((node) => afterId === null || numericTail(node.id) > afterId);
  const nodes = matching.slice(0, first);
  const last = nodes[nodes.length - 1];
  return {
    data: {
      abandonedCheckouts: {
        nodes,
        pageInfo: {
          hasNextPage: matching.length > first,
          endCursor: last ? `cursor-${numericTail(last.id)}` : null,
        },
      },
    },
    extensions: {
      cost: {
        requestedQueryCost: 2 + first * 111,
        actualQueryCost: 2 + nodes.length * 12,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1900, restoreRate: 100 },
      },
    },
  };
}
setDefaultAdminOperation("ListAbandonedCheckouts", listShopifyAbandonedCheckouts);

export const shopifyAdminHandlers: HttpHandler[] = [
  http.post("https://:shop/admin/api/:version/graphql.json", async ({ request, params }) => {
    const body = (await request.json()) as { query?: string; variables?: Record<string, unknown> };
    const call: AdminCall = {
      shop: String(params.shop),
      operationName: operationNameOf(body.query ?? ""),
      variables: body.variables ?? {},
      accessToken: request.headers.get("x-shopify-access-token"),
    };
    adminCalls.push(call);
    const resolver = overrides.get(call.operationName) ?? defaultResolvers.get(call.operationName);
    if (!resolver) {
      return HttpResponse.json(
        { errors: [{ message: `no mock for operation ${call.operationName}` }] },
        { status: 500 },
      );
    }
    const result = await resolver(call);
    return result instanceof Response ? result : HttpResponse.json(result as Record<string, unknown>);
  }),
  // Token exchange and refresh (expiring offline tokens).
  http.post("https://:shop/admin/oauth/access_token", () =>
    HttpResponse.json({
      access_token: `shpat_mock_${Date.now()}`,
      scope:
        "read_orders,read_products,read_customers,write_customers,write_discounts,write_pixels,read_customer_events",
      expires_in: 3600,
      refresh_token: `shprt_mock_${Date.now()}`,
      refresh_token_expires_in: 7_776_000,
    }),
  ),
];
