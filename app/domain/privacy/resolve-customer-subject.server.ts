import type { DbTransaction } from "~/db.server";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";
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

/** The shopper by the keys stored rows carry: the email already hashed. */
export interface CustomerKeys {
  customerId: string | null;
  emailHash: string | null;
  orderIds: string[];
}

/** hashEmail of the identity's address (normalised), or null when it names no usable address. */
export function customerKeysOf(shop: string, identity: CustomerIdentity): CustomerKeys {
  const email = normalizeEmail(identity.email);
  return {
    customerId: identity.customerId,
    emailHash: email ? hashEmail(shop, email) : null,
    orderIds: identity.orderIds,
  };
}

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
  return (await findCustomerRows(tx, shop, customerKeysOf(shop, identity))).subject;
}

/**
 * resolveCustomerSubject by stored keys, at most about `limit` rows of each kind when a limit is given (a
 * redaction in batches); `isPartial` says some were left for a later batch. Each row is found in one batch
 * only, so a redaction's counts add up across its batches:
 * - the checkouts an order completed come with it, since the order's redaction removes what links them;
 * - the shopper's running sequences come in the first batch, whatever the limit, with the checkouts of hers
 *   they belong to, so that batch already stops every email to her;
 * - a sequence of one of her checkouts comes with its checkout; one that only carries her email hash comes by
 *   the hash;
 * - the identity itself (what matches sends, suppressions, consent and data requests by address or customer
 *   id) is left out until the last batch, so those rows are found once, there.
 */
export async function findCustomerRows(
  tx: DbTransaction,
  shop: string,
  { customerId, emailHash, orderIds: listedOrderIds }: CustomerKeys,
  { limit }: { limit?: number } = {},
): Promise<{ subject: CustomerSubject; isPartial: boolean }> {
  let isPartial = false;
  const capped = <Row>(rows: Row[]) => {
    if (limit !== undefined && rows.length >= limit) isPartial = true;
    return rows;
  };
  const byIdentity = identityMatches({ customerId, emailHash });
  const herCheckout = { redactedAt: null, OR: byIdentity };

  const orderMatches = [
    ...byIdentity,
    ...(listedOrderIds.length > 0 ? [{ orderId: { in: listedOrderIds } }] : []),
  ];
  const orders =
    orderMatches.length === 0
      ? []
      : capped(
          await tx.order.findMany({
            where: { shop, redactedAt: null, OR: orderMatches },
            select: { id: true, orderId: true, checkoutToken: true, matchedCheckoutId: true },
            take: limit,
          }),
        );

  const running =
    byIdentity.length === 0
      ? []
      : await tx.enrollment.findMany({
          where: {
            shop,
            status: ENROLLMENT_STATUS.ACTIVE,
            OR: [...(emailHash ? [{ emailHash }] : []), { checkout: herCheckout }],
          },
          select: { id: true, checkoutId: true },
        });

  const matchedIds = distinct(orders.map((order) => order.matchedCheckoutId));
  const checkoutTokens = distinct(orders.map((order) => order.checkoutToken));
  const orderIds = orders.map((order) => order.orderId);
  const completedByOrders = [
    ...(matchedIds.length > 0 ? [{ id: { in: matchedIds } }] : []),
    ...(checkoutTokens.length > 0 ? [{ token: { in: checkoutTokens } }] : []),
    ...(orderIds.length > 0 ? [{ orderId: { in: orderIds } }] : []),
  ];
  const checkouts = [
    ...(completedByOrders.length === 0
      ? []
      : await tx.checkout.findMany({
          where: { shop, redactedAt: null, OR: completedByOrders },
          select: { id: true },
        })),
    ...(running.length === 0
      ? []
      : await tx.checkout.findMany({
          where: { shop, id: { in: running.map((enrollment) => enrollment.checkoutId) }, ...herCheckout },
          select: { id: true },
        })),
    ...(byIdentity.length === 0
      ? []
      : capped(
          await tx.checkout.findMany({ where: { shop, ...herCheckout }, select: { id: true }, take: limit }),
        )),
  ];
  const checkoutRowIds = distinct(checkouts.map((checkout) => checkout.id));

  const enrollments = [
    ...running,
    ...(checkoutRowIds.length === 0
      ? []
      : await tx.enrollment.findMany({
          where: { shop, checkoutId: { in: checkoutRowIds } },
          select: { id: true },
        })),
    ...(emailHash
      ? capped(
          await tx.enrollment.findMany({
            where: { shop, emailHash, NOT: [{ checkout: herCheckout }] },
            select: { id: true },
            take: limit,
          }),
        )
      : []),
  ];

  return {
    subject: {
      customerId: isPartial ? null : customerId,
      emailHash: isPartial ? null : emailHash,
      orderRowIds: orders.map((order) => order.id),
      checkoutRowIds,
      enrollmentRowIds: distinct(enrollments.map((enrollment) => enrollment.id)),
    },
    isPartial,
  };
}
