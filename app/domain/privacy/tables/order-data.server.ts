import { decryptField } from "~/lib/encryption.server";
import { ERASURE_REASON, recordErasedIdentifiers } from "~/lib/erased-identifiers.server";
import type { CustomerDataTable } from "../customer-data-table";
import { redactedPlaceholder } from "../redacted-placeholder";

/**
 * Orders are anonymised, not deleted: recovered revenue is the merchant's figure and must not shrink when a
 * shopper asks to be forgotten. Shopify's order id and name lead straight back to the shopper in the admin,
 * so the id becomes a random placeholder (it must stay unique per shop) and the name goes. The id and the
 * tokens it had are remembered as keyed hashes, so a retried orders/create cannot store the shopper again.
 */
export const orderData: CustomerDataTable = {
  key: "orders",

  async collect(tx, shop, subject) {
    if (subject.orderRowIds.length === 0) return [];
    const rows = await tx.order.findMany({
      where: { shop, id: { in: subject.orderRowIds } },
      orderBy: [{ shopifyCreatedAt: "asc" }, { id: "asc" }],
    });
    return rows.map((row) => ({
      orderId: row.orderId,
      name: row.name,
      checkoutToken: row.checkoutToken,
      cartToken: row.cartToken,
      customerId: row.customerId,
      email: decryptField(shop, row.email),
      discountCodes: JSON.parse(row.discountCodes) as unknown,
      lines: JSON.parse(row.lines) as unknown,
      currency: row.currency,
      subtotalMinor: row.subtotalMinor,
      totalMinor: row.totalMinor,
      presentmentCurrency: row.presentmentCurrency,
      presentmentTotalMinor: row.presentmentTotalMinor,
      isTest: row.isTest,
      sourceName: row.sourceName,
      createdAt: row.shopifyCreatedAt.toISOString(),
    }));
  },

  async redact(tx, shop, subject, now) {
    if (subject.orderRowIds.length === 0) return 0;
    const rows = await tx.order.findMany({
      where: { shop, id: { in: subject.orderRowIds } },
      select: { id: true, orderId: true, checkoutToken: true, cartToken: true },
    });
    await recordErasedIdentifiers(
      tx,
      shop,
      {
        orderIds: rows.map((row) => row.orderId),
        checkoutTokens: rows.map((row) => row.checkoutToken),
        cartTokens: rows.map((row) => row.cartToken),
      },
      { reason: ERASURE_REASON.REDACTED, now },
    );
    for (const row of rows) {
      const placeholder = redactedPlaceholder();
      await tx.order.update({
        where: { id: row.id, shop },
        data: {
          orderId: placeholder,
          name: null,
          checkoutToken: null,
          cartToken: null,
          customerId: null,
          emailHash: null,
          email: null,
          redactedAt: now,
        },
      });
      // What points at this order keeps pointing at it, under its new id: the checkouts it ended, the
      // enrolment it recovered and the discount codes it used (the merchant's recovered revenue and offer cost
      // stay linked to an order, just not to a findable one).
      await tx.checkout.updateMany({ where: { shop, orderId: row.orderId }, data: { orderId: placeholder } });
      await tx.enrollment.updateMany({
        where: { shop, recoveredOrderId: row.orderId },
        data: { recoveredOrderId: placeholder },
      });
      await tx.discountCode.updateMany({
        where: { shop, usedOrderId: row.orderId },
        data: { usedOrderId: placeholder },
      });
    }
    return rows.length;
  },
};
