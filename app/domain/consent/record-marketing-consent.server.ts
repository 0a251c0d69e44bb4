import type { DbTransaction } from "~/db.server";
import { hashEmail, normalizeEmail } from "~/lib/encryption.server";
import type { WebhookHandler } from "~/lib/webhook-handler";
import {
  MarketingConsentPayloadSchema,
  toConsentFacts,
  type MarketingConsentPayload,
} from "./consent-payload";

export type ConsentUpsertOutcome = "CREATED" | "UPDATED" | "STALE";
export type ConsentOutcome = ConsentUpsertOutcome | "IGNORED_NO_EMAIL" | "IGNORED_NO_CONSENT";

export interface MarketingConsentFacts {
  emailHash: string;
  customerId: string | null;
  state: string;
  consentUpdatedAt: Date;
}

/**
 * Stores a shopper's latest consent, keyed by (shop, email hash): the address is what an email goes to, and
 * a guest has no customer id. Deliveries arrive out of order, so a change older than the stored one (by
 * Shopify's consent_updated_at) is ignored; an equal one is applied again, which changes nothing.
 */
export async function upsertMarketingConsent(
  tx: DbTransaction,
  shop: string,
  facts: MarketingConsentFacts,
): Promise<ConsentUpsertOutcome> {
  const { emailHash, customerId, state, consentUpdatedAt } = facts;
  const { count } = await tx.marketingConsent.updateMany({
    where: { shop, emailHash, consentUpdatedAt: { lte: consentUpdatedAt } },
    // A later delivery without a customer id (a guest who became a customer and back) keeps the known one.
    data: { state, consentUpdatedAt, ...(customerId ? { customerId } : {}) },
  });
  if (count > 0) return "UPDATED";
  const existing = await tx.marketingConsent.findUnique({
    where: { shop_emailHash: { shop, emailHash } },
    select: { shop: true },
  });
  if (existing) return "STALE";
  await tx.marketingConsent.create({ data: { shop, emailHash, customerId, state, consentUpdatedAt } });
  return "CREATED";
}

/** customers_email_marketing_consent/update: Shopify's word on whether this shopper may be emailed. */
export const recordMarketingConsent: WebhookHandler<MarketingConsentPayload> = {
  schema: MarketingConsentPayloadSchema,
  async handle({ shop, payload, delivery, tx, now }): Promise<ConsentOutcome> {
    const facts = toConsentFacts(payload, { fallbackUpdatedAt: delivery.triggeredAt ?? now });
    if (!facts) return "IGNORED_NO_CONSENT";
    // Consent is kept per address; a customer known only by phone has nothing Cartback could email.
    const email = normalizeEmail(facts.rawEmail);
    if (!email) return "IGNORED_NO_EMAIL";
    return upsertMarketingConsent(tx, shop, {
      emailHash: hashEmail(shop, email),
      customerId: facts.customerId,
      state: facts.state,
      consentUpdatedAt: facts.consentUpdatedAt,
    });
  },
};
