import { z } from "zod";
import { prisma } from "~/db.server";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";
import { getShopSettings } from "~/domain/shops";
import { formatMoney } from "~/lib/money";
import { openCheckoutField } from "./open-checkout-field.server";
import { notActiveText, notActiveWhy } from "./checkout-actions";
import { formatShopTime } from "./checkout-format";
import { CheckoutLineSchema } from "./checkout-payload";
import { describeCheckoutStatus, reasonText } from "./checkout-status";
import { buildCheckoutTimeline, type TimelineOrder } from "./checkout-timeline";
import type { CheckoutDetail } from "./checkout-views";

/**
 * Everything the merchant's page for one checkout shows: the cart, the shopper (decrypted for this page
 * only), where the sequence stands, the timeline, and the discount codes it was given. Display-ready: money
 * and times are formatted here, times in the shop's time zone.
 */

function discountCodeNote(
  code: {
    status: string;
    currency: string;
    expiresAt: Date;
    usedOrderId: string | null;
    usedAt: Date | null;
    discountMinor: number | null;
    leakedAt: Date | null;
  },
  orders: ReadonlyMap<string, TimelineOrder>,
  time: (instant: Date) => string,
): string {
  if (code.usedOrderId) {
    const order = orders.get(code.usedOrderId)?.name ?? `order ${code.usedOrderId}`;
    const discount =
      code.discountMinor !== null
        ? ` (${formatMoney({ amountMinor: code.discountMinor, currency: code.currency })} off)`
        : "";
    const used = `Used by ${code.leakedAt ? "another shopper's " : ""}${order}`;
    return `${used}${code.usedAt ? ` on ${time(code.usedAt)}` : ""}${discount}${code.leakedAt ? ": a leaked redemption" : ""}`;
  }
  switch (code.status) {
    case "PENDING":
      return "Being created in Shopify";
    case "FAILED":
      return "Shopify could not create it";
    case "DELETING":
    case "DELETED":
      return `Expired ${time(code.expiresAt)}`;
    default:
      return `Valid until ${time(code.expiresAt)}`;
  }
}

/** Ids are cuid or UUID; anything else cannot be a checkout, and is answered like an unknown one. */
const CheckoutIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

