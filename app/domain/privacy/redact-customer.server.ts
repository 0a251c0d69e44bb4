import type { WebhookHandler } from "~/lib/webhook-handler";
import { CustomerRedactPayloadSchema, type CustomerRedactPayload } from "./compliance-payloads";
import { INLINE_REDACTION_BATCH_SIZE } from "./erasure-batches";
import { forgetErasedShopDelivery, isShopKnown } from "./erased-shop.server";
import { PRIVACY_REQUEST_KIND } from "./privacy-request";
import { PENDING_REDACTION_SELECT, redactCustomerBatch } from "./redact-customer-batch.server";
import { customerKeysOf } from "./resolve-customer-subject.server";

export type CustomerRedactOutcome =
  "REDACTED" | "REDACTION_QUEUED" | "REDACTION_UNDER_WAY" | "IGNORED_UNKNOWN_SHOP";

/**
 * customers/redact: erase a shopper. Their checkouts and orders are anonymised (the merchant's counts and
 * revenue stay true), their consent and earlier data requests deleted. The redaction is recorded with its
 * counts but without anything that names the shopper. A second delivery finds nothing left to erase. The
 * identifiers of what was erased are kept as keyed hashes, so a late delivery cannot bring the shopper back.
 *
 * The webhook is answered after one bounded batch (redact-customer-batch.server.ts): an ordinary shopper is
 * erased then and there, every running sequence of theirs stopped; a shopper with more rows is finished by the
 * tick, and the request shows as in progress on the privacy page until then.
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
    const keys = customerKeysOf(shop, {
      customerId: payload.customer.id ?? null,
      email: payload.customer.email ?? null,
      orderIds: payload.orders_to_redact,
    });

    // Another delivery of the same request (Shopify may send it again under a new webhook id) while the first
    // is still being carried out joins it rather than starting a second one over the same rows.
    const underWay =
      keys.customerId || keys.emailHash
        ? await tx.privacyRequest.findFirst({
            where: {
              shop,
              kind: PRIVACY_REQUEST_KIND.CUSTOMER_REDACT,
              completedAt: null,
              customerId: keys.customerId,
              emailHash: keys.emailHash,
            },
            select: { id: true, orderIds: true },
          })
        : null;
    if (underWay) {
      const listed = JSON.parse(underWay.orderIds ?? "[]") as string[];
      await tx.privacyRequest.update({
        where: { id: underWay.id, shop },
        data: { orderIds: JSON.stringify([...new Set([...listed, ...keys.orderIds])]) },
      });
      log.info({ privacyRequestId: underWay.id }, "customer redaction already under way; joined it");
      return "REDACTION_UNDER_WAY";
    }

    const request = await tx.privacyRequest.create({
      data: {
        shop,
        kind: PRIVACY_REQUEST_KIND.CUSTOMER_REDACT,
        customerId: keys.customerId,
        emailHash: keys.emailHash,
        orderIds: JSON.stringify(keys.orderIds),
        summary: JSON.stringify({}),
        receivedAt: now,
      },
      select: PENDING_REDACTION_SELECT,
    });
    const { isComplete, summary } = await redactCustomerBatch(tx, shop, request, {
      now,
      limit: INLINE_REDACTION_BATCH_SIZE,
    });
    if (!isComplete) {
      log.info(
        { privacyRequestId: request.id, summary },
        "customer redaction started; the tick erases the rest",
      );
      return "REDACTION_QUEUED";
    }
    log.info({ privacyRequestId: request.id, summary }, "customer data redacted");
    return "REDACTED";
  },
};
