export {
  defaultShopSettings,
  ShopSettingsSchema,
  SequenceStepSchema,
  MAX_STEPS,
  MAX_STEP_VARIANTS,
  MAX_SEND_WINDOW_HOURS,
  variantOfStep,
  ExperimentRuleSchema,
  EXPERIMENT_RULES,
  EXPERIMENT_LEVELS,
} from "./settings";
export type { ShopSettings, SequenceStep, StepVariant, ExperimentRule } from "./settings";
export { getShopSettings, saveShopSettings, updateShopSettings } from "./shop-settings.server";
export {
  recordShopInstall,
  markShopUninstalled,
  updateShopScopes,
  isShopInstalled,
  findActiveShop,
  forgetShop,
  INSTALL_STATE,
} from "./shop-lifecycle.server";
export type { UninstallOutcome } from "./shop-lifecycle.server";
export { getShopOverview } from "./get-shop-overview.server";
export type { ShopOverview } from "./get-shop-overview.server";
export { listSetupSteps, MERCHANT_CONFIRMED_STEPS, confirmStepUrl } from "./setup-steps";
export type {
  SetupStep,
  SetupStepId,
  SetupFacts,
  MarketingEventsAccess,
  MerchantConfirmedStepId,
} from "./setup-steps";
export { confirmSetupStep } from "./confirm-setup-step.server";
export type { ConfirmSetupStepOutcome } from "./confirm-setup-step.server";
export { findGrantedScopes } from "./granted-scopes.server";
export { describeSendingStatus } from "./sending-status";
export type { SendingStatusView } from "./sending-status";
export { getSettingsPage } from "./get-settings-page.server";
export { saveSettingsSection } from "./save-settings-section.server";
export { markShopNeedsReauth, clearShopReauth, findReauthNeed } from "./shop-reauth.server";
export type { ReauthNeed } from "./shop-reauth.server";
