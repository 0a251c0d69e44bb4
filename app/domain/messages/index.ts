// The message contract: what the engine hands a channel, in which language, with which links.
export {
  EMAIL_TEMPLATES,
  DEFAULT_EMAIL_TEMPLATE,
  EMAIL_TEMPLATE_LABELS,
  COPY_TONE_LABELS,
  COPY_TONES,
  DEFAULT_COPY_TONE,
  CONTENT_VARIANTS,
} from "./recovery-message";
export type {
  ContentVariant,
  CopyTone,
  EmailTemplate,
  MessageChannel,
  MessageChannelName,
  RecoveryLine,
  RecoveryLinks,
  RecoveryMessage,
  RecoveryOffer,
  SendResult,
  DeliveryOptions,
} from "./recovery-message";
export {
  SHOPPER_LANGUAGES,
  LANGUAGE_NAMES,
  resolveShopperLocale,
  safeTimeZone,
  formatExpiry,
  formatPercent,
  formatAmount,
} from "./shopper-locale";
export type { ShopperLanguage, ShopperLocale } from "./shopper-locale";
export { unsubscribeToken, readUnsubscribeToken, unsubscribeLink } from "./message-links.server";
export { withUtm } from "./campaign-tags";
