import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { findCheckoutDetail } from "~/domain/checkouts";
import { hashEmail } from "~/lib/encryption.server";
import { action as checkoutAction } from "~/routes/webhooks.checkouts.update";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { editFixture } from "../../../test/helpers/fixtures";
import { seedDiscountCode, seedEnrollment, type EnrollmentSeed } from "../../../test/helpers/recovery-seed";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";

/**
 * Leaked codes, end to end through orders/create (attribution runs in the delivery's transaction): an order
 * that uses a code emailed to someone else records the code's cost and marks it leaked, credits nothing to
 * the code's checkout, and says so on both shoppers' timelines. The rule itself: attribution-rules.test.ts.
 */

const CHECKOUT = "checkouts-update.shopify-sample-2026-07.json";
const ORDER = "orders-create.shopify-sample-2026-07.trimmed.json";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date("2026-03-02T10:00:00Z");
const at = (offset: number) => new Date(T0.getTime() + offset);

const NORA = "nora.ellingsen@example.com";
const STRANGER = "coupon.hunter@example.com";

const EMAILED: Partial<EnrollmentSeed> = {
  status: "ACTIVE",
  nextStep: 3,
  dueAt: at(3 * DAY),
  sends: [
    { step: 1, sentAt: at(HOUR) },
    { step: 2, sentAt: at(DAY), hasOffer: true },
  ],
};

/** A checkout stored through the webhook (token, cart `cart-<token>`), and its enrolment. */
async function abandon(
  token: string,
  {
    email,
    customerId = null,
    ...seed
  }: Partial<EnrollmentSeed> & { email: string; customerId?: string | null },
) {
  const body = editFixture(CHECKOUT, {
    token,
    cart_token: `cart-${token}`,
    email,
    customer: customerId ? { id: Number(customerId), email } : null,
    created_at: new Date(T0.getTime() - HOUR).toISOString(),
    updated_at: T0.toISOString(),
  });
  const response = await callAction(
    checkoutAction,
    signedWebhookRequest({ topic: "checkouts/update", shop: SHOP_A, body }),
  );
  expect(response.status).toBe(200);
  const checkout = await prisma.checkout.findUniqueOrThrow({
    where: { shop_token: { shop: SHOP_A, token } },
  });
  return seedEnrollment(SHOP_A, {
    checkoutId: checkout.id,
    emailHash: hashEmail(SHOP_A, email),
    anchorAt: T0,
    ...seed,
  });
}

async function placeOrder(order: {
  id: string;
  email: string | null;
  customerId?: string | null;
  checkoutToken?: string | null;
  cartToken?: string | null;
  code: string;
}) {
  const body = editFixture(ORDER, {
    id: order.id,
    name: `#${order.id}`,
    email: order.email ?? "",
    contact_email: order.email,
    customer: order.customerId ? { id: Number(order.customerId), email: order.email } : null,
    checkout_token: order.checkoutToken ?? null,
    cart_token: order.cartToken ?? null,
    discount_codes: [{ code: order.code, amount: "25.00", type: "percentage" }],
    test: false,
    created_at: at(2 * DAY).toISOString(),
  });
  const response = await callAction(
    orderAction,
    signedWebhookRequest({ topic: "orders/create", shop: SHOP_A, body }),
  );
  expect(response.status).toBe(200);
}

const codeRow = (id: string) =>
  prisma.discountCode.findUniqueOrThrow({
    where: { id },
    select: { usedOrderId: true, usedAt: true, discountMinor: true, leakedAt: true },
  });
const eventsOn = async (checkoutId: string) =>
  (
    await prisma.recoveryEvent.findMany({
      where: { shop: SHOP_A, checkoutId, type: { in: ["CODE_LEAKED", "LEAKED_CODE_USED", "RECOVERED"] } },
      orderBy: { type: "asc" },
    })
  ).map((event) => ({
    type: event.type,
    enrollmentId: event.enrollmentId,
    at: event.at,
    data: event.data ? (JSON.parse(event.data) as unknown) : null,
  }));

