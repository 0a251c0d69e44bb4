import type { DbTransaction } from "~/db.server";
import { AppError } from "~/lib/app-error";
import { encryptField, hashEmail, normalizeEmail } from "~/lib/encryption.server";
import { ERASURE_REASON, findErasedIdentifier } from "~/lib/erased-identifiers.server";
import type { WebhookHandler } from "~/lib/webhook-handler";
import { attributeOrder, type AttributionOutcome } from "./attribute-order.server";
import {
  OrderPayloadError,
  OrderPayloadSchema,
  toOrderFacts,
  type OrderFacts,
  type OrderPayload,
} from "./order-payload";
import { stopOrderedEnrollments } from "./stop-ordered-enrollments.server";

/**
 * ALREADY_RECORDED for a repeat of a known order, DROPPED_ERASED for one of a shopper erased by customers/redact
 * (its id, checkout token or cart token); otherwise what attribution made of it.
 */
export type OrderIngestOutcome = "ALREADY_RECORDED" | "DROPPED_ERASED" | AttributionOutcome;

/**
 * Records an order's facts and marks the checkouts it ends: the one it completed (by checkout token, else
 * cart token), and every other open checkout of the same shopper (by email or customer id) started before it,
 * so nobody gets a recovery email after buying. Then, in the same transaction, attribution decides which
 * enrolment (if any) the order recovered and whether an email earned it, and the active sequences the order
 * ended are stopped. `now` is when the delivery is processed (the stop time); the order's own time is
 * Shopify's created_at.
 */
export async function recordOrder(
  tx: DbTransaction,
  shop: string,
  facts: OrderFacts,
  { now }: { now: Date },
): Promise<OrderIngestOutcome> {
  const existing = await tx.order.findUnique({
    where: { shop_orderId: { shop, orderId: facts.orderId } },
    select: { id: true },
  });
  if (existing) return "ALREADY_RECORDED";
  // Only redactions: an order for a checkout Shopify deleted is still a purchase that ends its sequences.
  const erased = await findErasedIdentifier(
    tx,
    shop,
    { orderIds: [facts.orderId], checkoutTokens: [facts.checkoutToken], cartTokens: [facts.cartToken] },
    { reasons: [ERASURE_REASON.REDACTED] },
  );
  if (erased) return "DROPPED_ERASED";

  const email = normalizeEmail(facts.rawEmail);
  const emailHash = email ? hashEmail(shop, email) : null;
  const byCheckoutToken = facts.checkoutToken
    ? await tx.checkout.findUnique({
        where: { shop_token: { shop, token: facts.checkoutToken } },
        select: { id: true },
      })
    : null;
  const completed =
    byCheckoutToken ??
    ((facts.cartToken &&
      (await tx.checkout.findFirst({
        where: { shop, cartToken: facts.cartToken },
        orderBy: { shopifyUpdatedAt: "desc" },
        select: { id: true },
      }))) ||
      null);

  const order = await tx.order.create({
    data: {
      shop,
      orderId: facts.orderId,
      name: facts.name,
      checkoutToken: facts.checkoutToken,
      cartToken: facts.cartToken,
      customerId: facts.customerId,
      emailHash,
      email: encryptField(shop, email),
      discountCodes: JSON.stringify(facts.discountCodes),
      lines: JSON.stringify(facts.lines),
      currency: facts.currency,
      totalMinor: facts.totalMinor,
      subtotalMinor: facts.subtotalMinor,
      presentmentCurrency: facts.presentmentCurrency,
      presentmentTotalMinor: facts.presentmentTotalMinor,
      isTest: facts.isTest,
      sourceName: facts.sourceName,
      shopifyCreatedAt: facts.shopifyCreatedAt,
      matchedCheckoutId: completed ? completed.id : null,
    },
    select: { id: true },
  });

  const endedCheckoutIds = await endShopperCheckouts(tx, shop, facts, {
    completedId: completed?.id ?? null,
    emailHash,
  });
  const attribution = await attributeOrder(tx, shop, {
    rowId: order.id,
    orderId: facts.orderId,
    cartToken: facts.cartToken,
    emailHash,
    discountCodes: facts.discountCodes,
    totalMinor: facts.totalMinor,
    shopifyCreatedAt: facts.shopifyCreatedAt,
    isTest: facts.isTest,
    checkoutIdByToken: byCheckoutToken?.id ?? null,
  });
  await stopOrderedEnrollments(
    tx,
    shop,
    {
      checkoutIds: endedCheckoutIds,
      enrollmentIds: attribution.enrollmentId ? [attribution.enrollmentId] : [],
    },
    now,
  );
  return attribution.outcome;
}

/** Marks the checkouts the order ends as ordered; returns their ids. */
async function endShopperCheckouts(
  tx: DbTransaction,
  shop: string,
  facts: OrderFacts,
  { completedId, emailHash }: { completedId: string | null; emailHash: string | null },
): Promise<string[]> {
  const sameShopper = [
    ...(completedId ? [{ id: completedId }] : []),
    ...(emailHash ? [{ emailHash }] : []),
    ...(facts.customerId ? [{ customerId: facts.customerId }] : []),
  ];
  if (sameShopper.length === 0) return [];
  const ended = await tx.checkout.findMany({
    where: {
      shop,
      orderedAt: null,
      OR: sameShopper,
      // Another shopper's later checkout is not ended by this order; the completed one always is.
      AND: [
        {
          OR: [
            ...(completedId ? [{ id: completedId }] : []),
            { shopifyCreatedAt: { lte: facts.shopifyCreatedAt } },
          ],
        },
      ],
    },
    select: { id: true },
  });
  const ids = ended.map((checkout) => checkout.id);
  if (ids.length > 0) {
    await tx.checkout.updateMany({
      where: { shop, id: { in: ids }, orderedAt: null },
      data: { orderedAt: facts.shopifyCreatedAt, orderId: facts.orderId },
    });
  }
  return ids;
}

export const ingestOrder: WebhookHandler<OrderPayload> = {
  schema: OrderPayloadSchema,
  async handle({ shop, payload, tx, now, log }) {
    try {
      const outcome = await recordOrder(tx, shop, toOrderFacts(payload), { now });
      if (outcome === "DROPPED_ERASED")
        log.info(
          { outcome },
          "order delivery names an erased shopper's order or checkout; acknowledged and dropped",
        );
      return outcome;
    } catch (error) {
      if (error instanceof OrderPayloadError)
        throw new AppError("BAD_REQUEST", `not a valid order: ${error.message}`);
      throw error;
    }
  },
};
