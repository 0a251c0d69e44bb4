import type { DbTransaction } from "~/db.server";
import type { AttributionMethod } from "~/domain/outcomes";
import {
  discountCodeSpellings,
  isInEmailWindow,
  isSameDiscountCode,
  pickEnrollment,
  type AttributionRule,
} from "./attribution-rules";
import type { OrderDiscountCode } from "./order-payload";

/** What matching reads of a recorded order. */
export interface OrderToMatch {
  cartToken: string | null;
  emailHash: string | null;
  shopifyCreatedAt: Date;
  /** The checkout the order's checkout_token names, when it is stored. */
  checkoutIdByToken: string | null;
}

const CANDIDATE_FIELDS = {
  id: true,
  checkoutId: true,
  status: true,
  arm: true,
  anchorAt: true,
  enrolledAt: true,
  lastSentAt: true,
} as const;

export interface EnrollmentCandidate {
  id: string;
  checkoutId: string;
  status: string;
  arm: string;
  anchorAt: Date;
  enrolledAt: Date;
  lastSentAt: Date | null;
}

export interface OrderMatch {
  method: AttributionMethod;
  enrollment: EnrollmentCandidate;
}

/** One of our codes as the order used it, with the discount it gave (shop currency, minor units). */
export interface UsedDiscountCode {
  id: string;
  enrollmentId: string;
  usedOrderId: string | null;
  discountMinor: number;
}

// Several checkouts can share a cart (the shopper reopened checkout); the most recent few are the candidates.
const CART_CHECKOUT_LIMIT = 10;
// A shopper gets at most one sequence per cooldown, so the windows that can still be open belong to their
// last few enrolments; older ones are closed whatever the settings.
const EMAIL_CANDIDATE_LIMIT = 20;

/**
 * The order's discount codes that Cartback made, in the order's own order. One indexed lookup on
 * (shop, code) with the spellings Shopify could have reported: codes are generated in one case, while the
 * shopper may have typed another.
 */
export async function findOurDiscountCodes(
  tx: DbTransaction,
  shop: string,
  codes: readonly OrderDiscountCode[],
): Promise<UsedDiscountCode[]> {
  const spellings = discountCodeSpellings(codes.map((code) => code.code));
  if (spellings.length === 0) return [];
  const rows = await tx.discountCode.findMany({
    where: { shop, code: { in: spellings } },
    select: { id: true, code: true, enrollmentId: true, usedOrderId: true },
  });
  const used = new Map<string, UsedDiscountCode>();
  for (const orderCode of codes) {
    for (const row of rows) {
      if (used.has(row.id) || !isSameDiscountCode(row.code, orderCode.code)) continue;
      used.set(row.id, {
        id: row.id,
        enrollmentId: row.enrollmentId,
        usedOrderId: row.usedOrderId,
        discountMinor: orderCode.amountMinor,
      });
    }
  }
  return [...used.values()];
}

/**
 * The enrolment the order recovered, by the first method that finds one (see attribution-rules.ts). Only
 * enrolments not yet recovered are candidates: the first order recovers a checkout, a later one does not.
 * Every lookup is indexed: enrolment ids, the unique checkoutId, (shop, cartToken), (shop, emailHash, …).
 * The attribution rule (from the shop's settings) is loaded only when an email window must be checked.
 */
export async function matchOrderToEnrollment(
  tx: DbTransaction,
  shop: string,
  order: OrderToMatch,
  { ourCodes, loadRule }: { ourCodes: readonly UsedDiscountCode[]; loadRule: () => Promise<AttributionRule> },
): Promise<OrderMatch | null> {
  const open = { shop, recoveredOrderId: null };

  const codeEnrollmentIds = [...new Set(ourCodes.map((code) => code.enrollmentId))];
  if (codeEnrollmentIds.length > 0) {
    const rows = await tx.enrollment.findMany({
      where: { ...open, id: { in: codeEnrollmentIds } },
      select: CANDIDATE_FIELDS,
    });
    // The first code the order lists decides when two sequences' codes were combined.
    const enrollment = codeEnrollmentIds
      .map((id) => rows.find((row) => row.id === id))
      .find((row) => row !== undefined);
    if (enrollment) return { method: "DISCOUNT_CODE", enrollment };
  }

  if (order.checkoutIdByToken) {
    const enrollment = await tx.enrollment.findFirst({
      where: { ...open, checkoutId: order.checkoutIdByToken },
      select: CANDIDATE_FIELDS,
    });
    if (enrollment) return { method: "CHECKOUT_TOKEN", enrollment };
  }

  if (order.cartToken) {
    const checkouts = await tx.checkout.findMany({
      where: { shop, cartToken: order.cartToken },
      orderBy: { shopifyUpdatedAt: "desc" },
      take: CART_CHECKOUT_LIMIT,
      select: { id: true },
    });
    const checkoutIds = checkouts
      .map((checkout) => checkout.id)
      .filter((id) => id !== order.checkoutIdByToken);
    if (checkoutIds.length > 0) {
      const enrollment = pickEnrollment(
        await tx.enrollment.findMany({
          where: { ...open, checkoutId: { in: checkoutIds } },
          select: CANDIDATE_FIELDS,
        }),
      );
      if (enrollment) return { method: "CART_TOKEN", enrollment };
    }
  }

  if (order.emailHash) {
    const candidates = await tx.enrollment.findMany({
      where: { ...open, emailHash: order.emailHash, anchorAt: { lte: order.shopifyCreatedAt } },
      orderBy: { anchorAt: "desc" },
      take: EMAIL_CANDIDATE_LIMIT,
      select: CANDIDATE_FIELDS,
    });
    if (candidates.length > 0) {
      const rule = await loadRule();
      const enrollment = pickEnrollment(
        candidates.filter((candidate) => isInEmailWindow(candidate, order.shopifyCreatedAt, rule)),
      );
      if (enrollment) return { method: "EMAIL_WINDOW", enrollment };
    }
  }

  return null;
}
