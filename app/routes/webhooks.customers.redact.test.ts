import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getRecoveryFigures } from "~/domain/analytics";
import { listPrivacyRequests, runCustomerRedactions } from "~/domain/privacy";
import { markShopUninstalled } from "~/domain/shops";
import { hashEmail } from "~/lib/encryption.server";
import {
  countRows,
  countRowsPerModel,
  findOccurrences,
  foldRollupBuckets,
  MODEL_NAMES,
  occurrencesInRow,
  readAllRows,
  type ModelName,
  type Row,
} from "../../test/helpers/database-scan";
import { seedCheckouts } from "../../test/helpers/checkouts";
import { deadlineAfterChecks } from "../../test/helpers/deadlines";
import { editFixture } from "../../test/helpers/fixtures";
import { captureLogs } from "../../test/helpers/logs";
import { abandonCheckout, at, HOUR, plus, tickRecovery } from "../../test/helpers/recovery";
import { seedEnrollment, seedRecoveryEvent, seedShopperRecovery } from "../../test/helpers/recovery-seed";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { storeCheckout, storeConsent, storeOrder, type TestShopper } from "../../test/helpers/shoppers";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { createRecordingMailer } from "../../test/mocks/recording-mailer";
import { action as checkoutAction } from "./webhooks.checkouts.update";
import { action as dataRequestAction } from "./webhooks.customers.data_request";
import { action as orderAction } from "./webhooks.orders.create";
import { action } from "./webhooks.customers.redact";

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
const ZOE_ORDER = "5550001112223334445";
const ZOE_GUEST_ORDER = "5550001112223334441";

/** Everything that would identify Zoe in shop A, as stored by the ingest below. */
const zoeNeedles = (shop = SHOP_A) => [
  ZOE.email,
  hashEmail(shop, ZOE.email),
  ZOE.customerId,
  ZOE.firstName,
  "zoe-checkout-1",
  "zoe-checkout-2",
  "zoe-guest-checkout",
  "zoe-cart-1",
  "zoe-cart-2",
  "zoe-guest-cart",
  ZOE_ORDER,
  ZOE_GUEST_ORDER,
  "CBK-ZQ7X2K",
  "CBK-ZQ8Y3L",
  "msg-zoe-checkout-1",
  "msg-zoe-checkout-2",
];

const redactRequest = (
  shop: string,
  changes: Record<string, unknown>,
  options: { webhookId?: string; secret?: string } = {},
) =>
  signedWebhookRequest({
    topic: "customers/redact",
    shop,
    body: editFixture("customers-redact.shopify-sample-2026-07.json", changes),
    ...options,
  });

// Shopify names the shopper with the address typed differently from how the checkout stored it.
const redactZoe = (shop = SHOP_A, options: { webhookId?: string; secret?: string } = {}) =>
  callAction(
    action,
    redactRequest(
      shop,
      {
        customer: { id: ZOE.customerId, email: " Zephyrine.Quill@EXAMPLE.org", phone: "555-625-1199" },
        orders_to_redact: [ZOE_GUEST_ORDER],
      },
      options,
    ),
  );

/**
 * Zoe in shop A: two checkouts of her own, one completed by her order; a guest checkout completed by a guest
 * order that only Shopify's orders_to_redact ties to her; her consent; an earlier data request whose export
 * holds all of it. Marguerite shops in A too, and Zoe also shops in B.
 */
/** A Flow trigger about a checkout, as the engine queues one (it reaches Flow with the customer's id). */
async function queueTestFlowTrigger(checkoutId: string, at: Date) {
  await prisma.flowTrigger.create({
    data: {
      shop: SHOP_A,
      handle: "checkout-abandoned",
      checkoutId,
      payload: "{}",
      createdAt: at,
      nextAttemptAt: at,
    },
  });
}

