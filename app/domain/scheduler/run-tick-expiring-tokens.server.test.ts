import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { updateShopSettings } from "~/domain/shops";
import { decryptField } from "~/lib/encryption.server";
import { adminGraphqlFor, authenticate } from "~/shopify.server";
import { adminRequest } from "../../../test/helpers/admin";
import { abandonCheckout, at, HOUR, plus } from "../../../test/helpers/recovery";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { TEST_APP_URL } from "../../../test/helpers/webhooks";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { mockServer } from "../../../test/mocks/server";
import { adminCalls, mockAdminOperation } from "../../../test/mocks/shopify-admin";
import { runTick, tickTasks } from "./run-tick.server";

/**
 * Background work with an expired offline token (expiring offline tokens: an hour each), Shopify's token
 * endpoint and Admin API mocked at the HTTP level: every task that calls the Admin API refreshes the token
 * once and goes on, and a refresh Shopify refuses parks the shop's work until the merchant returns.
 */

// 10:00 in the shop's time zone (America/New_York): outside quiet hours.
const T0 = at("2026-11-10T15:00:00Z");
const CUSTOMER_ID = "7300000001";
const ADMIN_TASKS = new Set(["recovery", "unsubscribes", "flowTriggers", "catalog"]);
let mailer = createRecordingMailer();

const tick = (now: Date) =>
  runTick(
    { now, adminFor: adminGraphqlFor, mailer, appUrl: TEST_APP_URL, budgetMs: 60_000 },
    tickTasks.filter(([name]) => ADMIN_TASKS.has(name)),
  );

/** A shop with one of each kind of Admin API work due an hour after T0, and its offline token expired. */
async function shopWithWorkDue() {
  mailer = createRecordingMailer();
  await installTestShop(SHOP_A);
  // The first email carries the offer, so sending it needs a discount code made through the Admin API.
  await updateShopSettings(SHOP_A, (settings) => ({
    ...settings,
    steps: settings.steps.map((step, index) => (index === 0 ? { ...step, offer: true } : step)),
  }));
  // Enrolling it queues the Flow trigger "Checkout abandoned".
  await abandonCheckout(SHOP_A, { token: "expired-token", updatedAt: T0, customerId: CUSTOMER_ID });
  await prisma.suppression.create({
    data: {
      shop: SHOP_A,
      emailHash: "hash-of-an-unsubscribed-shopper",
      reason: "UNSUBSCRIBED",
      customerId: "7300000002",
      shopifySync: "PENDING",
    },
  });
  await prisma.catalogState.create({ data: { shop: SHOP_A, syncStatus: "REQUESTED", syncId: "sync-1" } });
  mockAdminOperation("UpdateCustomerMarketingConsent", () => ({
    data: {
      customerEmailMarketingConsentUpdate: {
        customer: { id: "gid://shopify/Customer/7300000002" },
        userErrors: [],
      },
    },
  }));
  // Any instant in the past: the library compares expiries with the machine's clock.
  await prisma.session.update({
    where: { id: `offline_${SHOP_A}` },
    data: { expires: new Date("2020-01-01T00:00:00Z") },
  });
}

type TokenAnswer = "ROTATE" | "INVALID_GRANT";

/** Shopify's token endpoint: refreshes answered as `refreshes` says, token exchanges always granted. */
function mockTokenEndpoint(refreshes: () => TokenAnswer) {
  const requests: Array<{ grantType: string; refreshToken?: string }> = [];
  mockServer.use(
    http.post("https://:shop/admin/oauth/access_token", async ({ request }) => {
      const body = (await request.json()) as { grant_type: string; refresh_token?: string };
      requests.push({ grantType: body.grant_type, refreshToken: body.refresh_token });
      if (body.grant_type === "refresh_token" && refreshes() === "INVALID_GRANT") {
        return HttpResponse.json(
          { error: "invalid_grant", error_description: "The refresh token is invalid" },
          { status: 400 },
        );
      }
      return HttpResponse.json({
        access_token: `shpat_new_${requests.length}`,
        scope: "read_orders,read_products,read_customers,write_customers,write_discounts",
        expires_in: 3600,
        refresh_token: `shprt_new_${requests.length}`,
        refresh_token_expires_in: 7_776_000,
      });
    }),
  );
  return requests;
}

const WORK_OPERATIONS = [
  "CreateFreeShippingDiscountCode",
  "UpdateCustomerMarketingConsent",
  "FlowTriggerReceive",
  "RunProductsBulkQuery",
];

const workCalls = () => adminCalls.filter((call) => WORK_OPERATIONS.includes(call.operationName));

