export { writeRecoveryCopy } from "./write-recovery-copy.server";
export type {
  CopyFallbackCode,
  WriteRecoveryCopyOptions,
  WriteRecoveryCopyResult,
} from "./write-recovery-copy.server";
export { chooseShopperSubject } from "./choose-shopper-subject";
export { templateCopy } from "./template-copy";
export type { TemplateCopyInput } from "./template-copy";
export { copyInputFromMessage, stepPositionOf } from "./recovery-copy";
export type { CopyLine, CopyOffer, RecoveryCopy, RecoveryCopyInput, StepPosition } from "./recovery-copy";
export { createGeminiClient, getDefaultGeminiClient } from "./gemini-client.server";
export type { GeminiClientLike } from "./gemini-client.server";
export { COPY_LANGUAGES, resolveCopyLocale } from "./copy-locale";
export type { CopyLanguage } from "./copy-locale";
export { COPY_LIMITS } from "./copy-schema";
