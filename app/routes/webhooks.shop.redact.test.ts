import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { eraseShopBatch, runShopErasures } from "~/domain/privacy";
import {
  countRows,
  countRowsPerModel,
  foldRollupBuckets,
  MODEL_NAMES,
  readAllRows,
  type ModelName,
} from "../../test/helpers/database-scan";
import { deadlineAfterChecks, NO_DEADLINE } from "../../test/helpers/deadlines";
import { editFixture, fixtureText } from "../../test/helpers/fixtures";
import { captureLogs } from "../../test/helpers/logs";
import { at, plus } from "../../test/helpers/recovery";
import { seedEnrollments, seedShopperRecovery } from "../../test/helpers/recovery-seed";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { storeCheckout, storeConsent, storeOrder, type TestShopper } from "../../test/helpers/shoppers";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action as dataRequestAction } from "./webhooks.customers.data_request";
import { action as redactCustomerAction } from "./webhooks.customers.redact";
import { action as uninstallAction } from "./webhooks.app.uninstalled";
import { action } from "./webhooks.shop.redact";

const ZOE: TestShopper = {
  email: "zephyrine.quill@example.org",
  firstName: "Zephyrine",
  customerId: "7700112233445566778",
};
const MARGUERITE: TestShopper = {
  email: "marguerite.holt@example.net",
  firstName: "Marguerite",
  customerId: "7700998877665544332",
};

const shopRedact = (
  shop: string,
  options: { webhookId?: string; secret?: string; triggeredAt?: Date; body?: string } = {},
) =>
  signedWebhookRequest({
    topic: "shop/redact",
    shop,
    body: options.body ?? fixtureText("shop-redact.shopify-sample.json"),
    ...options,
  });

async function deliver(route: typeof action, topic: string, shop: string, body: string) {
  expect((await callAction(route, signedWebhookRequest({ topic, shop, body }))).status).toBe(200);
}

/**
 * A shop with a row in every table: ingested shoppers, their recovery sequences, privacy requests, and a
 * synced catalog.
 */
async function seedShop(shop: string) {
  await installTestShop(shop);
  await storeCheckout(shop, ZOE, { token: "zoe-checkout", cartToken: "zoe-cart" });
  const orderId = shop === SHOP_A ? "5550001" : "6660001";
  await storeOrder(shop, ZOE, { orderId, checkoutToken: "zoe-checkout" });
  await storeConsent(shop, ZOE, { state: "subscribed", updatedAt: "2022-01-05T10:00:00Z" });
  // The recovery engine's rows: a sequence with its emails, timeline and code, recovered by email (so the
  // report rollups count it too), and a suppression.
  await seedShopperRecovery(shop, {
    checkoutToken: "zoe-checkout",
    firstName: ZOE.firstName,
    code: "CBK-ZQ7X2K",
    pendingStep: true,
    recovered: { at: new Date("2022-01-01T03:00:00Z"), byEmail: true, minor: 5_000, orderId },
    suppression: "UNSUBSCRIBED",
  });
  const zoeCheckout = await prisma.checkout.findUniqueOrThrow({
    where: { shop_token: { shop, token: "zoe-checkout" } },
  });
  await prisma.flowTrigger.create({
    data: {
      shop,
      handle: "checkout-recovered",
      checkoutId: zoeCheckout.id,
      payload: JSON.stringify({ "Checkout value": 50, Currency: "USD" }),
      createdAt: zoeCheckout.shopifyUpdatedAt,
      nextAttemptAt: zoeCheckout.shopifyUpdatedAt,
    },
  });
  // Reconciliation's place in Shopify's list, and a report of an email to Shopify's abandonment record.
  await prisma.reconciliationState.create({
    data: { shop, cursorUpdatedAt: zoeCheckout.shopifyUpdatedAt, lastFound: 1, totalFound: 1 },
  });
  const zoeSend = await prisma.recoverySend.findFirstOrThrow({ where: { shop }, select: { id: true } });
  await prisma.abandonmentReport.create({
    data: {
      shop,
      sendId: zoeSend.id,
      checkoutId: zoeCheckout.id,
      deliveryStatus: "SENT",
      nextAttemptAt: zoeCheckout.shopifyUpdatedAt,
    },
  });
  await storeCheckout(shop, MARGUERITE, { token: "marguerite-checkout", cartToken: "marguerite-cart" });
  const customer = { id: MARGUERITE.customerId, email: MARGUERITE.email, phone: null };
  await deliver(
    dataRequestAction,
    "customers/data_request",
    shop,
    editFixture("customers-data_request.shopify-sample-2026-07.json", { customer }),
  );
  await deliver(
    redactCustomerAction,
    "customers/redact",
    shop,
    editFixture("customers-redact.shopify-sample-2026-07.json", { customer }),
  );
  await prisma.product.create({
    data: {
      shop,
      productId: "632910392",
      handle: "ipod-nano",
      title: "IPod Nano - 8GB",
      description: "A small music player.",
      tags: "[]",
      status: "ACTIVE",
      currency: "USD",
      priceMinMinor: 19900,
      priceMaxMinor: 19900,
      availableForSale: true,
      shopifyUpdatedAt: new Date("2022-01-01T00:00:00Z"),
    },
  });
  await prisma.catalogState.create({ data: { shop, version: 1, productCount: 1, syncStatus: "COMPLETED" } });
  await prisma.segment.create({
    data: { shop, position: 0, name: "Returning", rule: "{}", strategy: "{}" },
  });
  await prisma.sequenceVersion.create({
    data: { shop, segmentId: "default", number: 1, data: "{}", createdAt: new Date("2022-01-01T00:00:00Z") },
  });
  await prisma.experimentDecision.create({
    data: {
      shop,
      experimentKey: "x0123456789abcde",
      segmentId: "default",
      step: 1,
      winner: "B",
      decidedBy: "AUTO",
      evidence: "{}",
      decidedAt: new Date("2022-01-01T00:00:00Z"),
    },
  });
  await prisma.variantCost.create({
    data: {
      shop,
      variantId: "1001",
      productId: "101",
      unitCostMinor: 5000,
      currency: "USD",
      updatedAt: new Date("2022-01-01T00:00:00Z"),
    },
  });
}

