export type {
  CopyFallbackCode,
  WriteRecoveryCopyOptions,
  WriteRecoveryCopyResult,
} from "./write-recovery-copy.server";
export { copyInputFromMessage, stepPositionOf } from "./recovery-copy";
export type { CopyLine, CopyOffer, RecoveryCopy, RecoveryCopyInput, StepPosition } from "./recovery-copy";
export { createGeminiClient, getDefaultGeminiClient } from "./gemini-client.server";
export { writeRecoveryCopy } from "./write-recovery-copy.server";
export { chooseShopperSubject } from "./choose-shopper-subject";
export { templateCopy } from "./template-copy";
export type { TemplateCopyInput } from "./template-copy";
export type { GeminiClientLike } from "./gemini-client.server";
export { COPY_LIMITS } from "./copy-schema";
