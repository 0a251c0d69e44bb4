import type { JSX } from "react";
import type { EmailTemplate } from "~/domain/messages";
import type { RecoveryEmailModel } from "./recovery-email-model";
import { ImageEmail } from "./templates/image";
import { NoteEmail } from "./templates/note";
import { OfferEmail } from "./templates/offer";
import { ProductEmail } from "./templates/product";
import { TEXT_PARTS } from "./templates/text";

/**
 * The recovery email in the design the merchant picked for the step (model.template): product-led, image-led,
 * offer-led or a plain note. Each is one component of templates/, built from the same parts (templates/parts.tsx).
 */

const DESIGNS: Record<EmailTemplate, (props: { model: RecoveryEmailModel }) => JSX.Element> = {
  PRODUCT: ProductEmail,
  IMAGE: ImageEmail,
  OFFER: OfferEmail,
  NOTE: NoteEmail,
};

export function RecoveryEmail({ model }: { model: RecoveryEmailModel }) {
  const Design = DESIGNS[model.template];
  return <Design model={model} />;
}

/** The same content as plain text, for the text/plain part (no markup, so nothing to escape). */
export function recoveryEmailText(model: RecoveryEmailModel): string {
  return TEXT_PARTS[model.template](model);
}

/** The note is a letter from the shop: it lists no recommendations, so none are looked up for it. */
export function showsRecommendations(template: EmailTemplate): boolean {
  return template !== "NOTE";
}