async function seedShoppers() {
  await installTestShop(SHOP_A);
  await installTestShop(SHOP_B);
  await storeCheckout(SHOP_A, ZOE, { token: "zoe-checkout-1", cartToken: "zoe-cart-1" });
  await storeCheckout(SHOP_A, ZOE, {
    token: "zoe-checkout-2",
    cartToken: "zoe-cart-2",
    createdAt: "2022-03-01T10:00:00Z",
  });
  await storeCheckout(SHOP_A, null, { token: "zoe-guest-checkout", cartToken: "zoe-guest-cart" });
  await storeOrder(SHOP_A, ZOE, { orderId: ZOE_ORDER, checkoutToken: "zoe-checkout-1" });
  await storeOrder(SHOP_A, null, { orderId: ZOE_GUEST_ORDER, checkoutToken: "zoe-guest-checkout" });
  await storeConsent(SHOP_A, ZOE, { state: "subscribed", updatedAt: "2022-01-05T10:00:00Z" });
  // The recovery engine's rows: checkout 1 was emailed and recovered by her order with the email's code;
  // checkout 2 is mid-sequence (its second email claimed by a tick) and she has since unsubscribed; the guest
  // checkout was never emailed (no address), its timeline says so.
  const recovered = await seedShopperRecovery(SHOP_A, {
    checkoutToken: "zoe-checkout-1",
    firstName: ZOE.firstName,
    code: "CBK-ZQ7X2K",
    status: "STOPPED",
    anchorAt: new Date("2021-12-30T00:00:00Z"),
    recovered: {
      at: new Date("2022-01-01T00:00:00Z"),
      byEmail: true,
      method: "DISCOUNT_CODE",
      minor: 40495,
      orderId: ZOE_ORDER,
      discountMinor: 2500,
    },
  });
  // Its second email failed for good; the provider's answer quoted her address.
  await prisma.recoverySend.create({
    data: {
      shop: SHOP_A,
      enrollmentId: recovered.id,
      checkoutId: recovered.checkoutId,
      step: 2,
      emailHash: recovered.emailHash,
      status: "FAILED",
      outcome: "FAILED_PERMANENT",
      reason: `422 invalid recipient ${ZOE.email}`,
      idempotencyKey: `${SHOP_A}:${recovered.checkoutId}:2`,
      attempts: 1,
    },
  });
  await seedShopperRecovery(SHOP_A, {
    checkoutToken: "zoe-checkout-2",
    firstName: ZOE.firstName,
    code: "CBK-ZQ8Y3L",
    anchorAt: new Date("2022-03-01T10:00:00Z"),
    pendingStep: true,
    suppression: "UNSUBSCRIBED",
  });
  const guest = await prisma.checkout.findUniqueOrThrow({
    where: { shop_token: { shop: SHOP_A, token: "zoe-guest-checkout" } },
  });
  const skipped = await seedEnrollment(SHOP_A, {
    checkoutId: guest.id,
    status: "SKIPPED",
    reason: "NO_EMAIL",
    anchorAt: guest.shopifyUpdatedAt,
  });
  await seedRecoveryEvent(SHOP_A, {
    checkoutId: guest.id,
    enrollmentId: skipped.id,
    type: "SKIPPED",
    reason: "NO_EMAIL",
    at: guest.shopifyUpdatedAt,
  });

  await queueTestFlowTrigger(guest.id, guest.shopifyUpdatedAt);

  await storeCheckout(SHOP_A, MARGUERITE, { token: "marguerite-checkout", cartToken: "marguerite-cart" });
  const margueriteCheckout = await prisma.checkout.findUniqueOrThrow({
    where: { shop_token: { shop: SHOP_A, token: "marguerite-checkout" } },
  });
  await queueTestFlowTrigger(margueriteCheckout.id, margueriteCheckout.shopifyUpdatedAt);
  await storeOrder(SHOP_A, MARGUERITE, {
    orderId: "5550001112223339999",
    checkoutToken: "marguerite-checkout",
  });
  await storeConsent(SHOP_A, MARGUERITE, { state: "subscribed", updatedAt: "2022-01-05T10:00:00Z" });
  await seedShopperRecovery(SHOP_A, {
    checkoutToken: "marguerite-checkout",
    firstName: MARGUERITE.firstName,
    code: "CBK-MARG01",
    pendingStep: true,
    suppression: "HARD_BOUNCE",
  });

  await storeCheckout(SHOP_B, ZOE, { token: "zoe-checkout-1", cartToken: "zoe-cart-1" });
  await storeOrder(SHOP_B, ZOE, { orderId: "6660001112223334445", checkoutToken: "zoe-checkout-1" });
  await storeConsent(SHOP_B, ZOE, { state: "subscribed", updatedAt: "2022-01-05T10:00:00Z" });
  await seedShopperRecovery(SHOP_B, {
    checkoutToken: "zoe-checkout-1",
    firstName: ZOE.firstName,
    code: "CBK-ZQ7X2K",
    pendingStep: true,
    suppression: "UNSUBSCRIBED",
  });

  for (const shop of [SHOP_A, SHOP_B]) {
    const request = signedWebhookRequest({
      topic: "customers/data_request",
      shop,
      body: editFixture("customers-data_request.shopify-sample-2026-07.json", {
        customer: { id: ZOE.customerId, email: ZOE.email, phone: null },
      }),
    });
    expect((await callAction(dataRequestAction, request)).status).toBe(200);
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** What erasing Zoe in shop A touches, per table. */
const ZOE_SUMMARY = {
  // 3 per emailed checkout, 1 for the guest checkout.
  recoveryEvents: 7,
  // The one queued for her guest checkout.
  flowTriggers: 1,
  // Two sent and one failed, anonymised; one pending, deleted.
  recoverySends: 4,
  discountCodes: 2,
  enrollments: 3,
  suppressions: 1,
  checkouts: 3,
  orders: 2,
  marketingConsent: 1,
  privacyRequests: 1,
};

/**
 * Every row, with the report counters' buckets summed per key: on PostgreSQL a redaction may take counts back
 * in a bucket row of its own connection (docs/decisions/0016-rollup-buckets.md), so raw counter rows are not
 * comparable before and after a write.
 */
const readFolded = async (shop?: string) => foldRollupBuckets(await readAllRows(shop));

/** Rows of Zoe's guest checkout carry none of her keys; Shopify's orders_to_redact ties it to her. */
const isZoeGuestRow = (row: Row) => row.token === "zoe-guest-checkout";

describe("POST /webhooks/customers/redact", () => {
  it("leaves nothing identifying the shopper in any table, and everyone else's rows as they were", async () => {
    await seedShoppers();
    const before = await readFolded(SHOP_A);
    const countsBefore = countRows(await readFolded());
    const shopBBefore = await readFolded(SHOP_B);
    // The scan must be able to see Zoe before it can prove she is gone: every needle is found somewhere,
    // the email only inside encrypted columns.
    const foundBefore = findOccurrences(before, zoeNeedles());
    for (const needle of zoeNeedles())
      expect(
        foundBefore.some((found) => found.endsWith(`: ${needle}`)),
        needle,
      ).toBe(true);
    expect(foundBefore).toContain(`Checkout.email: ${ZOE.email}`);
    expect(foundBefore).toContain(`PrivacyRequest.export: ${ZOE.firstName}`);

    const response = await redactZoe();

    expect(response.status).toBe(200);
    const after = await readFolded(SHOP_A);
    expect(findOccurrences(after, zoeNeedles())).toEqual([]);

    // Rows that never mentioned Zoe are untouched, field for field. The recovery timeline names no one, so
    // her entries are known by the checkouts and enrolments they belong to.
    const zoeRowIds = new Set([
      ...before.Checkout.filter(
        (row) => occurrencesInRow("Checkout", row, zoeNeedles()).length > 0 || isZoeGuestRow(row),
      ).map((row) => row.id),
      ...before.Enrollment.filter((row) => occurrencesInRow("Enrollment", row, zoeNeedles()).length > 0).map(
        (row) => row.id,
      ),
    ]);
    const belongsToZoe = (row: Row) =>
      zoeRowIds.has(row.checkoutId) || zoeRowIds.has(row.enrollmentId) || zoeRowIds.has(row.id);
    for (const model of MODEL_NAMES) {
      const unrelated = before[model].filter(
        (row) => occurrencesInRow(model, row, zoeNeedles()).length === 0 && !belongsToZoe(row),
      );
      for (const row of unrelated) expect(after[model], `${model} row untouched`).toContainEqual(row);
    }
    expect(await readFolded(SHOP_B)).toEqual(shopBBefore);

    // Checkouts and orders are anonymised, not deleted; consent and the earlier export are deleted; the
    // redaction itself and this delivery are recorded.
    const expected: Record<ModelName, number> = {
      ...countsBefore,
      MarketingConsent: countsBefore.MarketingConsent - 1,
      // Her timeline (3 entries per emailed checkout, 1 for the guest checkout), her pending email and her
      // suppression are deleted; her enrolments, sent emails and codes stay, anonymised.
      RecoveryEvent: countsBefore.RecoveryEvent - 7,
      // The Flow trigger about her guest checkout is deleted, so nothing about her reaches Flow later.
      FlowTrigger: countsBefore.FlowTrigger - 1,
      RecoverySend: countsBefore.RecoverySend - 1,
      Suppression: countsBefore.Suppression - 1,
      // Zoe's data request in A deleted, the redaction recorded in its place.
      PrivacyRequest: countsBefore.PrivacyRequest,
      WebhookDelivery: countsBefore.WebhookDelivery + 1,
      // Keyed hashes of what no longer names her: 3 checkout tokens, 3 cart tokens, 2 order ids.
      ErasedIdentifier: countsBefore.ErasedIdentifier + 8,
    };
    expect(countRows(await readFolded())).toEqual(expected);
    expect(await prisma.privacyRequest.count({ where: { shop: SHOP_A, kind: "DATA_REQUEST" } })).toBe(0);
    expect(await prisma.privacyRequest.count({ where: { shop: SHOP_B, kind: "DATA_REQUEST" } })).toBe(1);
  });

  it("keeps amounts, currency, dates and product lines, and the link from checkout to order", async () => {
    await seedShoppers();
    const checkoutsBefore = await prisma.checkout.findMany({
      where: { shop: SHOP_A },
      orderBy: { id: "asc" },
    });
    const ordersBefore = await prisma.order.findMany({ where: { shop: SHOP_A }, orderBy: { id: "asc" } });

    await redactZoe();

    const checkouts = await prisma.checkout.findMany({ where: { shop: SHOP_A }, orderBy: { id: "asc" } });
    const orders = await prisma.order.findMany({ where: { shop: SHOP_A }, orderBy: { id: "asc" } });
    expect(sum(orders.map((order) => order.totalMinor))).toBe(
      sum(ordersBefore.map((order) => order.totalMinor)),
    );
    expect(sum(checkouts.map((checkout) => checkout.totalMinor))).toBe(
      sum(checkoutsBefore.map((checkout) => checkout.totalMinor)),
    );
    const redacted = checkouts.filter((checkout) => checkout.redactedAt !== null);
    expect(redacted).toHaveLength(3);
    for (const checkout of redacted) {
      const original = checkoutsBefore.find((row) => row.id === checkout.id);
      expect(checkout.token).toMatch(/^redacted-[0-9a-f-]{36}$/);
      expect(checkout).toMatchObject({
        email: null,
        emailHash: null,
        firstName: null,
        recoveryUrl: null,
        customerId: null,
        cartToken: null,
        locale: null,
        countryCode: null,
        currency: original?.currency,
        subtotalMinor: original?.subtotalMinor,
        totalMinor: original?.totalMinor,
        lineItems: original?.lineItems,
        lineItemCount: original?.lineItemCount,
        shopifyCreatedAt: original?.shopifyCreatedAt,
        orderedAt: original?.orderedAt,
      });
    }
    const redactedOrders = orders.filter((order) => order.redactedAt !== null);
    expect(redactedOrders).toHaveLength(2);
    for (const order of redactedOrders) {
      expect(order.orderId).toMatch(/^redacted-/);
      expect(order).toMatchObject({
        email: null,
        emailHash: null,
        customerId: null,
        name: null,
        checkoutToken: null,
      });
      // The checkout the order completed still points at it, under the order's new id.
      const completed = checkouts.find((checkout) => checkout.id === order.matchedCheckoutId);
      expect(completed?.orderId).toBe(order.orderId);
    }

    const record = await prisma.privacyRequest.findFirstOrThrow({
      where: { shop: SHOP_A, kind: "CUSTOMER_REDACT" },
    });
    expect(record).toMatchObject({ customerId: null, emailHash: null, export: null, shopifyRequestId: null });
    expect(record.completedAt).toBeInstanceOf(Date);
    expect(JSON.parse(record.summary ?? "{}")).toEqual(ZOE_SUMMARY);
  });

  it("stops her sequence, deletes her pending email and leaves the merchant's recovery figures as they were", async () => {
    await seedShoppers();
    const period = { from: new Date("2021-12-01T00:00:00Z"), to: new Date("2022-04-01T00:00:00Z") };
    const figuresBefore = await getRecoveryFigures(SHOP_A, period);
    const checkoutIdOf = async (token: string) =>
      (await prisma.checkout.findUniqueOrThrow({ where: { shop_token: { shop: SHOP_A, token } } })).id;
    const [recoveredCheckout, activeCheckout, margueriteCheckout] = [
      await checkoutIdOf("zoe-checkout-1"),
      await checkoutIdOf("zoe-checkout-2"),
      await checkoutIdOf("marguerite-checkout"),
    ];
    const enrollmentOf = (checkoutId: string) =>
      prisma.enrollment.findUniqueOrThrow({ where: { checkoutId } });

    await redactZoe();

    expect(await getRecoveryFigures(SHOP_A, period)).toEqual(figuresBefore);
    expect(figuresBefore.recovered).toMatchObject({ byEmail: 1, revenueMinor: 40495 });
    expect(figuresBefore.discounts).toEqual({ used: 1, costMinor: 2500 });

    const order = await prisma.order.findFirstOrThrow({
      where: { shop: SHOP_A, matchedCheckoutId: recoveredCheckout },
    });
    expect(order.orderId).toMatch(/^redacted-/);
    expect(await enrollmentOf(recoveredCheckout)).toMatchObject({
      emailHash: null,
      status: "STOPPED",
      recoveredOrderId: order.orderId,
      recoveredByEmail: true,
      recoveredMinor: 40495,
    });
    const stopped = await enrollmentOf(activeCheckout);
    expect(stopped).toMatchObject({
      emailHash: null,
      status: "STOPPED",
      reason: "REDACTED",
      nextStep: null,
      dueAt: null,
    });
    expect(stopped.stoppedAt).toBeInstanceOf(Date);
    expect(await enrollmentOf(margueriteCheckout)).toMatchObject({ status: "ACTIVE", nextStep: 2 });

    const zoeSends = await prisma.recoverySend.findMany({
      where: { checkoutId: { in: [recoveredCheckout, activeCheckout] } },
    });
    expect(zoeSends.map((send) => send.status).sort()).toEqual(["FAILED", "SENT", "SENT"]);
    for (const send of zoeSends) {
      expect(send).toMatchObject({ emailHash: null, subject: null, providerMessageId: null, reason: null });
      if (send.status === "SENT") {
        expect(send.clickCount).toBe(1);
        expect(send.sentAt).toBeInstanceOf(Date);
      } else expect(send.outcome).toBe("FAILED_PERMANENT");
    }
    // Marguerite's claimed email is still hers to receive.
    expect(
      await prisma.recoverySend.count({ where: { checkoutId: margueriteCheckout, status: "CLAIMED" } }),
    ).toBe(1);

    const codes = await prisma.discountCode.findMany({
      where: { shop: SHOP_A },
      orderBy: { createdAt: "asc" },
    });
    expect(codes.map((code) => code.code)).toEqual([
      expect.stringMatching(/^redacted-/),
      expect.stringMatching(/^redacted-/),
      "CBK-MARG01",
    ]);
    expect(codes[0]).toMatchObject({
      // Kept: it names no one, and the expiry sweep needs it to delete the code in Shopify.
      shopifyId: expect.stringMatching(/^gid:\/\/shopify\//),
      usedOrderId: order.orderId,
      discountMinor: 2500,
      percentOff: 10,
    });
    expect(
      await prisma.recoveryEvent.count({
        where: { checkoutId: { in: [recoveredCheckout, activeCheckout] } },
      }),
    ).toBe(0);
    expect(await prisma.recoveryEvent.count({ where: { checkoutId: margueriteCheckout } })).toBe(3);
    expect(
      (await prisma.flowTrigger.findMany({ where: { shop: SHOP_A } })).map((row) => row.checkoutId),
    ).toEqual([margueriteCheckout]);
    expect((await prisma.suppression.findMany({ where: { shop: SHOP_A } })).map((row) => row.reason)).toEqual(
      ["HARD_BOUNCE"],
    );
  });

  it("erases a sequence made for her address even when its checkout no longer carries it", async () => {
    await installTestShop(SHOP_A);
    // The shopper replaced her address on the checkout after it was enrolled: only the enrolment has her hash.
    await storeCheckout(SHOP_A, null, { token: "changed-address", cartToken: "changed-cart" });
    const checkout = await prisma.checkout.findFirstOrThrow({ where: { shop: SHOP_A } });
    const enrollment = await seedEnrollment(SHOP_A, {
      checkoutId: checkout.id,
      emailHash: hashEmail(SHOP_A, ZOE.email),
      anchorAt: checkout.shopifyUpdatedAt,
      sends: [{ step: 1, sentAt: new Date("2022-01-01T01:00:00Z"), subject: "Zephyrine, your cart" }],
    });
    await seedRecoveryEvent(SHOP_A, {
      checkoutId: checkout.id,
      enrollmentId: enrollment.id,
      type: "ENROLLED",
      at: checkout.shopifyUpdatedAt,
    });

    await redactZoe();

    expect(findOccurrences(await readAllRows(SHOP_A), zoeNeedles())).toEqual([]);
    expect(await prisma.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } })).toMatchObject({
      emailHash: null,
      status: "STOPPED",
      reason: "REDACTED",
    });
    expect(await prisma.recoveryEvent.count()).toBe(0);
    // The checkout itself names nobody and is not hers by any key: it stays as it was.
    expect((await prisma.checkout.findUniqueOrThrow({ where: { id: checkout.id } })).redactedAt).toBeNull();
  });

  it("finds the checkout of a listed guest order that arrived before its checkout", async () => {
    await installTestShop(SHOP_A);
    await storeOrder(SHOP_A, null, { orderId: ZOE_GUEST_ORDER, checkoutToken: "zoe-guest-checkout" });
    await storeCheckout(SHOP_A, null, { token: "zoe-guest-checkout", cartToken: "zoe-guest-cart" });
    expect((await prisma.order.findFirstOrThrow()).matchedCheckoutId).toBeNull();

    await redactZoe();

    expect(findOccurrences(await readAllRows(SHOP_A), zoeNeedles())).toEqual([]);
    expect(await prisma.checkout.count({ where: { shop: SHOP_A, redactedAt: { not: null } } })).toBe(1);
  });

  it("is harmless to receive twice: the same delivery is skipped, a second one finds nothing left", async () => {
    await seedShoppers();
    await redactZoe(SHOP_A, { webhookId: "redact-1" });
    const afterFirst = await readFolded();

    expect((await redactZoe(SHOP_A, { webhookId: "redact-1" })).status).toBe(200);
    expect(await readFolded()).toEqual(afterFirst);

    expect((await redactZoe(SHOP_A, { webhookId: "redact-2" })).status).toBe(200);
    const afterSecond = await readFolded();
    for (const model of MODEL_NAMES) {
      if (model === "PrivacyRequest" || model === "WebhookDelivery") continue;
      expect(afterSecond[model], model).toEqual(afterFirst[model]);
    }
    const records = await prisma.privacyRequest.findMany({
      where: { shop: SHOP_A, kind: "CUSTOMER_REDACT" },
      orderBy: { receivedAt: "asc" },
    });
    expect(records.map((record) => JSON.parse(record.summary ?? "{}"))).toEqual([
      ZOE_SUMMARY,
      Object.fromEntries(Object.keys(ZOE_SUMMARY).map((key) => [key, 0])),
    ]);
  });

  it("answers 401 to a wrong signature and changes nothing", async () => {
    await seedShoppers();
    const before = await readAllRows();

    const response = await redactZoe(SHOP_A, { secret: "forged" });

    expect(response.status).toBe(401);
    expect(await readAllRows()).toEqual(before);
  });

  it("answers 400 to a malformed payload and changes nothing", async () => {
    await seedShoppers();
    const before = await readAllRows();

    const response = await callAction(action, redactRequest(SHOP_A, { customer: "zephyrine" }));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "BAD_REQUEST" });
    expect(await readAllRows()).toEqual(before);
  });

  it("redacts for a shop that has uninstalled (no session)", async () => {
    await seedShoppers();
    await markShopUninstalled(SHOP_A, { now: new Date(), triggeredAt: null });

    expect((await redactZoe()).status).toBe(200);

    expect(findOccurrences(await readAllRows(SHOP_A), zoeNeedles())).toEqual([]);
  });

  it("records nothing for a shop whose data was already erased", async () => {
    const response = await redactZoe();

    expect(response.status).toBe(200);
    expect(Object.values(await countRowsPerModel(SHOP_A))).toEqual(MODEL_NAMES.map(() => 0));
  });
});

