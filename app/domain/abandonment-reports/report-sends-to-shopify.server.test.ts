import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { ShopReauthRequiredError } from "~/lib/shop-reauth-required";
import { adminGraphqlFor } from "~/shopify.server";
import { NO_DEADLINE } from "../../../test/helpers/deadlines";
import { abandonCheckout, at, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { adminCalls, mockAdminOperation, type AdminCall } from "../../../test/mocks/shopify-admin";
import { findMarketingEventsAccess } from "./find-marketing-events-access.server";
import { REASONS } from "./report-policy";
import { reportSendsToShopify } from "./report-sends-to-shopify.server";

const NOW = at("2026-11-10T15:00:00Z");
const DAY = 24 * HOUR;
const APP_URL = "https://cartback.test";
const ACTIVITY = "gid://shopify/MarketingActivity/77";
const OPERATIONS = ["UpsertMarketingActivity", "FindAbandonment", "UpdateAbandonmentDeliveryStatus"];

const report = (now: Date) =>
  reportSendsToShopify({ now, adminFor: adminGraphqlFor, appUrl: APP_URL, deadline: NO_DEADLINE });
const calls = (shop?: string) =>
  adminCalls.filter((call) => OPERATIONS.includes(call.operationName) && (!shop || call.shop === shop));

async function grantMarketingEvents(shop: string) {
  await prisma.session.updateMany({
    where: { shop },
    data: {
      scope:
        "read_orders,read_products,read_customers,write_customers,write_discounts,write_pixels,read_customer_events,write_marketing_events",
    },
  });
}

/** A shop with one recovery email sent at NOW for a checkout whose Shopify id is `shopifyId`. */
async function shopWithSentEmail(
  shop: string,
  { shopifyId = "450789469" }: { shopifyId?: string | null } = {},
) {
  await installTestShop(shop);
  await grantMarketingEvents(shop);
  const checkoutId = await abandonCheckout(shop, {
    token: `t-${shop}`,
    updatedAt: at("2026-11-10T12:00:00Z"),
  });
  await prisma.checkout.update({ where: { id: checkoutId }, data: { shopifyId } });
  const mailer = createRecordingMailer();
  await tickRecovery(shop, NOW, mailer);
  expect(mailer.delivered).toHaveLength(1);
  const send = await prisma.recoverySend.findFirstOrThrow({ where: { shop, status: "SENT" } });
  return { checkoutId, send };
}

const reportOf = (shop: string) => prisma.abandonmentReport.findFirstOrThrow({ where: { shop } });

/** Shopify as it answers a shop that has the permission; `update` can be swapped per test. */
function answerShopify(
  update: (call: AdminCall) => unknown = () => ({
    data: {
      abandonmentUpdateActivitiesDeliveryStatuses: {
        abandonment: { id: "gid://shopify/Abandonment/9" },
        userErrors: [],
      },
    },
  }),
) {
  mockAdminOperation("UpsertMarketingActivity", () => ({
    data: { marketingActivityUpsertExternal: { marketingActivity: { id: ACTIVITY }, userErrors: [] } },
  }));
  mockAdminOperation("FindAbandonment", ({ variables }) => ({
    data: {
      abandonmentByAbandonedCheckoutId:
        variables.abandonedCheckoutId === "gid://shopify/AbandonedCheckout/450789469"
          ? { id: "gid://shopify/Abandonment/9", emailState: "NOT_SENT", emailSentAt: null }
          : null,
    },
  }));
  mockAdminOperation("UpdateAbandonmentDeliveryStatus", update);
}

describe("reporting sent recovery emails to Shopify's abandonment records", () => {
  it("creates the shop's marketing activity once and marks each email SENT at the time it went out", async () => {
    const { send } = await shopWithSentEmail(SHOP_A);
    answerShopify();

    expect(await report(plus(NOW, 60_000))).toEqual({ QUEUED: 1, REPORTED: 1 });

    expect(calls().map((call) => call.operationName)).toEqual(OPERATIONS);
    expect(calls()[0]!.variables).toEqual({
      input: {
        remoteId: "cartback-abandoned-checkout-emails",
        title: "Cartback abandoned checkout emails",
        remoteUrl: `${APP_URL}/app`,
        status: "ACTIVE",
        tactic: "ABANDONED_CART",
        marketingChannelType: "EMAIL",
        utm: { source: "cartback", medium: "email", campaign: "abandoned-checkout" },
      },
    });
    expect(calls()[2]!.variables).toEqual({
      abandonmentId: "gid://shopify/Abandonment/9",
      marketingActivityId: ACTIVITY,
      deliveryStatus: "SENT",
      deliveredAt: send.sentAt!.toISOString(),
      deliveryStatusChangeReason: null,
    });
    expect(await reportOf(SHOP_A)).toMatchObject({ sendId: send.id, status: "DONE", lastError: null });
    expect(await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).toMatchObject({
      abandonmentActivityId: ACTIVITY,
    });

    // Nothing new to report; a second email of the sequence reuses the stored activity.
    expect(await report(plus(NOW, 2 * 60_000))).toEqual({});
    const second = await prisma.recoverySend.findFirstOrThrow({ where: { shop: SHOP_A } });
    await prisma.abandonmentReport.create({
      data: {
        shop: SHOP_A,
        sendId: `${second.id}-2`,
        checkoutId: second.checkoutId,
        deliveryStatus: "SENT",
        deliveredAt: NOW,
        nextAttemptAt: NOW,
      },
    });
    adminCalls.length = 0;
    expect(await report(plus(NOW, 3 * 60_000))).toEqual({ REPORTED: 1 });
    expect(calls().map((call) => call.operationName)).toEqual([
      "FindAbandonment",
      "UpdateAbandonmentDeliveryStatus",
    ]);
  });

  it("retries after Shopify answers 500, and leaves other shops untouched", async () => {
    await shopWithSentEmail(SHOP_A);
    await installTestShop(SHOP_B);
    let failures = 1;
    answerShopify(() =>
      failures-- > 0
        ? new HttpResponse(null, { status: 500 })
        : {
            data: {
              abandonmentUpdateActivitiesDeliveryStatuses: { abandonment: { id: "a" }, userErrors: [] },
            },
          },
    );

    expect(await report(plus(NOW, 60_000))).toEqual({ QUEUED: 1, RETRYING: 1 });
    expect(await reportOf(SHOP_A)).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastError: "Shopify error (HTTP 500)",
    });
    expect(await report(plus(NOW, 90_000))).toEqual({});
    expect(await report(plus(NOW, 3 * 60_000))).toEqual({ REPORTED: 1 });
    expect(await reportOf(SHOP_A)).toMatchObject({ status: "DONE", attempts: 2 });
    expect(calls(SHOP_B)).toEqual([]);
    expect(await prisma.abandonmentReport.count({ where: { shop: SHOP_B } })).toBe(0);
  });

  it("keeps a shop's reports waiting, no attempt spent, while the merchant must reconnect Cartback", async () => {
    await shopWithSentEmail(SHOP_A);
    answerShopify();
    const disconnected = (shop: string) =>
      Promise.reject(new ShopReauthRequiredError(shop, "Shopify refused to renew the app's access"));
    const reportWith = (now: Date, adminFor: (shop: string) => Promise<AdminGraphql>) =>
      reportSendsToShopify({ now, adminFor, appUrl: APP_URL, deadline: NO_DEADLINE });

    expect(await reportWith(plus(NOW, 60_000), disconnected)).toEqual({
      QUEUED: 1,
      SKIPPED_REAUTH_REQUIRED: 1,
    });
    expect(await reportOf(SHOP_A)).toMatchObject({ status: "PENDING", attempts: 0 });
    expect(calls()).toEqual([]);
    // Reconnected: the report goes out at its next look.
    expect(await reportWith(plus(NOW, 2 * HOUR), adminGraphqlFor)).toEqual({ REPORTED: 1 });
    expect(await reportOf(SHOP_A)).toMatchObject({ status: "DONE" });
  });

  it("waits for the checkout's Shopify id without calling Shopify, and skips the report after the bound", async () => {
    await shopWithSentEmail(SHOP_A, { shopifyId: null });
    answerShopify();

    expect(await report(plus(NOW, 60_000))).toEqual({ QUEUED: 1, WAITING_FOR_CHECKOUT_ID: 1 });
    expect(await reportOf(SHOP_A)).toMatchObject({
      status: "PENDING",
      attempts: 0,
      lastError: REASONS.CHECKOUT_ID_UNKNOWN,
    });
    expect(await report(plus(NOW, 2 * HOUR))).toEqual({ WAITING_FOR_CHECKOUT_ID: 1 });
    expect(await report(plus(NOW, 2 * DAY + HOUR))).toEqual({ SKIPPED_CHECKOUT_ID_UNKNOWN: 1 });
    expect(await reportOf(SHOP_A)).toMatchObject({
      status: "SKIPPED",
      lastError: "Shopify's id for this checkout is unknown",
    });
    expect(calls()).toEqual([]);
  });

  it("reports once reconciliation has filled in the checkout's Shopify id", async () => {
    const { checkoutId } = await shopWithSentEmail(SHOP_A, { shopifyId: null });
    answerShopify();
    expect(await report(plus(NOW, 60_000))).toEqual({ QUEUED: 1, WAITING_FOR_CHECKOUT_ID: 1 });
    await prisma.checkout.update({ where: { id: checkoutId }, data: { shopifyId: "450789469" } });
    expect(await report(plus(NOW, 2 * HOUR))).toEqual({ REPORTED: 1 });
  });

  it("handles ACCESS_DENIED once: the shop's reports wait, and the setup checklist asks for the permission", async () => {
    await shopWithSentEmail(SHOP_A);
    const other = await prisma.recoverySend.findFirstOrThrow({ where: { shop: SHOP_A } });
    await prisma.abandonmentReport.create({
      data: {
        shop: SHOP_A,
        sendId: "another-send",
        checkoutId: other.checkoutId,
        deliveryStatus: "SENT",
        deliveredAt: NOW,
        nextAttemptAt: NOW,
      },
    });
    mockAdminOperation("UpsertMarketingActivity", () => ({
      errors: [
        {
          message: "Access denied for marketingActivityUpsertExternal field.",
          extensions: { code: "ACCESS_DENIED" },
        },
      ],
    }));
    expect(await findMarketingEventsAccess(SHOP_A)).toBe("GRANTED");

    expect(await report(plus(NOW, 60_000))).toEqual({ QUEUED: 1, WAITING_FOR_PERMISSION: 2 });

    expect(calls()).toHaveLength(1);
    const reports = await prisma.abandonmentReport.findMany({ where: { shop: SHOP_A } });
    expect(reports.map((row) => [row.status, row.attempts, row.lastError])).toEqual([
      ["PENDING", 0, REASONS.PERMISSION_REFUSED],
      ["PENDING", 0, REASONS.PERMISSION_REFUSED],
    ]);
    expect(await findMarketingEventsAccess(SHOP_A)).toBe("REFUSED");
    // No call again until the wait is over.
    expect(await report(plus(NOW, 10 * 60_000))).toEqual({});
    expect(calls()).toHaveLength(1);
  });

  it("does not call Shopify for a shop whose grant lacks the scope, and gives up after a week", async () => {
    await shopWithSentEmail(SHOP_A);
    await prisma.session.updateMany({ where: { shop: SHOP_A }, data: { scope: "read_orders" } });
    answerShopify();

    expect(await report(plus(NOW, 60_000))).toEqual({ QUEUED: 1, WAITING_FOR_PERMISSION: 1 });
    expect(await findMarketingEventsAccess(SHOP_A)).toBe("NOT_GRANTED");
    expect(await reportOf(SHOP_A)).toMatchObject({ lastError: REASONS.PERMISSION_NOT_GRANTED });
    expect(await report(plus(NOW, 8 * DAY))).toEqual({ SKIPPED_NO_PERMISSION: 1 });
    expect(calls()).toEqual([]);
  });

  it("queues nothing for emails older than the window or for uninstalled shops", async () => {
    await shopWithSentEmail(SHOP_A);
    expect(await report(plus(NOW, 4 * DAY))).toEqual({});
    await prisma.shop.update({ where: { domain: SHOP_A }, data: { installState: "UNINSTALLED" } });
    expect(await report(plus(NOW, 60_000))).toEqual({});
    expect(await prisma.abandonmentReport.count()).toBe(0);
  });
});
