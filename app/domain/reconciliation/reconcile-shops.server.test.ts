import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { runTick, tickTasks } from "~/domain/scheduler";
import { action as deleteAction } from "~/routes/webhooks.checkouts.delete";
import { action as updateAction } from "~/routes/webhooks.checkouts.update";
import { adminGraphqlFor } from "~/shopify.server";
import { listInShopify } from "../../../test/helpers/abandoned-checkouts";
import { deadlineAfterChecks, NO_DEADLINE } from "../../../test/helpers/deadlines";
import { editFixture } from "../../../test/helpers/fixtures";
import { at, HOUR, plus } from "../../../test/helpers/recovery";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { signedWebhookRequest, TEST_APP_URL } from "../../../test/helpers/webhooks";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import {
  adminCalls,
  listShopifyAbandonedCheckouts,
  mockAdminOperation,
} from "../../../test/mocks/shopify-admin";
import { MISSING_ACCESS_FIX, reconcileShops } from "./index";

// Noon UTC, in shops on UTC time: outside the default quiet hours.
const T0 = at("2026-11-20T12:00:00Z");
const MINUTE = 60_000;

async function install(shop: string) {
  await installTestShop(shop, { timezone: "UTC" });
  // Installed well before the checkouts, whatever today's date: the first run reads back to the install.
  await prisma.shop.update({ where: { domain: shop }, data: { installedAt: at("2026-11-01T00:00:00Z") } });
}

/** The scheduled tick's reconciliation and recovery, as the cron runs them. */
function tick(now: Date, mailer: ReturnType<typeof createRecordingMailer>) {
  return runTick(
    { now, adminFor: adminGraphqlFor, mailer, appUrl: TEST_APP_URL },
    tickTasks.filter(([name]) => name === "reconciliation" || name === "recovery"),
  );
}

/** A checkouts/update delivery with Shopify's id, through the real route. */
async function deliverCheckout(
  shop: string,
  options: { id?: string | null; token: string; cartToken: string; updatedAt: Date; email: string },
) {
  const body = editFixture("checkouts-update.shopify-sample-2026-07.json", {
    ...(options.id ? { id: options.id } : {}),
    token: options.token,
    cart_token: options.cartToken,
    email: options.email,
    buyer_accepts_marketing: true,
    created_at: options.updatedAt.toISOString(),
    updated_at: options.updatedAt.toISOString(),
    completed_at: null,
    customer: { id: null, first_name: "Jane" },
    abandoned_checkout_url: `https://${shop}/1/checkouts/${options.token}/recover?key=secret`,
  });
  const response = await callAction(
    updateAction,
    signedWebhookRequest({ topic: "checkouts/update", shop, body }),
  );
  expect(response.status).toBe(200);
}

const stateOf = (shop: string) => prisma.reconciliationState.findUniqueOrThrow({ where: { shop } });
const listCalls = () => adminCalls.filter((call) => call.operationName === "ListAbandonedCheckouts");