/** A checkouts/update as Shopify would deliver (or retry) it; the answer is returned, not checked. */
const deliverCheckout = (
  shop: string,
  shopper: { email: string; firstName: string; customerId: string | null },
  { token, cartToken, updatedAt }: { token: string; cartToken: string; updatedAt: Date },
) =>
  callAction(
    checkoutAction,
    signedWebhookRequest({
      topic: "checkouts/update",
      shop,
      body: editFixture("checkouts-update.shopify-sample-2026-07.json", {
        token,
        cart_token: cartToken,
        email: shopper.email,
        customer: { id: shopper.customerId, email: shopper.email, first_name: shopper.firstName },
        abandoned_checkout_url: `https://checkout.local/548380009/checkouts/${token}/recover?key=key-${token}`,
        created_at: updatedAt.toISOString(),
        updated_at: updatedAt.toISOString(),
      }),
    }),
  );

const deliverZoeOrder = (orderId: string, checkoutToken: string | null) =>
  callAction(
    orderAction,
    signedWebhookRequest({
      topic: "orders/create",
      shop: SHOP_A,
      body: editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
        id: orderId,
        email: ZOE.email,
        contact_email: ZOE.email,
        customer: { id: ZOE.customerId, email: ZOE.email },
        checkout_token: checkoutToken,
        cart_token: null,
      }),
    }),
  );