function parseLines(json: string) {
  try {
    const parsed = CheckoutLineSchema.array().safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The checkout `checkoutId` of `shop`, or null when the shop has no such checkout (another shop's included). */
export async function findCheckoutDetail(shop: string, checkoutId: string): Promise<CheckoutDetail | null> {
  const id = CheckoutIdSchema.safeParse(checkoutId);
  if (!id.success) return null;
  const checkout = await prisma.checkout.findFirst({
    where: { id: id.data, shop },
    select: {
      id: true,
      email: true,
      emailHash: true,
      firstName: true,
      locale: true,
      acceptsMarketing: true,
      currency: true,
      subtotalMinor: true,
      totalMinor: true,
      lineItems: true,
      lineItemCount: true,
      shopifyCreatedAt: true,
      shopifyUpdatedAt: true,
      completedAt: true,
      orderedAt: true,
      orderId: true,
      deletedAt: true,
      redactedAt: true,
      enrollment: {
        select: {
          id: true,
          status: true,
          reason: true,
          arm: true,
          stepsSent: true,
          nextStep: true,
          dueAt: true,
          recoveredOrderId: true,
          recoveredAt: true,
          recoveredByEmail: true,
          recoveredMinor: true,
          attributionMethod: true,
          sequenceVersionId: true,
        },
      },
    },
  });
  if (!checkout) return null;
  const enrollment = checkout.enrollment;
  const pinnedSteps = enrollment?.sequenceVersionId
    ? await pinnedStepCount(shop, enrollment.sequenceVersionId)
    : null;

  const [shopRow, settings, events, sends, codes] = await Promise.all([
    prisma.shop.findUnique({ where: { domain: shop }, select: { timezone: true, currency: true } }),
    getShopSettings(shop),
    prisma.recoveryEvent.findMany({
      where: { shop, checkoutId: checkout.id },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      select: { id: true, type: true, reason: true, step: true, at: true, data: true },
    }),
    prisma.recoverySend.findMany({
      where: { shop, checkoutId: checkout.id },
      orderBy: { step: "asc" },
      select: {
        id: true,
        step: true,
        status: true,
        outcome: true,
        reason: true,
        subject: true,
        subjectVariant: true,
        template: true,
        hasOffer: true,
        sentAt: true,
        deliveredAt: true,
        openedAt: true,
        clickCount: true,
      },
    }),
    enrollment
      ? prisma.discountCode.findMany({
          where: { shop, enrollmentId: enrollment.id },
          orderBy: [{ createdAt: "asc" }, { code: "asc" }],
          select: {
            id: true,
            code: true,
            kind: true,
            percentOff: true,
            status: true,
            currency: true,
            expiresAt: true,
            usedOrderId: true,
            usedAt: true,
            discountMinor: true,
            leakedAt: true,
          },
        })
      : [],
  ]);
  const timeZone = shopRow?.timezone ?? "UTC";
  const shopCurrency = shopRow?.currency ?? "USD";
  const time = (instant: Date) => formatShopTime(instant, timeZone);

  const orderIds = [
    enrollment?.recoveredOrderId,
    checkout.orderId,
    ...codes.map((code) => code.usedOrderId),
  ].filter((orderId): orderId is string => typeof orderId === "string");
  const orderRows = orderIds.length
    ? await prisma.order.findMany({
        where: { shop, orderId: { in: [...new Set(orderIds)] } },
        select: { orderId: true, name: true, totalMinor: true, currency: true },
      })
    : [];
  const orders = new Map<string, TimelineOrder>(
    orderRows.map((order) => [
      order.orderId,
      { name: order.name, total: { amountMinor: order.totalMinor, currency: order.currency } },
    ]),
  );
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: checkout.currency });

  const why = notActiveWhy(enrollment);
  const canAct = why === null && enrollment?.nextStep !== null;
  return {
    id: checkout.id,
    timeZone,
    status: describeCheckoutStatus({
      hasEmail: checkout.emailHash !== null,
      itemCount: checkout.lineItemCount,
      subtotalMinor: checkout.subtotalMinor,
      completedAt: checkout.completedAt,
      orderedAt: checkout.orderedAt,
      deletedAt: checkout.deletedAt,
      redactedAt: checkout.redactedAt,
      enrollment,
    }),
    cart: {
      subtotal: money(checkout.subtotalMinor),
      total: money(checkout.totalMinor),
      itemCount: checkout.lineItemCount,
      lines: parseLines(checkout.lineItems).map((line) => ({
        title: line.title,
        variantTitle: line.variantTitle,
        quantity: line.quantity,
        unitPrice: money(line.unitPriceMinor),
        linePrice: money(line.linePriceMinor),
        imageUrl: line.imageUrl,
      })),
      startedLabel: time(checkout.shopifyCreatedAt),
      lastActivityLabel: time(checkout.shopifyUpdatedAt),
    },
    shopper: {
      email: openCheckoutField(shop, checkout.id, checkout.email),
      firstName: openCheckoutField(shop, checkout.id, checkout.firstName),
      locale: checkout.locale,
      acceptsMarketing: checkout.acceptsMarketing,
      isErased: checkout.redactedAt !== null,
    },
    sequence: enrollment
      ? {
          status: enrollment.status,
          reason: reasonText(enrollment.reason),
          stepsSent: enrollment.stepsSent,
          // The enrolment's own version's steps; the settings' for one without a version.
          stepCount: pinnedSteps ?? settings.steps.length,
          nextStep: enrollment.status === ENROLLMENT_STATUS.ACTIVE ? enrollment.nextStep : null,
          dueLabel:
            enrollment.status === ENROLLMENT_STATUS.ACTIVE && enrollment.dueAt
              ? time(enrollment.dueAt)
              : null,
        }
      : null,
    actions: {
      canStop: why === null,
      canSendNow: canAct,
      unavailableReason: why ? notActiveText(why, enrollment?.reason ?? null) : null,
    },
    timeline: buildCheckoutTimeline({
      timeZone,
      shopCurrency,
      checkout: {
        createdAt: checkout.shopifyCreatedAt,
        lastActivityAt: checkout.shopifyUpdatedAt,
        completedAt: checkout.completedAt,
        orderedAt: checkout.orderedAt,
        orderId: checkout.orderId,
        deletedAt: checkout.deletedAt,
        redactedAt: checkout.redactedAt,
      },
      enrollment,
      events,
      sends,
      orders,
      codes: new Map(codes.map((code) => [code.id, { code: code.code, usedOrderId: code.usedOrderId }])),
    }),
    discountCodes: codes.map((code) => ({
      code: code.code,
      offer: code.kind === "FREE_SHIPPING" ? "Free shipping" : `${code.percentOff ?? 0}% off`,
      note: discountCodeNote(code, orders, time),
    })),
  };
}

/**
 * How many steps the enrolment's pinned sequence version has. Read as stored (the segments folder owns the
 * version's schema and depends on this one, so it is not imported); null when the row is missing or damaged.
 */
async function pinnedStepCount(shop: string, sequenceVersionId: string): Promise<number | null> {
  const version = await prisma.sequenceVersion.findFirst({
    where: { id: sequenceVersionId, shop },
    select: { data: true },
  });
  if (!version) return null;
  try {
    const steps = (JSON.parse(version.data) as { steps?: unknown }).steps;
    return Array.isArray(steps) ? steps.length : null;
  } catch {
    return null;
  }
}
