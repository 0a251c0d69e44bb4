import { Link } from "@react-email/components";
import type { RecoveryEmailModel } from "../recovery-email-model";
import { EmailDocument, Footer, ToneText } from "./parts";
import { lineText, offerText, subtotalText } from "./text";
import { accentText, CLASS, LIGHT } from "./theme";

const PARAGRAPH = { fontSize: 15, lineHeight: "23px", margin: "0 0 16px" } as const;
const LIST_LINE = { ...PARAGRAPH, margin: 0 } as const;

/**
 * A personal note from the shop: what a shop owner would type in their mail app. No logo, no pictures, no
 * button: the opening, the cart as lines of text, the offer in words, a plain link back to the cart, and the
 * shop's sign-off. The lines read as the text part does (the same functions write both).
 */
export function NoteEmail({ model }: { model: RecoveryEmailModel }) {
  const { offer } = model;
  return (
    <EmailDocument model={model} plain>
      <ToneText style={PARAGRAPH}>{model.opening}</ToneText>
      <ToneText style={LIST_LINE}>{`${model.cartHeading}:`}</ToneText>
      <ul
        className={CLASS.text}
        style={{ ...PARAGRAPH, color: LIGHT.text, padding: "0 0 0 22px", margin: "4px 0 4px" }}
      >
        {model.lines.map((line, index) => (
          <li key={index}>{lineText(line)}</li>
        ))}
      </ul>
      <ToneText style={PARAGRAPH}>{subtotalText(model)}</ToneText>
      {offer ? (
        <ToneText style={PARAGRAPH}>
          {offerText(offer).flatMap((line, index) => (index === 0 ? [line] : [<br key={index} />, line]))}
        </ToneText>
      ) : null}
      <ToneText style={PARAGRAPH}>
        <Link
          href={model.ctaUrl}
          className={CLASS.accent}
          style={{ color: accentText(model.accentColor), textDecoration: "underline" }}
        >
          {model.ctaLabel}
        </Link>
      </ToneText>
      <ToneText style={PARAGRAPH}>{model.signOff}</ToneText>
      <Footer model={model} align="left" />
    </EmailDocument>
  );
}