// Listed by Shopify as hers, but its orders/create has not reached Cartback yet (still being retried).
const ZOE_UNDELIVERED_ORDER = "5550001112223337777";

describe("late deliveries after a customer redaction", () => {
  it("do not store the erased shopper again under her checkout's old token, and she is not emailed again", async () => {
    const ines = { email: "ines.varga@shopper.co", firstName: "Ines", customerId: null };
    const t0 = at("2026-11-10T14:00:00Z");
    await installTestShop(SHOP_A);
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "ines-checkout", ...ines, updatedAt: t0 });
    await tickRecovery(SHOP_A, plus(t0, HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
    const redaction = await callAction(
      action,
      redactRequest(SHOP_A, { customer: { id: null, email: ines.email, phone: null }, orders_to_redact: [] }),
    );
    expect(redaction.status).toBe(200);
    const checkoutsAfterRedaction = await prisma.checkout.count();

    // Shopify retries an update of the checkout she made before asking to be forgotten.
    const late = await deliverCheckout(SHOP_A, ines, {
      token: "ines-checkout",
      cartToken: "cart-ines-checkout",
      updatedAt: plus(t0, 2 * HOUR),
    });

    expect(late.status).toBe(200);
    expect(await prisma.checkout.count()).toBe(checkoutsAfterRedaction);
    const inesNeedles = [ines.email, hashEmail(SHOP_A, ines.email), ines.firstName, "ines-checkout"];
    expect(findOccurrences(await readAllRows(SHOP_A), inesNeedles)).toEqual([]);
    for (const hours of [3, 30, 80]) await tickRecovery(SHOP_A, plus(t0, hours * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
  });

  it("drop a new checkout on her erased cart, a retried order and an order never delivered before, logging each without naming her", async () => {
    await seedShoppers();
    const redaction = await callAction(
      action,
      redactRequest(SHOP_A, {
        customer: { id: ZOE.customerId, email: ZOE.email, phone: null },
        orders_to_redact: [ZOE_GUEST_ORDER, ZOE_UNDELIVERED_ORDER],
      }),
    );
    expect(redaction.status).toBe(200);
    const before = countRows(await readFolded(SHOP_A));

    let statuses: number[] = [];
    const lines = await captureLogs(async () => {
      statuses = [
        // The original checkout, updated later than anything stored.
        (
          await deliverCheckout(SHOP_A, ZOE, {
            token: "zoe-checkout-2",
            cartToken: "zoe-cart-2",
            updatedAt: at("2030-01-01T00:00:00Z"),
          })
        ).status,
        // A new checkout started from the same cart.
        (
          await deliverCheckout(SHOP_A, ZOE, {
            token: "zoe-checkout-3",
            cartToken: "zoe-cart-1",
            updatedAt: at("2030-01-01T00:00:00Z"),
          })
        ).status,
        (await deliverZoeOrder(ZOE_ORDER, "zoe-checkout-1")).status,
        (await deliverZoeOrder(ZOE_UNDELIVERED_ORDER, null)).status,
      ].map((status) => status);
    });

    expect(statuses).toEqual([200, 200, 200, 200]);
    // Only the four deliveries' dedupe rows are new.
    expect(countRows(await readFolded(SHOP_A))).toEqual({
      ...before,
      WebhookDelivery: before.WebhookDelivery + 4,
    });
    const needles = [...zoeNeedles(), "zoe-checkout-3", ZOE_UNDELIVERED_ORDER];
    expect(findOccurrences(await readAllRows(SHOP_A), needles)).toEqual([]);
    const dropped = lines.filter((line) => line.includes("acknowledged and dropped"));
    expect(dropped).toHaveLength(4);
    for (const line of dropped) {
      expect(JSON.parse(line)).toMatchObject({ level: "info", outcome: "DROPPED_ERASED", shop: SHOP_A });
      for (const needle of needles) expect(line.toLowerCase()).not.toContain(needle.toLowerCase());
    }
  });

  it("are matched per shop, against tombstones that hold only keyed hashes", async () => {
    await seedShoppers();
    expect((await redactZoe()).status).toBe(200);

    // Zoe in shop B was not erased: the same token there is hers to keep.
    const inB = await deliverCheckout(SHOP_B, ZOE, {
      token: "zoe-checkout-2",
      cartToken: "zoe-cart-2",
      updatedAt: at("2030-01-01T00:00:00Z"),
    });

    expect(inB.status).toBe(200);
    expect(
      await prisma.checkout.count({
        where: { shop: SHOP_B, token: "zoe-checkout-2", emailHash: { not: null } },
      }),
    ).toBe(1);
    const tombstones = await prisma.erasedIdentifier.findMany();
    expect(tombstones.length).toBeGreaterThan(0);
    for (const tombstone of tombstones) {
      expect(tombstone).toMatchObject({
        shop: SHOP_A,
        reason: "REDACTED",
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    }
    for (const tombstone of tombstones)
      expect(occurrencesInRow("ErasedIdentifier", tombstone, zoeNeedles())).toEqual([]);
  });
});

describe("POST /webhooks/customers/redact for a shopper with many rows", () => {
  it("stops her emails at once, is finished by the tick in batches, and shows in progress until then", async () => {
    await installTestShop(SHOP_A);
    const t0 = at("2026-10-01T00:00:00Z");
    await seedCheckouts(
      SHOP_A,
      Array.from({ length: 130 }, (_, index) => ({
        token: `zoe-many-${index}`,
        email: ZOE.email,
        firstName: ZOE.firstName,
        updatedAt: plus(t0, index * HOUR),
        enrollment:
          index % 13 === 0
            ? { status: "ACTIVE", nextStep: 1, dueAt: plus(t0, (index + 2) * HOUR) }
            : { status: "SKIPPED", reason: "FREQUENCY_CAP" },
      })),
    );
    await storeCheckout(SHOP_A, MARGUERITE, { token: "marguerite-checkout", cartToken: "marguerite-cart" });
    const needles = [ZOE.email, hashEmail(SHOP_A, ZOE.email), ZOE.firstName, "zoe-many-"];

    const response = await redactZoe();

    expect(response.status).toBe(200);
    const [request] = await listPrivacyRequests(SHOP_A);
    expect(request).toMatchObject({ kind: "CUSTOMER_REDACT", completedAt: null });
    // Her running sequences were all stopped by the webhook's own batch, before any tick could send.
    expect(await prisma.enrollment.count({ where: { shop: SHOP_A, status: "ACTIVE" } })).toBe(0);
    expect(findOccurrences(await readAllRows(SHOP_A), needles).length).toBeGreaterThan(0);

    let ticks = 0;
    while ((await prisma.privacyRequest.count({ where: { completedAt: null } })) > 0) {
      ticks += 1;
      expect(ticks, "ticks").toBeLessThan(30);
      const report = await runCustomerRedactions({
        now: plus(t0, (200 + ticks) * HOUR),
        deadline: deadlineAfterChecks(3), // room for two batches
        batchSize: 20,
      });
      expect(report.failed).toBe(0);
      if (ticks === 1) {
        // Shopify delivers the request again under a new webhook id: it joins the one under way.
        expect((await redactZoe(SHOP_A, { webhookId: "redact-again" })).status).toBe(200);
        expect(await prisma.privacyRequest.count({ where: { kind: "CUSTOMER_REDACT" } })).toBe(1);
      }
    }

    expect(ticks).toBeGreaterThan(1);
    expect(findOccurrences(await readAllRows(SHOP_A), needles)).toEqual([]);
    const [done] = await listPrivacyRequests(SHOP_A);
    expect(done?.completedAt).toBeInstanceOf(Date);
    expect(done?.summary).toMatchObject({ checkouts: 130, enrollments: 130 });
    expect(
      await prisma.privacyRequest.findFirstOrThrow({ where: { shop: SHOP_A, kind: "CUSTOMER_REDACT" } }),
    ).toMatchObject({ customerId: null, emailHash: null, orderIds: null, leaseUntil: null });
    expect(await prisma.checkout.count({ where: { shop: SHOP_A, redactedAt: null } })).toBe(1);
  });
});