describe("a code used by another shopper's order", () => {
  it("is a leaked redemption: its cost is recorded, its checkout gets no credit, both timelines tell it", async () => {
    await installTestShop(SHOP_A);
    // Nora's guest checkout got the code; the stranger, logged in, abandoned a checkout of their own.
    const nora = await abandon("nora-1", { ...EMAILED, email: NORA });
    const code = await seedDiscountCode(SHOP_A, nora.id, { code: "CBK-LEAK42" });
    const stranger = await abandon("stranger-1", { email: STRANGER, customerId: "9001", status: "HOLDOUT" });

    await placeOrder({
      id: "8001",
      email: STRANGER,
      customerId: "9001",
      checkoutToken: "stranger-1",
      cartToken: "cart-stranger-1",
      code: "cbk-leak42",
    });

    expect(await codeRow(code.id)).toEqual({
      usedOrderId: "8001",
      usedAt: at(2 * DAY),
      discountMinor: 2500,
      leakedAt: at(2 * DAY),
    });
    // Nora did not come back: her checkout is not recovered, and her sequence goes on.
    expect(
      await prisma.enrollment.findUniqueOrThrow({
        where: { id: nora.id },
        select: { recoveredOrderId: true, status: true },
      }),
    ).toEqual({ recoveredOrderId: null, status: "ACTIVE" });
    // The stranger's order recovered the stranger's own checkout, by its token.
    expect(
      await prisma.enrollment.findUniqueOrThrow({
        where: { id: stranger.id },
        select: { recoveredOrderId: true, attributionMethod: true },
      }),
    ).toEqual({ recoveredOrderId: "8001", attributionMethod: "CHECKOUT_TOKEN" });
    expect(await eventsOn(nora.checkoutId)).toEqual([
      { type: "CODE_LEAKED", enrollmentId: nora.id, at: at(2 * DAY), data: { codeId: code.id } },
    ]);
    expect(await eventsOn(stranger.checkoutId)).toEqual([
      { type: "LEAKED_CODE_USED", enrollmentId: null, at: at(2 * DAY), data: { codeId: code.id } },
      {
        type: "RECOVERED",
        enrollmentId: stranger.id,
        at: at(2 * DAY),
        data: { method: "CHECKOUT_TOKEN", byEmail: false },
      },
    ]);

    // The merchant's page for Nora's checkout: the leak in words, with the code and the order's name.
    const detail = await findCheckoutDetail(SHOP_A, nora.checkoutId);
    expect(detail?.timeline.find((entry) => entry.title.includes("another shopper"))).toMatchObject({
      detail:
        "Its code CBK-LEAK42 was used by another shopper's order #8001: a leaked redemption. The discount counts as a cost; the order is not this checkout's recovery",
      order: { label: "#8001", adminUrl: "shopify://admin/orders/8001" },
    });
    expect(detail?.discountCodes.map((row) => row.note)).toEqual([
      expect.stringMatching(/^Used by another shopper's #8001 on .+ \(\$25\.00 off\): a leaked redemption$/),
    ]);
    const strangerDetail = await findCheckoutDetail(SHOP_A, stranger.checkoutId);
    expect(strangerDetail?.timeline.map((entry) => entry.title)).toContain(
      "The order used a code sent to another shopper",
    );
  });

  it("is leaked when the order has no checkout of its own: one timeline entry, no credit to anyone", async () => {
    await installTestShop(SHOP_A);
    const nora = await abandon("nora-1", { ...EMAILED, email: NORA });
    const code = await seedDiscountCode(SHOP_A, nora.id, { code: "CBK-POSTED" });

    await placeOrder({ id: "8002", email: STRANGER, code: "CBK-POSTED" });

    expect((await codeRow(code.id)).leakedAt).toEqual(at(2 * DAY));
    expect(
      await prisma.order.findUniqueOrThrow({
        where: { shop_orderId: { shop: SHOP_A, orderId: "8002" } },
        select: { attributedEnrollmentId: true },
      }),
    ).toEqual({ attributedEnrollmentId: null });
    expect((await eventsOn(nora.checkoutId)).map((event) => event.type)).toEqual(["CODE_LEAKED"]);
    expect(await prisma.recoveryEvent.count({ where: { type: "LEAKED_CODE_USED" } })).toBe(0);
  });

  it.each([
    {
      case: "same email under another customer account",
      recipient: { email: NORA, customerId: "7001" },
      order: { email: NORA, customerId: "9001" },
    },
    {
      case: "same customer under another address",
      recipient: { email: NORA, customerId: "7001" },
      order: { email: STRANGER, customerId: "7001" },
    },
    {
      case: "no email or customer on the order to compare",
      recipient: { email: NORA, customerId: null },
      order: { email: null, customerId: null },
    },
  ])("is the recipient's own recovery, not a leak: $case", async ({ recipient, order }) => {
    await installTestShop(SHOP_A);
    const nora = await abandon("nora-1", { ...EMAILED, ...recipient });
    const code = await seedDiscountCode(SHOP_A, nora.id, { code: "CBK-MINE" });

    await placeOrder({ id: "8003", ...order, checkoutToken: "elsewhere", code: "CBK-MINE" });

    expect(await codeRow(code.id)).toMatchObject({ usedOrderId: "8003", leakedAt: null });
    expect(
      await prisma.enrollment.findUniqueOrThrow({
        where: { id: nora.id },
        select: { recoveredOrderId: true, attributionMethod: true },
      }),
    ).toEqual({ recoveredOrderId: "8003", attributionMethod: "DISCOUNT_CODE" });
    expect(
      await prisma.recoveryEvent.count({ where: { type: { in: ["CODE_LEAKED", "LEAKED_CODE_USED"] } } }),
    ).toBe(0);
  });

  it("calls nothing leaked once the recipient's checkout was erased: nothing is left to compare", async () => {
    await installTestShop(SHOP_A);
    const nora = await abandon("nora-1", { ...EMAILED, email: NORA });
    const code = await seedDiscountCode(SHOP_A, nora.id, { code: "CBK-ERASED" });
    // Mid-way through a redaction: the checkout is anonymised, its code not yet.
    await prisma.checkout.update({
      where: { id: nora.checkoutId },
      data: { token: "redacted-1", cartToken: null, emailHash: null, email: null, redactedAt: at(DAY) },
    });
    await prisma.enrollment.update({ where: { id: nora.id }, data: { emailHash: null } });

    await placeOrder({ id: "8004", email: STRANGER, code: "CBK-ERASED" });

    expect(await codeRow(code.id)).toMatchObject({
      usedOrderId: "8004",
      discountMinor: 2500,
      leakedAt: null,
    });
  });
});
