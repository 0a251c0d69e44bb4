// Email, the first channel: a message composed into an email (copy, recommendations, template) and rendered.
export { composeRecoveryEmail, senderAddress } from "./compose-recovery-email.server";
export type { ComposeDependencies, RecommendedProduct } from "./compose-recovery-email.server";
export { RecoveryEmail, recoveryEmailText } from "./recovery-email";
export type { RecoveryEmailLine, RecoveryEmailModel } from "./recovery-email-model";
export type { ComposedEmail } from "./composed-email";
export { emailStringsFor } from "./email-strings";
export type { EmailStrings } from "./email-strings";
export { renderRecoveryEmail } from "./render-recovery-email.server";
