import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { saveShopSettings, getShopSettings } from "~/domain/shops";
import { hashEmail } from "~/lib/encryption.server";
import { action as checkoutAction } from "~/routes/webhooks.checkouts.update";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { editFixture } from "../../../test/helpers/fixtures";
import { seedDiscountCode, seedEnrollment, type EnrollmentSeed } from "../../../test/helpers/recovery-seed";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";

/**
 * Attribution runs inside the orders/create delivery, so these tests send signed orders through the route:
 * the settings are read in the webhook's transaction (a read through the global client would deadlock
 * SQLite's single connection, and the delivery would time out).
 */

const CHECKOUT = "checkouts-update.shopify-sample-2026-07.json";
const ORDER = "orders-create.shopify-sample-2026-07.trimmed.json";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The checkout's last activity (anchorAt). Default settings: steps at 1 h, 1 day, 3 days; 7-day window. */
const T0 = new Date("2026-03-02T10:00:00Z");
const at = (offset: number) => new Date(T0.getTime() + offset);

const NORA = "nora.ellingsen@example.com";
const OTHER = "someone.else@example.com";
/** The sample order's total (404.95 USD) in minor units. */
const ORDER_TOTAL = 40495;

/** A checkout Nora left, stored through the webhook, and its enrolment as the engine would leave it. */
async function abandon(
  token: string,
  seed: Omit<EnrollmentSeed, "anchorAt"> & { email?: string; anchorAt?: Date; shop?: string } = {},
) {
  const { email = NORA, shop = SHOP_A, ...enrollment } = seed;
  const anchorAt = seed.anchorAt ?? T0;
  const body = editFixture(CHECKOUT, {
    token,
    cart_token: `cart-${token}`,
    email,
    customer: null,
    created_at: new Date(anchorAt.getTime() - HOUR).toISOString(),
    updated_at: anchorAt.toISOString(),
  });
  const response = await callAction(
    checkoutAction,
    signedWebhookRequest({ topic: "checkouts/update", shop, body }),
  );
  expect(response.status).toBe(200);
  const checkout = await prisma.checkout.findUniqueOrThrow({ where: { shop_token: { shop, token } } });
  return seedEnrollment(shop, {
    checkoutId: checkout.id,
    emailHash: hashEmail(shop, email),
    anchorAt,
    ...enrollment,
  });
}

/** Steps 1 and 2 sent on schedule; step 3 due. */
const EMAILED: Partial<EnrollmentSeed> = {
  status: "ACTIVE",
  nextStep: 3,
  dueAt: at(3 * DAY),
  sends: [
    { step: 1, sentAt: at(HOUR) },
    { step: 2, sentAt: at(DAY), hasOffer: true },
  ],
};

interface OrderChanges {
  id: string;
  createdAt: Date;
  email?: string | null;
  checkoutToken?: string | null;
  cartToken?: string | null;
  codes?: Array<{ code: string; amount: string }>;
  test?: boolean;
  shop?: string;
}

async function placeOrder(changes: OrderChanges) {
  const email = changes.email === undefined ? NORA : changes.email;
  const body = editFixture(ORDER, {
    id: changes.id,
    email: email ?? "",
    contact_email: email,
    customer: null,
    checkout_token: changes.checkoutToken ?? null,
    cart_token: changes.cartToken ?? null,
    discount_codes: (changes.codes ?? []).map((code) => ({ ...code, type: "percentage" })),
    test: changes.test ?? false,
    created_at: changes.createdAt.toISOString(),
  });
  const response = await callAction(
    orderAction,
    signedWebhookRequest({ topic: "orders/create", shop: changes.shop ?? SHOP_A, body }),
  );
  expect(response.status).toBe(200);
}

const enrollmentOf = (id: string) => prisma.enrollment.findUniqueOrThrow({ where: { id } });
const orderOf = (orderId: string, shop = SHOP_A) =>
  prisma.order.findUniqueOrThrow({ where: { shop_orderId: { shop, orderId } } });
