import type { DbTransaction } from "~/db.server";
import { hashEmail, normalizeEmail } from "~/lib/encryption.server";
import { identityMatches, type CustomerSubject } from "./customer-data-table";

/** The shopper as a compliance webhook names them. */
export interface CustomerIdentity {
  customerId: string | null;
  email: string | null;
  /** Orders Shopify lists as theirs (orders_requested, orders_to_redact). */
  orderIds: string[];
}

const distinct = (values: Array<string | null>) => [...new Set(values.filter((value) => value !== null))];

/**
 * Finds the shopper's orders, checkouts and recovery sequences in this shop. Orders match by customer id,
 * email hash, or Shopify's list; checkouts by customer id, email hash, or because one of those orders completed
 * them: a guest checkout carries no email or customer id of its own but is still that shopper's. Enrolments
 * match by those checkouts or by email hash. Redacted rows no longer carry any of these keys, so a second
 * request finds nothing again.
 */
export async function resolveCustomerSubject(
  tx: DbTransaction,
  shop: string,
  identity: CustomerIdentity,
): Promise<CustomerSubject> {
  const email = normalizeEmail(identity.email);
  const emailHash = email ? hashEmail(shop, email) : null;
  const { customerId } = identity;
  const byIdentity = identityMatches({ customerId, emailHash });

  const orderMatches = [
    ...byIdentity,
    ...(identity.orderIds.length > 0 ? [{ orderId: { in: identity.orderIds } }] : []),
  ];
  const orders =
    orderMatches.length === 0
      ? []
      : await tx.order.findMany({
          where: { shop, redactedAt: null, OR: orderMatches },
          select: { id: true, orderId: true, checkoutToken: true, matchedCheckoutId: true },
        });

  const matchedIds = distinct(orders.map((order) => order.matchedCheckoutId));
  const checkoutTokens = distinct(orders.map((order) => order.checkoutToken));
  const orderIds = orders.map((order) => order.orderId);
  const checkoutMatches = [
    ...byIdentity,
    ...(matchedIds.length > 0 ? [{ id: { in: matchedIds } }] : []),
    ...(checkoutTokens.length > 0 ? [{ token: { in: checkoutTokens } }] : []),
    ...(orderIds.length > 0 ? [{ orderId: { in: orderIds } }] : []),
  ];
  const checkouts =
    checkoutMatches.length === 0
      ? []
      : await tx.checkout.findMany({
          where: { shop, redactedAt: null, OR: checkoutMatches },
          select: { id: true },
        });

  const checkoutRowIds = checkouts.map((checkout) => checkout.id);
  const enrollmentMatches = [
    ...(checkoutRowIds.length > 0 ? [{ checkoutId: { in: checkoutRowIds } }] : []),
    ...(emailHash ? [{ emailHash }] : []),
  ];
  const enrollments =
    enrollmentMatches.length === 0
      ? []
      : await tx.enrollment.findMany({ where: { shop, OR: enrollmentMatches }, select: { id: true } });

  return {
    customerId,
    emailHash,
    orderRowIds: orders.map((order) => order.id),
    checkoutRowIds,
    enrollmentRowIds: enrollments.map((enrollment) => enrollment.id),
  };
}
