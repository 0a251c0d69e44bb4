import type { DbTransaction } from "~/db.server";
import { stopActiveEnrollments } from "~/domain/sequences";

/**
 * Ends the active sequences an order makes pointless: those of the checkouts it ended (the one it completed
 * and the shopper's earlier open ones) and the one it was attributed to. Nothing pending goes out after a
 * purchase; the engine re-checks before each send as well, but the enrolment itself must say so, with its
 * reason on the timeline. Returns how many were stopped.
 */
export async function stopOrderedEnrollments(
  tx: DbTransaction,
  shop: string,
  { checkoutIds, enrollmentIds }: { checkoutIds: readonly string[]; enrollmentIds: readonly string[] },
  now: Date,
): Promise<number> {
  const matches = [
    ...(checkoutIds.length > 0 ? [{ checkoutId: { in: [...checkoutIds] } }] : []),
    ...(enrollmentIds.length > 0 ? [{ id: { in: [...enrollmentIds] } }] : []),
  ];
  if (matches.length === 0) return 0;
  return stopActiveEnrollments(tx, shop, { OR: matches }, "ORDERED", now);
}