const uninstall = (shop: string) =>
  callAction(
    uninstallAction,
    signedWebhookRequest({ topic: "app/uninstalled", shop, body: { id: 1, domain: shop } }),
  );

const noRows = () => Object.fromEntries(MODEL_NAMES.map((model) => [model, 0])) as Record<ModelName, number>;

const TICK = at("2026-11-12T09:00:00Z");
const MINUTE = 60_000;

/** The tick's shop erasures, run until none is left (the default batch size finishes these shops in one). */
const runQueuedErasures = (now = TICK) => runShopErasures({ now, deadline: NO_DEADLINE });

describe("POST /webhooks/shop/redact", () => {
  it("erases everything of the shop, 48 hours after it uninstalled, and leaves other shops as they were", async () => {
    await seedShop(SHOP_A);
    await seedShop(SHOP_B);
    await uninstall(SHOP_A);
    // Every table holds something of shop A, so the final check is not vacuous; but for Session (gone with
    // the uninstall), ShopErasure (only while an erasure runs), KeyFingerprint and JobHeartbeat (app-wide, no
    // shop's rows).
    const countsBefore = await countRowsPerModel(SHOP_A);
    for (const model of MODEL_NAMES) {
      if (!["Session", "ShopErasure", "KeyFingerprint", "JobHeartbeat"].includes(model))
        expect(countsBefore[model], `${model} rows of ${SHOP_A} before`).toBeGreaterThan(0);
    }
    const shopB = await readAllRows(SHOP_B);

    const response = await callAction(action, shopRedact(SHOP_A));
    await runQueuedErasures();

    expect(response.status).toBe(200);
    expect(await countRowsPerModel(SHOP_A)).toEqual(noRows());
    expect(await readAllRows(SHOP_B)).toEqual(shopB);
  });

  it("erases the shop's sessions too when it arrives for a shop that still has them", async () => {
    await seedShop(SHOP_A);

    expect((await callAction(action, shopRedact(SHOP_A))).status).toBe(200);
    await runQueuedErasures();

    expect(await countRowsPerModel(SHOP_A)).toEqual(noRows());
  });

  it("is harmless to receive twice, under the same webhook id or another", async () => {
    await seedShop(SHOP_A);
    await seedShop(SHOP_B);
    await uninstall(SHOP_A);
    const shopB = await readAllRows(SHOP_B);

    const responses = [
      await callAction(action, shopRedact(SHOP_A, { webhookId: "redact-1" })),
      await callAction(action, shopRedact(SHOP_A, { webhookId: "redact-1" })),
      await callAction(action, shopRedact(SHOP_A, { webhookId: "redact-2" })),
    ];
    expect(await prisma.shopErasure.count()).toBe(1);
    await runQueuedErasures();
    // A copy delivered after the erasure finds nothing left to erase.
    responses.push(await callAction(action, shopRedact(SHOP_A, { webhookId: "redact-3" })));
    await runQueuedErasures(plus(TICK, MINUTE));

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(await countRowsPerModel(SHOP_A)).toEqual(noRows());
    expect(await readAllRows(SHOP_B)).toEqual(shopB);
  });

  it("answers 401 to a wrong signature and erases nothing", async () => {
    await seedShop(SHOP_A);
    await uninstall(SHOP_A);
    const before = await readAllRows();

    const response = await callAction(action, shopRedact(SHOP_A, { secret: "forged" }));
    await runQueuedErasures();

    expect(response.status).toBe(401);
    expect(await readAllRows()).toEqual(before);
  });

  it("answers 400 to a malformed payload and erases nothing", async () => {
    await seedShop(SHOP_A);
    await uninstall(SHOP_A);
    const before = await readAllRows();

    const response = await callAction(
      action,
      shopRedact(SHOP_A, { body: JSON.stringify({ shop_id: "not-an-id" }) }),
    );
    await runQueuedErasures();

    expect(response.status).toBe(400);
    expect(await readAllRows()).toEqual(before);
  });

  it("ignores a late copy triggered before the merchant reinstalled", async () => {
    await seedShop(SHOP_A);
    const { installedAt } = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    const before = await countRowsPerModel(SHOP_A);

    const response = await callAction(
      action,
      shopRedact(SHOP_A, { triggeredAt: new Date(installedAt.getTime() - 60 * 60 * 1000) }),
    );
    await runQueuedErasures();

    expect(response.status).toBe(200);
    expect(await countRowsPerModel(SHOP_A)).toEqual({
      ...before,
      WebhookDelivery: before.WebhookDelivery + 1,
    });
  });
});