describe("reconciliation with Shopify's list of abandoned checkouts", () => {
  it("finds a checkout whose webhooks never came, and recovers it with exactly one email", async () => {
    await install(SHOP_A);
    const mailer = createRecordingMailer();
    listInShopify(SHOP_A, { id: "1001", token: "missed1", email: "missed@shopper.co", updatedAt: T0 });
    // Completed at Shopify, never delivered either: stored completed, never emailed.
    listInShopify(SHOP_A, {
      id: "1002",
      token: "paid1",
      email: "paid@shopper.co",
      updatedAt: T0,
      completedAt: plus(T0, MINUTE),
    });

    const first = await tick(plus(T0, 10 * MINUTE), mailer);
    expect(first.tasks.reconciliation).toMatchObject({ OK: 1, FOUND: 2 });
    const stored = await prisma.checkout.findUniqueOrThrow({
      where: { shop_token: { shop: SHOP_A, token: "missed1" } },
    });
    expect(stored).toMatchObject({ seenVia: "RECONCILIATION", shopifyId: "1001", subtotalMinor: 19900 });
    expect(stored.recoveryUrl).not.toContain("missed1"); // sealed like a webhook's
    expect(
      await prisma.checkout.findUniqueOrThrow({ where: { shop_token: { shop: SHOP_A, token: "paid1" } } }),
    ).toMatchObject({ completedAt: plus(T0, MINUTE) });

    // Hourly runs read it again; the engine sends its first step once.
    for (let minutes = 40; minutes <= 5 * 60; minutes += 30) await tick(plus(T0, minutes * MINUTE), mailer);
    expect(mailer.delivered.map((sent) => sent.message.to)).toEqual(["missed@shopper.co"]);
    expect(mailer.delivered[0]?.message.step).toBe(1);
    expect(await prisma.checkout.count({ where: { shop: SHOP_A } })).toBe(2);
    expect(await stateOf(SHOP_A)).toMatchObject({ lastOutcome: "OK", lastFound: 0, totalFound: 2 });
  });

  it("keeps one checkout, and one email, when the webhook came first", async () => {
    await install(SHOP_A);
    const mailer = createRecordingMailer();
    await deliverCheckout(SHOP_A, {
      token: "both1",
      cartToken: "cart-both1",
      updatedAt: T0,
      email: "both@shopper.co",
    });
    // The webhook had no id; Shopify's list names the checkout by its token.
    listInShopify(SHOP_A, { id: "2001", token: "both1", email: "both@shopper.co", updatedAt: T0 });

    for (let minutes = 10; minutes <= 3 * 60; minutes += 30) await tick(plus(T0, minutes * MINUTE), mailer);
    const checkouts = await prisma.checkout.findMany({ where: { shop: SHOP_A } });
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]).toMatchObject({ token: "both1", seenVia: "WEBHOOK", shopifyId: "2001" });
    expect(mailer.delivered).toHaveLength(1);
    expect(await stateOf(SHOP_A)).toMatchObject({ totalFound: 0 });
  });

  it("keeps one checkout, and one email, when reconciliation came first and knew only the cart", async () => {
    await install(SHOP_A);
    const mailer = createRecordingMailer();
    listInShopify(SHOP_A, { id: "3001", cartToken: "cart-late1", email: "late@shopper.co", updatedAt: T0 });
    listInShopify(SHOP_A, { id: "3002", cartToken: "cart-late2", email: "late2@shopper.co", updatedAt: T0 });
    await tick(plus(T0, 10 * MINUTE), mailer);
    expect(
      (await prisma.checkout.findMany({ where: { shop: SHOP_A }, orderBy: { shopifyId: "asc" } })).map(
        (checkout) => checkout.token,
      ),
    ).toEqual(["reconciled:3001", "reconciled:3002"]);

    // The late webhooks take the rows over: one by Shopify's id, one (without an id) by its cart token.
    await deliverCheckout(SHOP_A, {
      id: "3001",
      token: "late1",
      cartToken: "cart-late1",
      updatedAt: plus(T0, 5 * MINUTE),
      email: "late@shopper.co",
    });
    await deliverCheckout(SHOP_A, {
      token: "late2",
      cartToken: "cart-late2",
      updatedAt: plus(T0, 5 * MINUTE),
      email: "late2@shopper.co",
    });
    const checkouts = await prisma.checkout.findMany({ where: { shop: SHOP_A }, orderBy: { token: "asc" } });
    expect(checkouts.map((checkout) => [checkout.token, checkout.seenVia])).toEqual([
      ["late1", "RECONCILIATION"],
      ["late2", "RECONCILIATION"],
    ]);

    for (let minutes = 40; minutes <= 4 * 60; minutes += 30) await tick(plus(T0, minutes * MINUTE), mailer);
    expect(await prisma.checkout.count({ where: { shop: SHOP_A } })).toBe(2);
    expect(mailer.delivered.map((sent) => sent.message.to).sort()).toEqual([
      "late2@shopper.co",
      "late@shopper.co",
    ]);
  });

  it("resumes from its saved page after a failure, and after the tick's budget ran out", async () => {
    await install(SHOP_A);
    for (let n = 1; n <= 20; n++)
      listInShopify(SHOP_A, { id: String(4000 + n), token: `page${n}`, updatedAt: T0 });
    let calls = 0;
    mockAdminOperation("ListAbandonedCheckouts", (call) => {
      calls++;
      return calls === 2 ? new Response("", { status: 503 }) : listShopifyAbandonedCheckouts(call);
    });
    const retry = { maxAttempts: 1 };
    const now = plus(T0, HOUR);

    expect(await reconcileShops({ now, adminFor: adminGraphqlFor, deadline: NO_DEADLINE, retry })).toEqual({
      FOUND: 8,
      FAILED: 1,
    });
    expect(await stateOf(SHOP_A)).toMatchObject({
      lastOutcome: "FAILED",
      pageCursor: "cursor-4008",
      lastSeen: 8,
    });
    expect(await prisma.checkout.count()).toBe(8);

    // Not every tick: a failed run waits a few minutes.
    expect(
      await reconcileShops({
        now: plus(now, 5 * MINUTE),
        adminFor: adminGraphqlFor,
        deadline: NO_DEADLINE,
        retry,
      }),
    ).toEqual({});

    // Room for one page only: the run reads page 2 and pauses, the next tick reads page 3.
    const later = plus(now, 10 * MINUTE);
    expect(
      await reconcileShops({
        now: later,
        adminFor: adminGraphqlFor,
        deadline: deadlineAfterChecks(1),
        retry,
      }),
    ).toEqual({ FOUND: 8, PAUSED: 1 });
    expect(
      await reconcileShops({
        now: plus(later, MINUTE),
        adminFor: adminGraphqlFor,
        deadline: NO_DEADLINE,
        retry,
      }),
    ).toEqual({ FOUND: 4, OK: 1 });

    expect(listCalls().map((call) => call.variables.after)).toEqual([
      null,
      "cursor-4008",
      "cursor-4008",
      "cursor-4016",
    ]);
    expect(await prisma.checkout.count()).toBe(20);
    expect(await stateOf(SHOP_A)).toMatchObject({
      lastOutcome: "OK",
      lastError: null,
      pageCursor: null,
      lastSeen: 20,
      lastFound: 20,
      totalFound: 20,
      // The next run reads from when this one started (less the overlap).
      cursorUpdatedAt: now,
      lastStartedAt: now,
      // The mock's actual cost: 2 + 12 a checkout, per page.
      lastCostPoints: 3 * 2 + 20 * 12,
    });
    await reconcileShops({
      now: plus(now, 2 * HOUR),
      adminFor: adminGraphqlFor,
      deadline: NO_DEADLINE,
      retry,
    });
    expect(listCalls().at(-1)?.variables.query).toBe("updated_at:>='2026-11-20T12:55:00Z'");
  });

  it("records missing access with the fix, and does not ask again every tick", async () => {
    await install(SHOP_A);
    await install(SHOP_B);
    listInShopify(SHOP_B, { id: "5001", token: "b1", updatedAt: T0 });
    listInShopify(SHOP_A, { id: "5002", token: "a1", updatedAt: T0 });
    mockAdminOperation("ListAbandonedCheckouts", (call) =>
      call.shop === SHOP_A
        ? {
            errors: [
              {
                message: "Access denied for abandonedCheckouts field.",
                extensions: { code: "ACCESS_DENIED" },
              },
            ],
          }
        : listShopifyAbandonedCheckouts(call),
    );
    const now = plus(T0, HOUR);
    expect(await reconcileShops({ now, adminFor: adminGraphqlFor, deadline: NO_DEADLINE })).toEqual({
      MISSING_ACCESS: 1,
      OK: 1,
      FOUND: 1,
    });
    const state = await stateOf(SHOP_A);
    expect(state.lastOutcome).toBe("MISSING_ACCESS");
    expect(state.lastError).toBe(MISSING_ACCESS_FIX);
    expect(state.lastError).toMatch(/read_orders/);
    expect(state.lastError).toMatch(/Manage abandoned checkouts/);
    // The other shop is reconciled, and only it has the checkout it listed.
    expect(await prisma.checkout.findMany({ select: { shop: true, token: true } })).toEqual([
      { shop: SHOP_B, token: "b1" },
    ]);

    const asked = listCalls().length;
    for (const minutes of [10, 30, 59])
      await reconcileShops({
        now: plus(now, minutes * MINUTE),
        adminFor: adminGraphqlFor,
        deadline: NO_DEADLINE,
      });
    expect(listCalls()).toHaveLength(asked);
    await reconcileShops({ now: plus(now, HOUR), adminFor: adminGraphqlFor, deadline: NO_DEADLINE });
    expect(listCalls().filter((call) => call.shop === SHOP_A)).toHaveLength(2);
  });

  it("never brings back a checkout that was deleted or redacted", async () => {
    await install(SHOP_A);
    // Deleted before the app ever stored it: only the tombstone remembers it.
    const deleted = await callAction(
      deleteAction,
      signedWebhookRequest({
        topic: "checkouts/delete",
        shop: SHOP_A,
        body: { id: "6001", cart_token: "c6001" },
      }),
    );
    expect(deleted.status).toBe(200);
    // Stored by webhook, then anonymised.
    await deliverCheckout(SHOP_A, {
      token: "gone2",
      cartToken: "c6002",
      updatedAt: T0,
      email: "gone@shopper.co",
    });
    await prisma.checkout.update({
      where: { shop_token: { shop: SHOP_A, token: "gone2" } },
      data: { redactedAt: T0, email: null, emailHash: null },
    });
    listInShopify(SHOP_A, { id: "6001", token: "gone1", updatedAt: T0 });
    listInShopify(SHOP_A, {
      id: "6002",
      token: "gone2",
      email: "gone@shopper.co",
      updatedAt: plus(T0, MINUTE),
    });

    expect(
      await reconcileShops({ now: plus(T0, HOUR), adminFor: adminGraphqlFor, deadline: NO_DEADLINE }),
    ).toEqual({
      OK: 1,
      DROPPED_ERASED: 1,
      ALREADY_KNOWN: 1,
    });
    const rows = await prisma.checkout.findMany({ where: { shop: SHOP_A } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ token: "gone2", emailHash: null, shopifyId: null });
  });
});
