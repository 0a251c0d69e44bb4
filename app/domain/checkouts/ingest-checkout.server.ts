import crypto from "node:crypto";
import { z } from "zod";
import type { DbTransaction } from "~/db.server";
import { AppError } from "~/lib/app-error";
import { encryptField, hashEmail, hashName, normalizeEmail } from "~/lib/encryption.server";
import {
  ERASURE_REASON,
  findErasedIdentifier,
  recordErasedIdentifiers,
} from "~/lib/erased-identifiers.server";
import type { WebhookHandler } from "~/lib/webhook-handler";
import {
  CheckoutPayloadError,
  CheckoutPayloadSchema,
  toCheckoutFacts,
  type CheckoutFacts,
  type CheckoutPayload,
} from "./checkout-payload";
import { endCheckoutsAlreadyOrdered } from "./end-ordered-checkouts.server";

export type CheckoutIngestOutcome = "STORED" | "STALE" | "DROPPED_ERASED";

function checkoutRow(shop: string, facts: CheckoutFacts) {
  const email = normalizeEmail(facts.rawEmail);
  return {
    cartToken: facts.cartToken,
    customerId: facts.customerId,
    emailHash: email ? hashEmail(shop, email) : null,
    email: encryptField(shop, email),
    firstName: encryptField(shop, facts.firstName),
    firstNameHash: facts.firstName ? hashName(shop, facts.firstName) : null,
    recoveryUrl: encryptField(shop, facts.recoveryUrl),
    locale: facts.locale,
    currency: facts.currency,
    presentmentCurrency: facts.presentmentCurrency,
    subtotalMinor: facts.subtotalMinor,
    totalMinor: facts.totalMinor,
    lineItems: JSON.stringify(facts.lines),
    lineItemCount: facts.lines.reduce((sum, line) => sum + line.quantity, 0),
    acceptsMarketing: facts.acceptsMarketing,
    countryCode: facts.countryCode,
    sourceName: facts.sourceName,
    shopifyCreatedAt: facts.shopifyCreatedAt,
    shopifyUpdatedAt: facts.shopifyUpdatedAt,
    completedAt: facts.completedAt,
  };
}

/**
 * Stores a checkout's latest state in one statement. Deliveries arrive out of order: a state older than the
 * stored one (by Shopify's updated_at) changes nothing; once completed a checkout stays completed; the
 * top-level id is kept once known, since some deliveries omit it; an anonymised (redacted) or deleted row is
 * never written again, and a checkout whose token, cart token or id was redacted or deleted is not stored
 * again under a new row (erased-identifiers.server.ts). `INSERT … ON CONFLICT … DO UPDATE … WHERE` is the same in SQLite and PostgreSQL, and is
 * atomic, so concurrent deliveries for one checkout cannot interleave a read and a write.
 */
