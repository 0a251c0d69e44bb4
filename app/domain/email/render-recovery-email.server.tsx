import { render } from "@react-email/render";
import { RecoveryEmail, recoveryEmailText } from "./recovery-email";
import type { RecoveryEmailModel } from "./recovery-email-model";

/**
 * The HTML and plain-text parts of a recovery email in the model's design, from one model so they always say
 * the same thing.
 */
export async function renderRecoveryEmail(
  model: RecoveryEmailModel,
): Promise<{ html: string; text: string }> {
  const html = await render(<RecoveryEmail model={model} />);
  return { html, text: recoveryEmailText(model) };
}
