import { CheckoutLineSchema } from "~/domain/checkouts";
import { decryptField } from "~/lib/encryption.server";
import { ERASURE_REASON, recordErasedIdentifiers } from "~/lib/erased-identifiers.server";
import type { CustomerDataTable } from "../customer-data-table";
import { redactedPlaceholder } from "../redacted-placeholder";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Checkouts are anonymised, not deleted, so the merchant's counts of abandoned and recovered checkouts stay
 * honest: every field that could lead back to the shopper goes, while amounts, currency, dates and product
 * lines stay. The token must stay unique per shop, so a random placeholder replaces it. `orderId` is left to
 * the order's own redaction, which rewrites it wherever that order is referenced. The token, cart token and
 * id it had are remembered as keyed hashes, so a late checkouts/update naming them cannot store the shopper
 * again under a new row.
 */
export const checkoutData: CustomerDataTable = {
  key: "checkouts",

  async collect(tx, shop, subject) {
    if (subject.checkoutRowIds.length === 0) return [];
    const rows = await tx.checkout.findMany({
      where: { shop, id: { in: subject.checkoutRowIds } },
      orderBy: [{ shopifyCreatedAt: "asc" }, { id: "asc" }],
    });
    return rows.map((row) => ({
      token: row.token,
      cartToken: row.cartToken,
      shopifyId: row.shopifyId,
      customerId: row.customerId,
      email: decryptField(shop, row.email),
      firstName: decryptField(shop, row.firstName),
      recoveryUrl: decryptField(shop, row.recoveryUrl),
      locale: row.locale,
      countryCode: row.countryCode,
      acceptsMarketing: row.acceptsMarketing,
      currency: row.currency,
      presentmentCurrency: row.presentmentCurrency,
      subtotalMinor: row.subtotalMinor,
      totalMinor: row.totalMinor,
      lineItems: CheckoutLineSchema.array().parse(JSON.parse(row.lineItems)),
      sourceName: row.sourceName,
      createdAt: iso(row.shopifyCreatedAt),
      updatedAt: iso(row.shopifyUpdatedAt),
      completedAt: iso(row.completedAt),
      orderedAt: iso(row.orderedAt),
      orderId: row.orderId,
      deletedAt: iso(row.deletedAt),
    }));
  },

  async redact(tx, shop, subject, now) {
    if (subject.checkoutRowIds.length === 0) return 0;
    const identifiers = await tx.checkout.findMany({
      where: { shop, id: { in: subject.checkoutRowIds } },
      select: { token: true, cartToken: true, shopifyId: true },
    });
    await recordErasedIdentifiers(
      tx,
      shop,
      {
        checkoutTokens: identifiers.map((row) => row.token),
        cartTokens: identifiers.map((row) => row.cartToken),
        checkoutIds: identifiers.map((row) => row.shopifyId),
      },
      { reason: ERASURE_REASON.REDACTED, now },
    );
    for (const id of subject.checkoutRowIds) {
      await tx.checkout.update({
        where: { id, shop },
        data: {
          token: redactedPlaceholder(),
          cartToken: null,
          shopifyId: null,
          customerId: null,
          emailHash: null,
          email: null,
          firstName: null,
          firstNameHash: null,
          recoveryUrl: null,
          locale: null,
          countryCode: null,
          redactedAt: now,
        },
      });
    }
    return subject.checkoutRowIds.length;
  },
};
