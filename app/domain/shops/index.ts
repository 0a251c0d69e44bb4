export { defaultShopSettings, ShopSettingsSchema, MAX_STEPS } from "./settings";
export type { ShopSettings, SequenceStep } from "./settings";
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
export { listSetupSteps } from "./setup-steps";
export type { SetupStep, SetupStepId, SetupFacts } from "./setup-steps";
export { describeSendingStatus } from "./sending-status";
export type { SendingStatusView } from "./sending-status";
export { getSettingsPage } from "./get-settings-page.server";
export { saveSettingsSection } from "./save-settings-section.server";
