import { encryptField } from "~/lib/encryption.server";
import type { WebhookHandler } from "~/lib/webhook-handler";
import { collectCustomerData } from "./collect-customer-data.server";
import { DataRequestPayloadSchema, type DataRequestPayload } from "./compliance-payloads";
import { forgetErasedShopDelivery, isShopKnown } from "./erased-shop.server";
import {
  CUSTOMER_DATA_EXPORT_FORMAT,
  PRIVACY_REQUEST_KIND,
  type CustomerDataExport,
} from "./privacy-request";
import { resolveCustomerSubject } from "./resolve-customer-subject.server";

export type DataRequestOutcome = "EXPORTED" | "IGNORED_UNKNOWN_SHOP";

/**
 * customers/data_request: a shopper asked the merchant for their data. Everything stored about them is
 * assembled into one JSON export, sealed with the shop's key, and kept for the merchant to download and
 * pass on. Shopify may deliver the same request again under a new webhook id; it refreshes the same row.
 */
export const answerDataRequest: WebhookHandler<DataRequestPayload> = {
  schema: DataRequestPayloadSchema,
  // Honoured for an uninstalled shop too: its data stays until shop/redact, and so does the duty to
  // disclose it.
  requiresInstalledShop: false,
  async handle({ shop, payload, delivery, tx, now, log }): Promise<DataRequestOutcome> {
    if (!(await isShopKnown(tx, shop))) {
      await forgetErasedShopDelivery(tx, delivery);
      log.info("data request for a shop with no stored data; nothing to export");
      return "IGNORED_UNKNOWN_SHOP";
    }
    const customerId = payload.customer.id ?? null;
    const email = payload.customer.email ?? null;
    const shopifyRequestId = payload.data_request.id;
    const subject = await resolveCustomerSubject(tx, shop, {
      customerId,
      email,
      orderIds: payload.orders_requested,
    });

    // The request's row exists before the data is collected, so the export lists it among the shopper's
    // requests on the first delivery and on any redelivery alike.
    const identity = { customerId, emailHash: subject.emailHash };
    const existing = await tx.privacyRequest.findFirst({
      where: { shop, kind: PRIVACY_REQUEST_KIND.DATA_REQUEST, shopifyRequestId },
      select: { id: true },
    });
    const request =
      existing ??
      (await tx.privacyRequest.create({
        data: {
          shop,
          kind: PRIVACY_REQUEST_KIND.DATA_REQUEST,
          shopifyRequestId,
          ...identity,
          receivedAt: now,
        },
        select: { id: true },
      }));

    const { data, summary } = await collectCustomerData(tx, shop, subject);
    const document: CustomerDataExport = {
      format: CUSTOMER_DATA_EXPORT_FORMAT,
      shop,
      shopifyRequestId,
      generatedAt: now.toISOString(),
      subject: { customerId, email },
      data,
    };
    await tx.privacyRequest.update({
      where: { id: request.id },
      data: {
        ...identity,
        export: encryptField(shop, JSON.stringify(document)),
        summary: JSON.stringify(summary),
        completedAt: now,
      },
    });
    log.info({ privacyRequestId: request.id, summary }, "customer data request answered");
    return "EXPORTED";
  },
};