/**
 * A shop with many checkouts, each with its recovery sequence, two emails sent and, for some, a recovery: the
 * rows whose deletion fires the report triggers. Erased in one transaction, a real shop of this shape (with
 * ~20,000 checkouts) outlived PostgreSQL's transaction timeout; the tests stand for it with a small batch size.
 */
async function seedManyCheckouts(shop: string, count: number) {
  const anchor = at("2026-10-01T00:00:00Z");
  await seedEnrollments(
    shop,
    Array.from({ length: count }, (_, index) => ({
      token: `many-${index}`,
      anchorAt: plus(anchor, index * 17 * MINUTE),
      sends: [
        { step: 1, sentAt: plus(anchor, (index * 17 + 60) * MINUTE), subjectVariant: "A" as const },
        { step: 2, sentAt: plus(anchor, (index * 17 + 1500) * MINUTE), subjectVariant: "B" as const },
      ],
      ...(index % 5 === 0
        ? { recovered: { at: plus(anchor, (index * 17 + 1600) * MINUTE), byEmail: true, minor: 4_000 } }
        : {}),
    })),
  );
}

const BATCH = 50;
const total = (counts: Record<string, number>) =>
  Object.values(counts).reduce((sum, count) => sum + count, 0);

describe("POST /webhooks/shop/redact for a large shop", () => {
  it("is acknowledged at once, then erased by the tick over several ticks, a bounded batch at a time", async () => {
    await seedShop(SHOP_A);
    await seedManyCheckouts(SHOP_A, 240);
    await seedShop(SHOP_B);
    await seedManyCheckouts(SHOP_B, 10);
    await uninstall(SHOP_A);
    const before = await countRowsPerModel(SHOP_A);
    const shopB = await readAllRows(SHOP_B);

    const response = await callAction(action, shopRedact(SHOP_A, { webhookId: "redact-1" }));

    // Nothing is erased while the webhook is answered: the erasure is recorded for the tick.
    expect(response.status).toBe(200);
    expect(await countRowsPerModel(SHOP_A)).toEqual({
      ...before,
      WebhookDelivery: before.WebhookDelivery + 1,
      ShopErasure: 1,
    });

    const remaining: number[] = [];
    for (let tick = 1; (await prisma.shopErasure.count()) > 0; tick++) {
      expect(tick, "ticks").toBeLessThan(50);
      const report = await runShopErasures({
        now: plus(TICK, tick * MINUTE),
        deadline: deadlineAfterChecks(3), // room for two batches
        batchSize: BATCH,
      });
      expect(report.failed).toBe(0);
      expect(report.batches).toBeLessThanOrEqual(2);
      // The report counters are counted per key: on PostgreSQL a deleted row's counts are taken back in the
      // connection's own bucket row (decision 0016), which may be a new row until its slot is erased.
      remaining.push(total(countRows(foldRollupBuckets(await readAllRows(SHOP_A)))));
      if (tick === 1) {
        // Shopify's retry of the webhook, under a new id, while the erasure is under way: it joins it.
        const progress = await prisma.shopErasure.findUniqueOrThrow({ where: { shop: SHOP_A } });
        expect((await callAction(action, shopRedact(SHOP_A, { webhookId: "redact-2" }))).status).toBe(200);
        expect(await prisma.shopErasure.findMany()).toEqual([progress]);
      }
    }

    expect(remaining.length).toBeGreaterThan(5);
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    expect(remaining.at(-1)).toBe(0);
    expect(await countRowsPerModel(SHOP_A)).toEqual(noRows());
    expect(await readAllRows(SHOP_B)).toEqual(shopB);
  });

  it("resumes after a batch that failed and after a tick that died holding it, erasing every row once", async () => {
    await seedShop(SHOP_A);
    await seedManyCheckouts(SHOP_A, 120);
    await uninstall(SHOP_A);
    expect((await callAction(action, shopRedact(SHOP_A))).status).toBe(200);
    const initial = await countRowsPerModel(SHOP_A);

    // A batch whose transaction fails (the worker died, the database went away) leaves no trace.
    await expect(
      prisma.$transaction(async (tx) => {
        const batch = await eraseShopBatch(tx, SHOP_A, { limit: BATCH });
        expect(total(batch.erased)).toBe(BATCH);
        throw new Error("worker died mid-batch");
      }),
    ).rejects.toThrow("worker died mid-batch");
    expect(await countRowsPerModel(SHOP_A)).toEqual(initial);

    // One batch, then a tick claims the erasure and dies: its lease keeps other ticks off until it lapses.
    await runShopErasures({ now: TICK, deadline: deadlineAfterChecks(2), batchSize: BATCH });
    await prisma.shopErasure.update({
      where: { shop: SHOP_A },
      data: { leaseUntil: plus(TICK, 5 * MINUTE) },
    });
    const afterOneBatch = await countRowsPerModel(SHOP_A);
    expect(total(afterOneBatch)).toBeLessThan(total(initial));
    const held = await runShopErasures({ now: plus(TICK, MINUTE), deadline: NO_DEADLINE, batchSize: BATCH });
    expect(held.batches).toBe(0);
    expect(await countRowsPerModel(SHOP_A)).toEqual(afterOneBatch);

    let report: Record<string, number> = {};
    const lines = await captureLogs(async () => {
      report = await runShopErasures({
        now: plus(TICK, 6 * MINUTE),
        deadline: NO_DEADLINE,
        batchSize: BATCH,
      });
    });

    expect(report).toMatchObject({ completed: 1, failed: 0 });
    expect(await countRowsPerModel(SHOP_A)).toEqual(noRows());
    // Completion is reported with what was erased: each row the app wrote counted once (the rollups and
    // email credits are also changed by the triggers, so only the tables the app writes are compared).
    const done = lines.map((line) => JSON.parse(line)).find((line) => line.msg === "shop data erased");
    for (const model of ["Checkout", "Enrollment", "RecoverySend", "Order", "RecoveryEvent"] as const)
      expect(done?.erased[model], model).toBe(initial[model]);
  });

  it("stops, keeping what is left, when the merchant reinstalls while the shop is being erased", async () => {
    await seedShop(SHOP_A);
    await seedManyCheckouts(SHOP_A, 120);
    await uninstall(SHOP_A);
    const triggeredAt = at("2026-11-12T08:00:00Z");
    expect((await callAction(action, shopRedact(SHOP_A, { triggeredAt }))).status).toBe(200);
    await runShopErasures({ now: TICK, deadline: deadlineAfterChecks(2), batchSize: BATCH });

    await prisma.shop.update({
      where: { domain: SHOP_A },
      data: { installState: "INSTALLED", installedAt: plus(triggeredAt, 90 * MINUTE) },
    });
    const left = await countRowsPerModel(SHOP_A);
    const report = await runShopErasures({
      now: plus(TICK, MINUTE),
      deadline: NO_DEADLINE,
      batchSize: BATCH,
    });

    expect(report).toMatchObject({ stopped: 1, completed: 0 });
    expect(await countRowsPerModel(SHOP_A)).toEqual({ ...left, ShopErasure: 0 });
    expect(left.Checkout).toBeGreaterThan(0);
    expect(left.Shop).toBe(1);
    expect(left.ShopSettings).toBe(1);
  });
});
