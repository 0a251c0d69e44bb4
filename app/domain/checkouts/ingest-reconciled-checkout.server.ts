import type { DbTransaction } from "~/db.server";
import type { CheckoutFacts } from "./checkout-payload";
import { SEEN_VIA, upsertCheckout } from "./ingest-checkout.server";

/** FOUND: a checkout no webhook had brought, now stored. ALREADY_KNOWN: the webhooks had it (or its erasure). */
export type ReconciledCheckoutOutcome = "FOUND" | "ALREADY_KNOWN" | "DROPPED_ERASED";

/**
 * A checkout read from Shopify's list of abandoned checkouts, through the webhooks' own path so a checkout
 * seen both ways is one checkout. It is matched to a stored one by Shopify's id, then its token, then its
 * cart token (each indexed per shop). A match only learns what the webhooks may have left out (Shopify's id,
 * a completion, which only ever stops emails); everything else stays the webhooks', which are fresher. No
 * match: stored as new (seenVia RECONCILIATION), unless its identifiers were erased or deleted.
 *
 * `facts.token` is the checkout's real token when `hasRealToken`, else a stand-in (RECONCILED_TOKEN_PREFIX)
 * that a later webhook for the same checkout adopts.
 */
export async function ingestReconciledCheckout(
  tx: DbTransaction,
  shop: string,
  facts: CheckoutFacts & { shopifyId: string },
  { now, hasRealToken }: { now: Date; hasRealToken: boolean },
): Promise<ReconciledCheckoutOutcome> {
  const existing = await tx.checkout.findFirst({
    where: {
      shop,
      OR: [
        { shopifyId: facts.shopifyId },
        ...(hasRealToken ? [{ token: facts.token }] : []),
        // A cart can outlive one checkout: a row of the same cart with another Shopify id is another checkout.
        ...(facts.cartToken
          ? [{ cartToken: facts.cartToken, OR: [{ shopifyId: null }, { shopifyId: facts.shopifyId }] }]
          : []),
      ],
    },
    select: { id: true, shopifyId: true, completedAt: true, deletedAt: true, redactedAt: true },
  });
  if (existing) {
    if (existing.deletedAt || existing.redactedAt) return "ALREADY_KNOWN";
    const learned = {
      ...(existing.shopifyId ? {} : { shopifyId: facts.shopifyId }),
      ...(!existing.completedAt && facts.completedAt ? { completedAt: facts.completedAt } : {}),
    };
    if (Object.keys(learned).length > 0)
      await tx.checkout.update({ where: { id: existing.id }, data: learned });
    return "ALREADY_KNOWN";
  }
  const outcome = await upsertCheckout(tx, shop, facts, { now, seenVia: SEEN_VIA.RECONCILIATION });
  if (outcome === "DROPPED_ERASED") return "DROPPED_ERASED";
  // STALE: a webhook stored the same token between the lookup and the insert; its row stands.
  return outcome === "STORED" ? "FOUND" : "ALREADY_KNOWN";
}
