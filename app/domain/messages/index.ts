// The message contract: what the engine hands a channel, in which language, with which links.
export type {
  MessageChannel,
  MessageChannelName,
  RecoveryLine,
  RecoveryLinks,
  RecoveryMessage,
  RecoveryOffer,
  SendResult,
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
