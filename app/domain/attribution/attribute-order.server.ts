import type { DbTransaction } from "~/db.server";
import { checkoutRecoveredPayload, FLOW_TRIGGERS, queueFlowTrigger } from "~/domain/flow";
import type { EventType } from "~/domain/outcomes";
import { getShopSettings } from "~/domain/shops";
import { SegmentStrategySchema } from "~/domain/segments";
import { attributionRuleOf, isRecoveredByEmail, type AttributionRule } from "./attribution-rules";
import { findLeakedCodes, recordLeakedRedemptions, type LeakedCodes } from "./find-leaked-codes.server";
import { findOrderProfit } from "./order-profit-facts.server";
import {
  findOurDiscountCodes,
  matchOrderToEnrollment,
  type OrderToMatch,
  type UsedDiscountCode,
} from "./match-order.server";
import type { OrderDiscountCode } from "./order-payload";

/** What attribution made of an order (logged with the webhook, and the enrolment's fields say the same). */
export type AttributionOutcome =
  "TEST_ORDER" | "NOT_ATTRIBUTED" | "RECOVERED_BY_EMAIL" | "RECOVERED_ON_ITS_OWN";

export interface AttributionResult {
  outcome: AttributionOutcome;
  /** The enrolment the order recovered, if any. */
  enrollmentId: string | null;
}

/** A recorded order, as attribution needs it. */
export interface OrderToAttribute extends OrderToMatch {
  /** Order.id (the row), and Shopify's order id (what enrolments and codes point at, like checkouts do). */
  rowId: string;
  orderId: string;
  discountCodes: OrderDiscountCode[];
  /** Order total in the shop's currency, minor units. */
  totalMinor: number;
  isTest: boolean;
}

const RECOVERED: EventType = "RECOVERED";

/**
 * Decides which enrolment, if any, the order recovered, inside the order's ingest transaction `tx`, and records
 * it on the order, the enrolment and its timeline; records the use of our discount codes with their cost.
 * A test order is recorded by the ingest but attributed to nothing and costs nothing: the merchant testing
 * the checkout is neither a recovery nor a discount given away.
 */
export async function attributeOrder(
  tx: DbTransaction,
  shop: string,
  order: OrderToAttribute,
): Promise<AttributionResult> {
  if (order.isTest) return { outcome: "TEST_ORDER", enrollmentId: null };

  let rule: AttributionRule | null = null;
  // Settings are read through the transaction: the global client would wait on it (SQLite has one connection).
  // Segments' sequences may run longer than the settings' one: every version of the shop counts.
  const loadRule = async () =>
    (rule ??= attributionRuleOf(
      await getShopSettings(shop, tx),
      (await tx.sequenceVersion.findMany({ where: { shop }, select: { data: true } })).flatMap((row) => {
        const parsed = SegmentStrategySchema.safeParse(parseJson(row.data));
        return parsed.success ? [parsed.data] : [];
      }),
    ));

  const ourCodes = await findOurDiscountCodes(tx, shop, order.discountCodes);
  const leaks = await findLeakedCodes(tx, shop, order.rowId, ourCodes);
  await recordDiscountUsage(tx, shop, ourCodes, order, leaks);

  // A leaked code is not its recipient's recovery: it credits nobody; the order may match its own checkout.
  const isLeaked = (code: UsedDiscountCode) => leaks.leaked.some((leak) => leak.codeId === code.id);
  const match = await matchOrderToEnrollment(tx, shop, order, {
    ourCodes: ourCodes.filter((code) => !isLeaked(code)),
    loadRule,
  });
  if (!match) return { outcome: "NOT_ATTRIBUTED", enrollmentId: null };
  const { method, enrollment } = match;
  const orderAt = order.shopifyCreatedAt;

  const lastSend = await tx.recoverySend.findFirst({
    where: { shop, enrollmentId: enrollment.id, status: "SENT", sentAt: { lt: orderAt } },
    orderBy: { sentAt: "desc" },
    select: { sentAt: true },
  });
  const byEmail = isRecoveredByEmail({
    method,
    arm: enrollment.arm,
    lastSentBeforeOrder: lastSend?.sentAt ?? null,
    orderAt,
    windowDays: (await loadRule()).windowDays,
  });

  // What the order earned after its cost of goods (or the default margin) and our offer (order-profit.ts).
  const profit = await findOrderProfit(tx, shop, {
    orderRowId: order.rowId,
    enrollmentId: enrollment.id,
    ourCodes,
  });
  // Conditional on still being unrecovered: on PostgreSQL another order's transaction may have got there first.
  const { count } = await tx.enrollment.updateMany({
    where: { id: enrollment.id, shop, recoveredOrderId: null },
    data: {
      recoveredOrderId: order.orderId,
      recoveredAt: orderAt,
      attributionMethod: method,
      recoveredByEmail: byEmail,
      recoveredMinor: order.totalMinor,
      ...profit,
    },
  });
  if (count !== 1) return { outcome: "NOT_ATTRIBUTED", enrollmentId: null };

  await tx.order.update({
    where: { id: order.rowId, shop },
    data: { attributedEnrollmentId: enrollment.id, attributionMethod: method },
  });
  await tx.recoveryEvent.create({
    data: {
      shop,
      checkoutId: enrollment.checkoutId,
      enrollmentId: enrollment.id,
      type: RECOVERED,
      at: orderAt,
      // No order id or amount: the timeline holds no personal data, and the order row says the rest.
      data: JSON.stringify({ method, byEmail }),
    },
  });
  if (byEmail) await queueRecoveredTrigger(tx, shop, enrollment.id, order, method);
  return { outcome: byEmail ? "RECOVERED_BY_EMAIL" : "RECOVERED_ON_ITS_OWN", enrollmentId: enrollment.id };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Flow's "Checkout recovered", for orders credited to the emails (in the order's transaction). */
