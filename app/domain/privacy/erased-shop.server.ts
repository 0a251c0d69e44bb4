import type { DbTransaction } from "~/db.server";
import type { WebhookDelivery } from "~/lib/webhooks.server";

/**
 * Whether Cartback still keeps anything for the shop. Every shop that ever had data has a Shop row (install
 * and the webhook pipeline create it), so without one the shop was erased by shop/redact, or never installed.
 */
export async function isShopKnown(tx: DbTransaction, shop: string): Promise<boolean> {
  return (await tx.shop.findUnique({ where: { domain: shop }, select: { domain: true } })) !== null;
}

/**
 * Deletes the dedupe row the webhook pipeline inserted for this delivery, in the same transaction, so that
 * nothing of an erased shop remains. The price is that a redelivery of the same webhook id is processed
 * again; for the compliance topics that do this, a second run finds nothing left and changes nothing.
 */
export async function forgetErasedShopDelivery(tx: DbTransaction, delivery: WebhookDelivery): Promise<void> {
  await tx.webhookDelivery.deleteMany({ where: { shop: delivery.shop, webhookId: delivery.webhookId } });
}