export async function upsertCheckout(
  tx: DbTransaction,
  shop: string,
  facts: CheckoutFacts,
  { now }: { now: Date },
): Promise<CheckoutIngestOutcome> {
  const erased = await findErasedIdentifier(tx, shop, {
    checkoutTokens: [facts.token],
    cartTokens: [facts.cartToken],
    checkoutIds: [facts.shopifyId],
  });
  if (erased) return "DROPPED_ERASED";
  const row = checkoutRow(shop, facts);
  const written = await tx.$executeRaw`
    INSERT INTO "Checkout" (
      "id", "shop", "token", "cartToken", "shopifyId", "customerId", "emailHash", "email", "firstName", "firstNameHash", "recoveryUrl",
      "locale", "currency", "presentmentCurrency", "subtotalMinor", "totalMinor", "lineItems", "lineItemCount",
      "acceptsMarketing", "countryCode", "sourceName", "shopifyCreatedAt", "shopifyUpdatedAt", "completedAt",
      "createdAt", "updatedAt"
    ) VALUES (
      ${crypto.randomUUID()}, ${shop}, ${facts.token}, ${row.cartToken}, ${facts.shopifyId}, ${row.customerId},
      ${row.emailHash}, ${row.email}, ${row.firstName}, ${row.firstNameHash}, ${row.recoveryUrl}, ${row.locale}, ${row.currency},
      ${row.presentmentCurrency}, ${row.subtotalMinor}, ${row.totalMinor}, ${row.lineItems}, ${row.lineItemCount},
      ${row.acceptsMarketing}, ${row.countryCode}, ${row.sourceName}, ${row.shopifyCreatedAt}, ${row.shopifyUpdatedAt},
      ${row.completedAt}, ${now}, ${now}
    )
    ON CONFLICT ("shop", "token") DO UPDATE SET
      "cartToken" = excluded."cartToken",
      "shopifyId" = COALESCE(excluded."shopifyId", "Checkout"."shopifyId"),
      "customerId" = excluded."customerId",
      -- An email the web pixel filled in stays until a webhook brings one: Shopify's word replaces it, its
      -- silence does not erase it.
      "emailHash" = CASE WHEN excluded."emailHash" IS NULL AND "Checkout"."emailFromPixelAt" IS NOT NULL
        THEN "Checkout"."emailHash" ELSE excluded."emailHash" END,
      "email" = CASE WHEN excluded."emailHash" IS NULL AND "Checkout"."emailFromPixelAt" IS NOT NULL
        THEN "Checkout"."email" ELSE excluded."email" END,
      "emailFromPixelAt" = CASE WHEN excluded."emailHash" IS NULL THEN "Checkout"."emailFromPixelAt" ELSE NULL END,
      "firstName" = excluded."firstName",
      "firstNameHash" = excluded."firstNameHash",
      "recoveryUrl" = excluded."recoveryUrl",
      "locale" = excluded."locale",
      "currency" = excluded."currency",
      "presentmentCurrency" = excluded."presentmentCurrency",
      "subtotalMinor" = excluded."subtotalMinor",
      "totalMinor" = excluded."totalMinor",
      "lineItems" = excluded."lineItems",
      "lineItemCount" = excluded."lineItemCount",
      "acceptsMarketing" = excluded."acceptsMarketing",
      "countryCode" = excluded."countryCode",
      "sourceName" = excluded."sourceName",
      "shopifyCreatedAt" = excluded."shopifyCreatedAt",
      "shopifyUpdatedAt" = excluded."shopifyUpdatedAt",
      "completedAt" = COALESCE("Checkout"."completedAt", excluded."completedAt"),
      "updatedAt" = excluded."updatedAt"
    WHERE excluded."shopifyUpdatedAt" >= "Checkout"."shopifyUpdatedAt" AND "Checkout"."redactedAt" IS NULL
      AND "Checkout"."deletedAt" IS NULL`;
  if (written === 0) return "STALE";
  // The order may have come first (a delayed retry of this delivery, or deliveries out of order).
  await endCheckoutsAlreadyOrdered(tx, shop, { token: facts.token });
  return "STORED";
}

export const ingestCheckout: WebhookHandler<CheckoutPayload> = {
  schema: CheckoutPayloadSchema,
  async handle({ shop, payload, tx, now, log }) {
    let facts: CheckoutFacts;
    try {
      facts = toCheckoutFacts(payload);
    } catch (error) {
      if (error instanceof CheckoutPayloadError)
        throw new AppError("BAD_REQUEST", `not a valid checkout: ${error.message}`);
      throw error;
    }
    const outcome = await upsertCheckout(tx, shop, facts, { now });
    if (outcome === "DROPPED_ERASED")
      log.info(
        { outcome },
        "checkout delivery names an erased or deleted checkout; acknowledged and dropped",
      );
    return outcome;
  },
};

const CheckoutDeletePayloadSchema = z.object({
  id: z.union([z.string().regex(/^\d{1,30}$/), z.number().int().nonnegative().transform(String)]).nullish(),
  token: z.string().max(255).nullish(),
  cart_token: z.string().max(255).nullish(),
});
type CheckoutDeletePayload = z.infer<typeof CheckoutDeletePayloadSchema>;

/**
 * checkouts/delete carries the checkout's id and cart token (not its token). The checkout stops being a
 * candidate and its personal fields are dropped, since nothing will be sent for it. The identifiers it names
 * are remembered as deleted, so a late checkouts/update, or one delivered before the checkout was ever stored,
 * brings nothing back (the cart token too: this delivery would have deleted any checkout carrying it).
 */
export const deleteCheckout: WebhookHandler<CheckoutDeletePayload> = {
  schema: CheckoutDeletePayloadSchema.refine((payload) => payload.id || payload.token || payload.cart_token, {
    message: "needs id, token or cart_token",
  }),
  async handle({ shop, payload, tx, now }) {
    const matches = [
      ...(payload.id ? [{ shopifyId: payload.id }] : []),
      ...(payload.token ? [{ token: payload.token }] : []),
      ...(payload.cart_token ? [{ cartToken: payload.cart_token }] : []),
    ];
    const { count } = await tx.checkout.updateMany({
      where: { shop, deletedAt: null, OR: matches },
      data: { deletedAt: now, email: null, firstName: null, firstNameHash: null, recoveryUrl: null },
    });
    await recordErasedIdentifiers(
      tx,
      shop,
      { checkoutTokens: [payload.token], cartTokens: [payload.cart_token], checkoutIds: [payload.id] },
      { reason: ERASURE_REASON.DELETED, now },
    );
    return count > 0 ? "DELETED" : "UNKNOWN_CHECKOUT";
  },
};
