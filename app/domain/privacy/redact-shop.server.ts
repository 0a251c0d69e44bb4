import { INSTALL_STATE } from "~/domain/shops";
import type { WebhookHandler } from "~/lib/webhook-handler";
import { ShopRedactPayloadSchema, type ShopRedactPayload } from "./compliance-payloads";

export type ShopRedactOutcome = "ERASURE_QUEUED" | "ERASURE_UNDER_WAY" | "IGNORED_REINSTALLED";

/**
 * shop/redact: Shopify sends it 48 hours after an uninstall, and not at all if the merchant reinstalled in
 * between. Everything of the shop goes, in every table: the tombstones of erased shoppers too (they are the
 * shop's data, and the app is no longer installed there to receive a late delivery they would stop), and the
 * pipeline's dedupe rows, this delivery's included. A large shop cannot be erased in one transaction, so the
 * webhook only records the erasure (ShopErasure) and answers; the tick erases the shop in bounded batches
 * (run-shop-erasures.server.ts) and removes that record with the shop's last rows: afterwards nothing says the
 * shop was ever here, and the log line says it was done. No PrivacyRequest row records it, for the same reason.
 * A redelivery while the erasure is under way changes nothing; one after it records an erasure that finds
 * nothing to erase.
 */
export const redactShop: WebhookHandler<ShopRedactPayload> = {
  schema: ShopRedactPayloadSchema,
  // The shop has had no session for two days when this arrives.
  requiresInstalledShop: false,
  async handle({ shop, delivery, tx, now, log }): Promise<ShopRedactOutcome> {
    const current = await tx.shop.findUnique({
      where: { domain: shop },
      select: { installState: true, installedAt: true },
    });
    // A retry still in flight when the merchant reinstalled: Shopify cancels the redaction on reinstall, and
    // honouring the stale copy would erase the live install (its session included).
    if (
      current?.installState === INSTALL_STATE.INSTALLED &&
      delivery.triggeredAt &&
      delivery.triggeredAt < current.installedAt
    ) {
      log.warn("shop redaction triggered before the shop reinstalled; ignored");
      return "IGNORED_REINSTALLED";
    }
    const underWay = await tx.shopErasure.findUnique({ where: { shop }, select: { shop: true } });
    if (underWay) {
      log.info("shop erasure already under way");
      return "ERASURE_UNDER_WAY";
    }
    await tx.shopErasure.create({
      data: { shop, triggeredAt: delivery.triggeredAt ?? now, requestedAt: now },
    });
    log.info("shop erasure recorded; the tick erases the shop's data in batches");
    return "ERASURE_QUEUED";
  },
};
