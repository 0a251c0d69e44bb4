import { z } from "zod";
import { ShopifyIdSchema } from "~/lib/shopify-ids";

/**
 * customers_email_marketing_consent/update as Shopify sends it: `{ customer_id, email_address,
 * email_marketing_consent: { state, opt_in_level, consent_updated_at } }`. The state arrives lowercase
 * ("subscribed") although the Admin API spells it in capitals (SUBSCRIBED); both are accepted.
 */
export const MarketingConsentPayloadSchema = z.object({
  customer_id: ShopifyIdSchema.nullish(),
  email_address: z.string().max(1000).nullish(),
  email_marketing_consent: z
    .object({
      state: z
        .string()
        .trim()
        .regex(/^[A-Za-z_]{1,40}$/, "must be a consent state such as subscribed"),
      opt_in_level: z.string().max(100).nullish(),
      consent_updated_at: z.iso.datetime({ offset: true, error: "must be an ISO 8601 timestamp" }).nullish(),
    })
    .nullish(),
});
export type MarketingConsentPayload = z.infer<typeof MarketingConsentPayloadSchema>;

/** What Cartback keeps of a consent change, before the email is hashed. */
export interface ConsentFacts {
  customerId: string | null;
  rawEmail: string | null;
  /**
   * SUBSCRIBED | NOT_SUBSCRIBED | PENDING | UNSUBSCRIBED | REDACTED | INVALID. A state Shopify adds later is
   * kept as sent (uppercased) rather than refused: refusing would leave an older SUBSCRIBED row standing,
   * and only SUBSCRIBED ever means "may email".
   */
  state: string;
  consentUpdatedAt: Date;
}

/**
 * The facts of a consent change, or null when it carries no consent to record. Without consent_updated_at
 * (Shopify leaves it null for a consent never changed) the moment Shopify triggered the delivery stands in,
 * so ordering against later changes still works.
 */
export function toConsentFacts(
  payload: MarketingConsentPayload,
  { fallbackUpdatedAt }: { fallbackUpdatedAt: Date },
): ConsentFacts | null {
  const consent = payload.email_marketing_consent;
  if (!consent) return null;
  return {
    customerId: payload.customer_id ?? null,
    rawEmail: payload.email_address || null,
    state: consent.state.toUpperCase(),
    consentUpdatedAt: consent.consent_updated_at ? new Date(consent.consent_updated_at) : fallbackUpdatedAt,
  };
}