const eventsOf = async (enrollmentId: string) =>
  (await prisma.recoveryEvent.findMany({ where: { enrollmentId }, orderBy: { at: "asc" } })).map((event) => ({
    type: event.type,
    reason: event.reason,
    at: event.at,
    data: event.data ? (JSON.parse(event.data) as unknown) : null,
  }));

describe("attribution of orders/create", () => {
  it("credits our discount code, records what it cost, and stops the sequence", async () => {
    await installTestShop(SHOP_A);
    const nora = await abandon("nora-1", EMAILED);
    // The shopper typed the code in lower case; the order reports it as typed.
    await seedDiscountCode(SHOP_A, nora.id, { code: "CBK-7Q2KX9" });
    await seedDiscountCode(SHOP_A, nora.id, { code: "CBK-FREESHIP-7Q2", kind: "FREE_SHIPPING" });
    const before = Date.now();

    await placeOrder({
      id: "7001",
      createdAt: at(2 * DAY),
      // Under another address, from her own cart: Nora's order, not a leaked code (attribution-rules.ts).
      email: OTHER,
      cartToken: "cart-nora-1",
      codes: [
        { code: "cbk-7q2kx9", amount: "40.50" },
        { code: "WELCOME10", amount: "5.00" },
      ],
    });

    const enrollment = await enrollmentOf(nora.id);
    expect(enrollment).toMatchObject({
      recoveredOrderId: "7001",
      recoveredAt: at(2 * DAY),
      attributionMethod: "DISCOUNT_CODE",
      recoveredByEmail: true,
      recoveredMinor: ORDER_TOTAL,
      status: "STOPPED",
      reason: "ORDERED",
      nextStep: null,
      dueAt: null,
    });
    expect(enrollment.stoppedAt?.getTime()).toBeGreaterThanOrEqual(before);
    expect(await orderOf("7001")).toMatchObject({
      attributedEnrollmentId: nora.id,
      attributionMethod: "DISCOUNT_CODE",
    });
    const codes = await prisma.discountCode.findMany({ where: { shop: SHOP_A }, orderBy: { code: "asc" } });
    expect(
      codes.map(({ code, usedOrderId, usedAt, discountMinor }) => ({
        code,
        usedOrderId,
        usedAt,
        discountMinor,
      })),
    ).toEqual([
      { code: "CBK-7Q2KX9", usedOrderId: "7001", usedAt: at(2 * DAY), discountMinor: 4050 },
      // Made for the same email but not used by this order.
      { code: "CBK-FREESHIP-7Q2", usedOrderId: null, usedAt: null, discountMinor: null },
    ]);
    expect(await eventsOf(nora.id)).toEqual([
      { type: "RECOVERED", reason: null, at: at(2 * DAY), data: { method: "DISCOUNT_CODE", byEmail: true } },
      { type: "STOPPED", reason: "ORDERED", at: enrollment.stoppedAt, data: null },
    ]);
  });

  it("matches the checkout the order completed, by its checkout token", async () => {
    await installTestShop(SHOP_A);
    const nora = await abandon("nora-1", EMAILED);

    await placeOrder({ id: "7002", createdAt: at(2 * DAY), email: null, checkoutToken: "nora-1" });

    expect(await enrollmentOf(nora.id)).toMatchObject({
      recoveredOrderId: "7002",
      attributionMethod: "CHECKOUT_TOKEN",
      recoveredByEmail: true,
      status: "STOPPED",
    });
  });

  it("matches the same cart completed through another checkout, by its cart token", async () => {
    await installTestShop(SHOP_A);
    const nora = await abandon("nora-1", EMAILED);

    await placeOrder({
      id: "7003",
      createdAt: at(2 * DAY),
      email: null,
      checkoutToken: "a-checkout-we-never-saw",
      cartToken: "cart-nora-1",
    });

    expect(await enrollmentOf(nora.id)).toMatchObject({
      recoveredOrderId: "7003",
      attributionMethod: "CART_TOKEN",
      recoveredByEmail: true,
    });
    expect((await orderOf("7003")).attributionMethod).toBe("CART_TOKEN");
  });

  it("matches the same shopper's order inside the email window, and not after it closed", async () => {
    await installTestShop(SHOP_A);
    const sends = [
      { step: 1, sentAt: at(HOUR) },
      { step: 2, sentAt: at(DAY) },
      { step: 3, sentAt: at(3 * DAY) },
    ];
    const inside = await abandon("nora-1", { status: "COMPLETED", sends });
    const other = "nora.two@example.com";
    const outside = await abandon("nora-2", { status: "COMPLETED", sends, email: other });

    // Six days after the last email; and for the second address seven days and a minute after it.
    await placeOrder({ id: "7004", createdAt: at(9 * DAY) });
    await placeOrder({ id: "7005", createdAt: at(10 * DAY + MINUTE), email: other });

    expect(await enrollmentOf(inside.id)).toMatchObject({
      recoveredOrderId: "7004",
      attributionMethod: "EMAIL_WINDOW",
      recoveredByEmail: true,
      // A completed sequence stays completed: it ended before the order did.
      status: "COMPLETED",
    });
    expect(await enrollmentOf(outside.id)).toMatchObject({ recoveredOrderId: null, status: "COMPLETED" });
    expect(await orderOf("7005")).toMatchObject({ attributedEnrollmentId: null, attributionMethod: null });
  });

  it("follows the shop's own attribution window", async () => {
    await installTestShop(SHOP_A);
    await saveShopSettings(SHOP_A, { ...(await getShopSettings(SHOP_A)), attributionWindowDays: 1 });
    const nora = await abandon("nora-1", { status: "COMPLETED", sends: [{ step: 3, sentAt: at(3 * DAY) }] });

    await placeOrder({ id: "7006", createdAt: at(4 * DAY + MINUTE) });

    expect((await enrollmentOf(nora.id)).recoveredOrderId).toBeNull();
  });

  it("counts an order that came long after the only email as recovered on its own", async () => {
    await installTestShop(SHOP_A);
    // Unsubscribed after the first email: the sequence stopped, but its held-out twin would still be matched.
    const nora = await abandon("nora-1", {
      status: "STOPPED",
      reason: "UNSUBSCRIBED",
      sends: [{ step: 1, sentAt: at(HOUR) }],
    });

    await placeOrder({ id: "7007", createdAt: at(9 * DAY) });

    expect(await enrollmentOf(nora.id)).toMatchObject({
      recoveredOrderId: "7007",
      attributionMethod: "EMAIL_WINDOW",
      recoveredByEmail: false,
      status: "STOPPED",
      reason: "UNSUBSCRIBED",
    });
  });

  it.each([
    { evidence: "code, checkout token, cart token and email", expected: "byCode", method: "DISCOUNT_CODE" },
    { evidence: "checkout token, cart token and email", expected: "byToken", method: "CHECKOUT_TOKEN" },
    { evidence: "cart token and email", expected: "byCart", method: "CART_TOKEN" },
    { evidence: "email", expected: "byEmail", method: "EMAIL_WINDOW" },
  ])("prefers the strongest evidence: $evidence -> $method", async ({ evidence, expected, method }) => {
    await installTestShop(SHOP_A);
    const rows = {
      // Nora's own earlier checkout: the code is hers, so using it is no leak, and her latest checkout is the
      // one the email window picks.
      byCode: await abandon("checkout-code", { ...EMAILED, anchorAt: at(-DAY) }),
      byToken: await abandon("checkout-token", { ...EMAILED, email: "token@example.com" }),
      byCart: await abandon("checkout-cart", { ...EMAILED, email: "cart@example.com" }),
      byEmail: await abandon("checkout-email", EMAILED),
    };
    await seedDiscountCode(SHOP_A, rows.byCode.id, { code: "CBK-PRECEDENCE" });

    await placeOrder({
      id: "7008",
      createdAt: at(2 * DAY),
      codes: evidence.startsWith("code") ? [{ code: "CBK-PRECEDENCE", amount: "10.00" }] : [],
      checkoutToken: evidence.includes("checkout token") ? "checkout-token" : null,
      cartToken: evidence.includes("cart token") ? "cart-checkout-cart" : null,
    });

    const recovered = await prisma.enrollment.findMany({
      where: { shop: SHOP_A, recoveredOrderId: { not: null } },
      select: { id: true, attributionMethod: true },
    });
    expect(recovered).toEqual([{ id: rows[expected as keyof typeof rows].id, attributionMethod: method }]);
  });

  it("records a test order but attributes nothing to it and counts no discount", async () => {
    await installTestShop(SHOP_A);
    const nora = await abandon("nora-1", EMAILED);
    await seedDiscountCode(SHOP_A, nora.id, { code: "CBK-TEST" });

    await placeOrder({
      id: "7009",
      createdAt: at(2 * DAY),
      checkoutToken: "nora-1",
      codes: [{ code: "CBK-TEST", amount: "10.00" }],
      test: true,
    });

    expect(await orderOf("7009")).toMatchObject({ isTest: true, attributedEnrollmentId: null });
    expect(await enrollmentOf(nora.id)).toMatchObject({
      recoveredOrderId: null,
      recoveredByEmail: null,
      // The checkout was still bought (by the merchant testing it): nothing more is sent for it.
      status: "STOPPED",
      reason: "ORDERED",
    });
    expect((await prisma.discountCode.findFirstOrThrow()).usedOrderId).toBeNull();
    expect((await eventsOf(nora.id)).map((event) => event.type)).toEqual(["STOPPED"]);
  });

  it("records an order on a held-out checkout as a holdout recovery, not ours", async () => {
    await installTestShop(SHOP_A);
    const held = await abandon("held-1", { arm: "HOLDOUT" });
    const heldByEmail = await abandon("held-2", { arm: "HOLDOUT", email: "held.two@example.com" });

    await placeOrder({ id: "7010", createdAt: at(2 * DAY), email: null, checkoutToken: "held-1" });
    // Inside the window its email would have had: three days of sequence plus seven.
    await placeOrder({ id: "7011", createdAt: at(9 * DAY), email: "held.two@example.com" });

    expect(await enrollmentOf(held.id)).toMatchObject({
      status: "HOLDOUT",
      arm: "HOLDOUT",
      recoveredOrderId: "7010",
      attributionMethod: "CHECKOUT_TOKEN",
      recoveredByEmail: false,
      recoveredMinor: ORDER_TOTAL,
    });
    expect(await enrollmentOf(heldByEmail.id)).toMatchObject({
      recoveredOrderId: "7011",
      attributionMethod: "EMAIL_WINDOW",
      recoveredByEmail: false,
    });
    expect((await eventsOf(held.id)).map((event) => event.data)).toEqual([
      { method: "CHECKOUT_TOKEN", byEmail: false },
    ]);
  });

  it("counts an order before the first email as recovered on its own, and stops what was still due", async () => {
    await installTestShop(SHOP_A);
    // Step 1 was claimed by a tick but had not gone out when the shopper bought.
    const nora = await abandon("nora-1", {
      status: "ACTIVE",
      nextStep: 2,
      dueAt: at(DAY),
      sends: [{ step: 1, status: "CLAIMED", sentAt: null }],
    });
    const lateEmail = await abandon("nora-2", {
      status: "ACTIVE",
      email: "late@example.com",
      sends: [{ step: 1, sentAt: at(HOUR + MINUTE) }],
    });
    const earlyAndLate = await abandon("nora-3", {
      status: "ACTIVE",
      email: "early@example.com",
      sends: [
        { step: 1, sentAt: at(10 * MINUTE) },
        { step: 2, sentAt: at(HOUR + MINUTE) },
      ],
    });

    await placeOrder({ id: "7012", createdAt: at(30 * MINUTE), email: null, checkoutToken: "nora-1" });
    // An email that left after the order was placed (the webhook arrived late) earned nothing; the one
    // before it did.
    await placeOrder({ id: "7013", createdAt: at(HOUR), email: null, checkoutToken: "nora-2" });
    await placeOrder({ id: "7019", createdAt: at(HOUR), email: null, checkoutToken: "nora-3" });

    expect(await enrollmentOf(nora.id)).toMatchObject({
      recoveredOrderId: "7012",
      recoveredByEmail: false,
      status: "STOPPED",
      reason: "ORDERED",
      nextStep: null,
      dueAt: null,
    });
    expect(await enrollmentOf(lateEmail.id)).toMatchObject({ recoveredByEmail: false, status: "STOPPED" });
    expect(await enrollmentOf(earlyAndLate.id)).toMatchObject({ recoveredByEmail: true, status: "STOPPED" });
  });

  it("lets only the first order recover a checkout", async () => {
    await installTestShop(SHOP_A);
    const nora = await abandon("nora-1", EMAILED);
    await seedDiscountCode(SHOP_A, nora.id, { code: "CBK-ONCE" });

    await placeOrder({ id: "7014", createdAt: at(2 * DAY), checkoutToken: "nora-1" });
    await placeOrder({
      id: "7015",
      createdAt: at(3 * DAY),
      checkoutToken: "nora-1",
      codes: [{ code: "CBK-ONCE", amount: "12.00" }],
    });

    expect(await enrollmentOf(nora.id)).toMatchObject({ recoveredOrderId: "7014", recoveredAt: at(2 * DAY) });
    expect(await orderOf("7015")).toMatchObject({ attributedEnrollmentId: null, attributionMethod: null });
    // The code's use is a cost whichever order recovered the checkout.
    expect(await prisma.discountCode.findFirstOrThrow()).toMatchObject({
      usedOrderId: "7015",
      discountMinor: 1200,
    });
    expect((await eventsOf(nora.id)).filter((event) => event.type === "RECOVERED")).toHaveLength(1);
  });

  it("stops the shopper's other active sequences the order ended, without crediting them", async () => {
    await installTestShop(SHOP_A);
    const completed = await abandon("nora-1", EMAILED);
    const earlier = await abandon("nora-0", { ...EMAILED, anchorAt: at(-2 * DAY) });

    await placeOrder({ id: "7016", createdAt: at(2 * DAY), checkoutToken: "nora-1" });

    expect(await enrollmentOf(completed.id)).toMatchObject({ recoveredOrderId: "7016", status: "STOPPED" });
    expect(await enrollmentOf(earlier.id)).toMatchObject({
      recoveredOrderId: null,
      status: "STOPPED",
      reason: "ORDERED",
    });
  });

  it("changes nothing when the same order is delivered again", async () => {
    await installTestShop(SHOP_A);
    const nora = await abandon("nora-1", EMAILED);
    await placeOrder({ id: "7017", createdAt: at(2 * DAY), checkoutToken: "nora-1" });
    const after = await enrollmentOf(nora.id);

    await placeOrder({ id: "7017", createdAt: at(2 * DAY), checkoutToken: "nora-1" });

    expect(await enrollmentOf(nora.id)).toEqual(after);
    expect(await eventsOf(nora.id)).toHaveLength(2);
  });

  it("matches nothing across shops: another shop's code, checkout or shopper", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const inB = await abandon("nora-1", { ...EMAILED, shop: SHOP_B });
    await seedDiscountCode(SHOP_B, inB.id, { code: "CBK-SHOP-B" });

    await placeOrder({
      id: "7018",
      createdAt: at(2 * DAY),
      checkoutToken: "nora-1",
      cartToken: "cart-nora-1",
      codes: [{ code: "CBK-SHOP-B", amount: "10.00" }],
    });

    expect(await enrollmentOf(inB.id)).toMatchObject({ recoveredOrderId: null, status: "ACTIVE" });
    expect((await prisma.discountCode.findFirstOrThrow()).usedOrderId).toBeNull();
    expect((await orderOf("7018")).attributedEnrollmentId).toBeNull();
  });
});