async function queueRecoveredTrigger(
  tx: DbTransaction,
  shop: string,
  enrollmentId: string,
  order: OrderToAttribute,
  method: string,
) {
  const recovered = await tx.enrollment.findUniqueOrThrow({
    where: { id: enrollmentId, shop },
    select: {
      stepsSent: true,
      checkout: { select: { id: true, subtotalMinor: true, currency: true, customerId: true } },
    },
  });
  const { checkout } = recovered;
  await queueFlowTrigger(tx, shop, {
    handle: FLOW_TRIGGERS.CHECKOUT_RECOVERED,
    checkoutId: checkout.id,
    payload: checkoutRecoveredPayload({
      subtotalMinor: checkout.subtotalMinor,
      orderTotalMinor: order.totalMinor,
      currency: checkout.currency,
      stepReached: recovered.stepsSent,
      method,
      customerId: checkout.customerId,
    }),
    now: order.shopifyCreatedAt,
  });
}

/**
 * Marks each of our codes the order used with the order and the discount it gave: the cost of the offer,
 * counted whether or not the order recovers an enrolment, leaked or not. A code records its first use only
 * (codes are single-use; a second use would be Shopify's to refuse); a leaked first use is marked leaked
 * (leakedAt, the order's time) and told on the timelines.
 */
async function recordDiscountUsage(
  tx: DbTransaction,
  shop: string,
  codes: readonly UsedDiscountCode[],
  order: Pick<OrderToAttribute, "orderId" | "shopifyCreatedAt">,
  { leaked, orderCheckoutId }: LeakedCodes,
): Promise<void> {
  for (const code of codes) {
    if (code.usedOrderId !== null) continue;
    const leak = leaked.find((candidate) => candidate.codeId === code.id);
    const { count } = await tx.discountCode.updateMany({
      where: { id: code.id, shop, usedOrderId: null },
      data: {
        usedOrderId: order.orderId,
        usedAt: order.shopifyCreatedAt,
        discountMinor: code.discountMinor,
        ...(leak ? { leakedAt: order.shopifyCreatedAt } : {}),
      },
    });
    if (leak && count === 1)
      await recordLeakedRedemptions(tx, shop, [leak], { orderAt: order.shopifyCreatedAt, orderCheckoutId });
  }
}
