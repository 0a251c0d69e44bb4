import type { WebhookHandler } from "~/lib/webhook-pipeline.server";
import { CustomerRedactPayloadSchema, type CustomerRedactPayload } from "./compliance-payloads";
import { forgetErasedShopDelivery, isShopKnown } from "./erased-shop.server";
import { PRIVACY_REQUEST_KIND } from "./privacy-request";
import { redactCustomerData } from "./redact-customer-data.server";
import { resolveCustomerSubject } from "./resolve-customer-subject.server";

export type CustomerRedactOutcome = "REDACTED" | "IGNORED_UNKNOWN_SHOP";

/**
 * customers/redact: erase a shopper. Their checkouts and orders are anonymised (the merchant's counts and
 * revenue stay true), their consent and earlier data requests deleted. The redaction is recorded with its
 * counts but without anything that names the shopper. A second delivery finds nothing left to erase.
 */
export const redactCustomer: WebhookHandler<CustomerRedactPayload> = {
  schema: CustomerRedactPayloadSchema,
  // Shopify may send this long after an uninstall (it holds redactions of recent buyers for months).
  requiresInstalledShop: false,
  async handle({ shop, payload, delivery, tx, now, log }): Promise<CustomerRedactOutcome> {
    if (!(await isShopKnown(tx, shop))) {
      await forgetErasedShopDelivery(tx, delivery);
      log.info("customer redaction for a shop with no stored data; nothing to erase");
      return "IGNORED_UNKNOWN_SHOP";
    }
    const subject = await resolveCustomerSubject(tx, shop, {
      customerId: payload.customer.id ?? null,
      email: payload.customer.email ?? null,
      orderIds: payload.orders_to_redact,
    });
    const summary = await redactCustomerData(tx, shop, subject, now);
    await tx.privacyRequest.create({
      data: {
        shop,
        kind: PRIVACY_REQUEST_KIND.CUSTOMER_REDACT,
        summary: JSON.stringify(summary),
        receivedAt: now,
        completedAt: now,
      },
    });
    log.info({ summary }, "customer data redacted");
    return "REDACTED";
  },
};
