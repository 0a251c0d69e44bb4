export { MarketingConsentPayloadSchema, toConsentFacts } from "./consent-payload";
export type { MarketingConsentPayload, ConsentFacts } from "./consent-payload";
export { recordMarketingConsent, upsertMarketingConsent } from "./record-marketing-consent.server";
export type {
  ConsentOutcome,
  ConsentUpsertOutcome,
  MarketingConsentFacts,
} from "./record-marketing-consent.server";
export { unsubscribe, describeUnsubscribeLink, SHOPIFY_SYNC } from "./unsubscribe.server";
export type { UnsubscribeOutcome, UnsubscribePage } from "./unsubscribe.server";
export { syncUnsubscribesToShopify } from "./sync-unsubscribes.server";