async function storedTokens() {
  const stored = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${SHOP_A}` } });
  return {
    accessToken: decryptField(SHOP_A, stored.accessToken),
    refreshToken: decryptField(SHOP_A, stored.refreshToken),
  };
}

describe("the tick with an expired offline token", () => {
  it("refreshes it once and does every kind of Admin API work with the new token", async () => {
    await shopWithWorkDue();
    const tokenRequests = mockTokenEndpoint(() => "ROTATE");

    const report = await tick(plus(T0, HOUR));

    expect(tokenRequests).toEqual([{ grantType: "refresh_token", refreshToken: `shprt_test_${SHOP_A}` }]);
    expect(report.errors).toEqual({});
    expect(report.tasks).toMatchObject({
      recovery: { step_SENT: 1 },
      unsubscribes: { SYNCED: 1 },
      flowTriggers: { SENT: 1 },
      catalog: { START_STARTED: 1 },
    });
    expect(
      workCalls()
        .map((call) => call.operationName)
        .sort(),
    ).toEqual([...WORK_OPERATIONS].sort());
    expect(adminCalls.map((call) => call.accessToken)).toEqual(adminCalls.map(() => "shpat_new_1"));
    expect(await storedTokens()).toEqual({ accessToken: "shpat_new_1", refreshToken: "shprt_new_1" });
    expect(mailer.delivered).toHaveLength(1);
    expect(mailer.delivered[0]?.message.offer?.codes.length).toBeGreaterThan(0);
  });

  it("parks the shop's work when Shopify refuses the refresh, marks it once, and resumes after the merchant returns", async () => {
    await shopWithWorkDue();
    const tokenRequests = mockTokenEndpoint(() => "INVALID_GRANT");

    const first = await tick(plus(T0, HOUR));

    expect(first.errors).toEqual({});
    expect(first.tasks).toMatchObject({
      recovery: { step_DEFERRED_REAUTH_REQUIRED: 1 },
      unsubscribes: { SKIPPED_REAUTH_REQUIRED: 1 },
      flowTriggers: { SKIPPED_REAUTH_REQUIRED: 1 },
      catalog: { START_SKIPPED_REAUTH_REQUIRED: 1 },
    });
    const marked = await prisma.shop.findUniqueOrThrow({
      where: { domain: SHOP_A },
      select: { reauthRequiredAt: true, reauthReason: true },
    });
    expect(marked.reauthRequiredAt).not.toBeNull();
    expect(marked.reauthReason).toBe("Shopify refused to renew the app's access (HTTP 400, invalid_grant)");

    // Nothing was lost or used up: each piece of work is still queued, its attempts untouched.
    expect(await prisma.enrollment.findFirstOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      status: "ACTIVE",
      nextStep: 1,
      dueAt: plus(T0, 2 * HOUR),
    });
    expect(await prisma.recoverySend.count({ where: { shop: SHOP_A } })).toBe(0);
    expect(await prisma.flowTrigger.findFirstOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      attempts: 0,
      sentAt: null,
      failedAt: null,
    });
    expect(await prisma.suppression.findFirstOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      shopifySync: "PENDING",
      shopifySyncAttempts: 0,
    });
    expect(await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      syncStatus: "REQUESTED",
    });

    // The next time it is all due, the shop is still waiting: no call to Shopify at all, the mark unchanged.
    const second = await tick(plus(T0, 2 * HOUR + 60_000));
    expect(second.tasks).toMatchObject({
      recovery: { step_DEFERRED_REAUTH_REQUIRED: 1 },
      unsubscribes: { SKIPPED_REAUTH_REQUIRED: 1 },
      flowTriggers: { SKIPPED_REAUTH_REQUIRED: 1 },
      catalog: { START_SKIPPED_REAUTH_REQUIRED: 1 },
    });
    expect(
      await prisma.shop.findUniqueOrThrow({
        where: { domain: SHOP_A },
        select: { reauthRequiredAt: true, reauthReason: true },
      }),
    ).toEqual(marked);
    expect(tokenRequests).toHaveLength(1);
    expect(workCalls()).toEqual([]);
    expect(mailer.delivered).toEqual([]);

    // The merchant opens the app: a token exchange stores a new offline session and afterAuth clears the
    // mark (and, as after any install, starts the catalog sync that was waiting).
    await authenticate.admin(await adminRequest("/app", { shop: SHOP_A, type: "document" }));
    const third = await tick(plus(T0, 3 * HOUR + 2 * 60_000));

    expect(third.tasks).toMatchObject({
      recovery: { step_SENT: 1 },
      unsubscribes: { SYNCED: 1 },
      flowTriggers: { SENT: 1 },
    });
    expect(await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      syncStatus: "RUNNING",
    });
    expect(workCalls().map((call) => call.accessToken)).toEqual(workCalls().map(() => "shpat_new_2"));
    expect(tokenRequests.map((request) => request.grantType)).toEqual([
      "refresh_token",
      "urn:ietf:params:oauth:grant-type:token-exchange",
    ]);
    expect(mailer.delivered).toHaveLength(1);
    expect(mailer.delivered[0]?.message.offer?.codes.length).toBeGreaterThan(0);
  });
});
