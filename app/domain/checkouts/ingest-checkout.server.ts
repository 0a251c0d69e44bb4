import crypto from "node:crypto";
import { z } from "zod";
import { Prisma, type DbTransaction } from "~/db.server";
import { AppError } from "~/lib/app-error";
import { encryptField, hashEmail, hashName, normalizeEmail } from "~/lib/encryption.server";
import {
  ERASURE_REASON,
  findErasedIdentifierAnd,
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
import { RECONCILED_TOKEN_PREFIX } from "./reconciled-token";

export type CheckoutIngestOutcome = "STORED" | "STALE" | "DROPPED_ERASED";

/** How the app first learned of a checkout (Checkout.seenVia). */
export const SEEN_VIA = { WEBHOOK: "WEBHOOK", RECONCILIATION: "RECONCILIATION" } as const;
export type SeenVia = (typeof SEEN_VIA)[keyof typeof SEEN_VIA];

/**
 * A reconciled row this delivery should take over: reconciliation stores a checkout Shopify listed but no
 * webhook brought under a stand-in token, and the first webhook for it brings the real one. Found by Shopify's
 * id (else the cart token); only stand-in rows qualify. Asked in the same round trip as the tombstones.
 */
function standInRowOf(shop: string, facts: CheckoutFacts): Prisma.Sql {
  // Reconciled rows always carry Shopify's id: when the delivery has one too, a different id is a different
  // checkout of the same cart.
  const sameCheckout = facts.shopifyId
    ? Prisma.sql`c."shopifyId" = ${facts.shopifyId}`
    : facts.cartToken
      ? Prisma.sql`c."cartToken" = ${facts.cartToken}`
      : null;
  if (!sameCheckout) return Prisma.sql`SELECT NULL`;
  return Prisma.sql`SELECT c."id" FROM "Checkout" c
    WHERE c."shop" = ${shop} AND ${sameCheckout} AND c."token" LIKE ${`${RECONCILED_TOKEN_PREFIX}%`}
    ORDER BY c."createdAt" LIMIT 1`;
}

/** The real token in, so the upsert below updates the reconciled row instead of adding a second checkout. */
async function adoptReconciledCheckout(tx: DbTransaction, shop: string, rowId: string, token: string) {
  await tx.$executeRaw`
    UPDATE "Checkout" SET "token" = ${token}
    WHERE "id" = ${rowId} AND "shop" = ${shop}
      AND NOT EXISTS (SELECT 1 FROM "Checkout" t WHERE t."shop" = ${shop} AND t."token" = ${token})`;
}

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
    shippingCountryCode: facts.shippingCountryCode,
    shippingProvinceCode: facts.shippingProvinceCode,
    billingCountryCode: facts.billingCountryCode,
    billingProvinceCode: facts.billingProvinceCode,
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
 *
 * `seenVia` RECONCILIATION (ingest-reconciled-checkout.server.ts) only ever inserts; a webhook first adopts a
 * row reconciliation stored under a stand-in token, so a checkout seen both ways stays one.
 */
export async function upsertCheckout(
  tx: DbTransaction,
  shop: string,
  facts: CheckoutFacts,
  { now, seenVia = SEEN_VIA.WEBHOOK }: { now: Date; seenVia?: SeenVia },
): Promise<CheckoutIngestOutcome> {
  const { erased, also: standInId } = await findErasedIdentifierAnd(
    tx,
    shop,
    { checkoutTokens: [facts.token], cartTokens: [facts.cartToken], checkoutIds: [facts.shopifyId] },
    seenVia === SEEN_VIA.WEBHOOK ? standInRowOf(shop, facts) : Prisma.sql`SELECT NULL`,
  );
  if (erased) return "DROPPED_ERASED";
  if (standInId) await adoptReconciledCheckout(tx, shop, standInId, facts.token);
  const row = checkoutRow(shop, facts);
  const written = await tx.$executeRaw`
    INSERT INTO "Checkout" (
      "id", "shop", "token", "cartToken", "shopifyId", "customerId", "emailHash", "email", "firstName", "firstNameHash", "recoveryUrl",
      "locale", "currency", "presentmentCurrency", "subtotalMinor", "totalMinor", "lineItems", "lineItemCount",
      "acceptsMarketing", "countryCode", "shippingCountryCode", "shippingProvinceCode", "billingCountryCode",
      "billingProvinceCode", "sourceName", "shopifyCreatedAt", "shopifyUpdatedAt", "completedAt",
      "seenVia", "createdAt", "updatedAt"
    ) VALUES (
      ${crypto.randomUUID()}, ${shop}, ${facts.token}, ${row.cartToken}, ${facts.shopifyId}, ${row.customerId},
      ${row.emailHash}, ${row.email}, ${row.firstName}, ${row.firstNameHash}, ${row.recoveryUrl}, ${row.locale}, ${row.currency},
      ${row.presentmentCurrency}, ${row.subtotalMinor}, ${row.totalMinor}, ${row.lineItems}, ${row.lineItemCount},
      ${row.acceptsMarketing}, ${row.countryCode}, ${row.shippingCountryCode}, ${row.shippingProvinceCode},
      ${row.billingCountryCode}, ${row.billingProvinceCode}, ${row.sourceName}, ${row.shopifyCreatedAt}, ${row.shopifyUpdatedAt},
      ${row.completedAt}, ${seenVia}, ${now}, ${now}
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
      "shippingCountryCode" = excluded."shippingCountryCode",
      "shippingProvinceCode" = excluded."shippingProvinceCode",
      "billingCountryCode" = excluded."billingCountryCode",
      "billingProvinceCode" = excluded."billingProvinceCode",
      "sourceName" = excluded."sourceName",
      "shopifyCreatedAt" = excluded."shopifyCreatedAt",
      "shopifyUpdatedAt" = excluded."shopifyUpdatedAt",
      "completedAt" = COALESCE("Checkout"."completedAt", excluded."completedAt"),
      "updatedAt" = excluded."updatedAt"
    WHERE excluded."shopifyUpdatedAt" >= "Checkout"."shopifyUpdatedAt" AND "Checkout"."redactedAt" IS NULL
      AND "Checkout"."deletedAt" IS NULL
      -- Reconciliation only ever adds a checkout: a row that exists is the webhooks', which are fresher.
      AND excluded."seenVia" = ${SEEN_VIA.WEBHOOK}`;
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
