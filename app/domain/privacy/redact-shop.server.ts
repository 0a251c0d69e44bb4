import { INSTALL_STATE } from "~/domain/shops";
import type { WebhookHandler } from "~/lib/webhook-pipeline.server";
import { ShopRedactPayloadSchema, type ShopRedactPayload } from "./compliance-payloads";
import { eraseShopData } from "./erase-shop-data.server";

export type ShopRedactOutcome = "ERASED" | "IGNORED_REINSTALLED";

/**
 * shop/redact: Shopify sends it 48 hours after an uninstall, and not at all if the merchant reinstalled in
 * between. Everything of the shop goes, in every table, the pipeline's dedupe row for this very delivery
 * included (it is in this transaction): afterwards nothing says the shop was ever here. The price is that a
 * redelivery of the same webhook id runs again, finds nothing and changes nothing. No PrivacyRequest row
 * records it, for the same reason; the log line does.
 */
export const redactShop: WebhookHandler<ShopRedactPayload> = {
  schema: ShopRedactPayloadSchema,
  // The shop has had no session for two days when this arrives.
  requiresInstalledShop: false,
  async handle({ shop, delivery, tx, log }): Promise<ShopRedactOutcome> {
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
    const erased = await eraseShopData(tx, shop);
    log.info({ erased }, "shop data erased");
    return "ERASED";
  },
};
