import type { DbTransaction } from "~/db.server";
import type { EventType } from "~/domain/outcomes";
import { isLeakedRedemption } from "./attribution-rules";
import type { UsedDiscountCode } from "./match-order.server";

/** One of our codes an order used although it was sent to someone else (attribution-rules.ts). */
export interface LeakedCode {
  codeId: string;
  /** The enrolment the code was made for, and its checkout: the recipient's. */
  enrollmentId: string;
  checkoutId: string;
}

export interface LeakedCodes {
  leaked: LeakedCode[];
  /** The checkout the order completed (Order.matchedCheckoutId), whose timeline also tells of the leak. */
  orderCheckoutId: string | null;
}

const CODE_LEAKED: EventType = "CODE_LEAKED";
const LEAKED_CODE_USED: EventType = "LEAKED_CODE_USED";

/**
 * Which of the order's codes of ours were leaked to it: the order's identifiers (read from its row, recorded
 * in the same transaction) against each code's recipient checkout and enrolment. Two indexed reads, only
 * when the order used one of our codes.
 */
export async function findLeakedCodes(
  tx: DbTransaction,
  shop: string,
  orderRowId: string,
  codes: readonly UsedDiscountCode[],
): Promise<LeakedCodes> {
  if (codes.length === 0) return { leaked: [], orderCheckoutId: null };
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderRowId, shop },
    select: {
      emailHash: true,
      customerId: true,
      checkoutToken: true,
      cartToken: true,
      matchedCheckoutId: true,
    },
  });
  const recipients = await tx.enrollment.findMany({
    where: { shop, id: { in: [...new Set(codes.map((code) => code.enrollmentId))] } },
    select: {
      id: true,
      emailHash: true,
      checkoutId: true,
      checkout: {
        select: { token: true, cartToken: true, emailHash: true, customerId: true, redactedAt: true },
      },
    },
  });
  const leaked: LeakedCode[] = [];
  for (const code of codes) {
    const recipient = recipients.find((row) => row.id === code.enrollmentId);
    if (!recipient) continue;
    const { checkout } = recipient;
    const isLeaked = isLeakedRedemption(order, {
      emailHashes: [checkout.emailHash, recipient.emailHash],
      customerId: checkout.customerId,
      checkoutToken: checkout.token,
      cartToken: checkout.cartToken,
      isRedacted: checkout.redactedAt !== null,
    });
    if (isLeaked)
      leaked.push({ codeId: code.id, enrollmentId: recipient.id, checkoutId: recipient.checkoutId });
  }
  return { leaked, orderCheckoutId: order.matchedCheckoutId };
}

/**
 * The leak on the timelines, at the order's time: on the recipient's checkout (CODE_LEAKED) and on the
 * ordering shopper's own checkout when the order completed one (LEAKED_CODE_USED). The events name the code
 * row only, no code, order or address: the page reads the code and the order's name from their rows, so a
 * later erasure of either shopper leaves nothing behind here.
 */
export async function recordLeakedRedemptions(
  tx: DbTransaction,
  shop: string,
  leaked: readonly LeakedCode[],
  { orderAt, orderCheckoutId }: { orderAt: Date; orderCheckoutId: string | null },
): Promise<void> {
  for (const code of leaked) {
    const data = JSON.stringify({ codeId: code.codeId });
    await tx.recoveryEvent.create({
      data: {
        shop,
        checkoutId: code.checkoutId,
        enrollmentId: code.enrollmentId,
        type: CODE_LEAKED,
        at: orderAt,
        data,
      },
    });
    if (orderCheckoutId && orderCheckoutId !== code.checkoutId)
      await tx.recoveryEvent.create({
        data: { shop, checkoutId: orderCheckoutId, type: LEAKED_CODE_USED, at: orderAt, data },
      });
  }
}
