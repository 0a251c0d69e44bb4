import { Column, Img, Link, Row, Section } from "@react-email/components";
import type { RecoveryEmailLine, RecoveryEmailModel } from "../recovery-email-model";
import { CartLedEmail, LineDetails, ToneText } from "./parts";
import { CLASS, LIGHT } from "./theme";

// The container's width less its padding: the pictures' width in mail apps that ignore `width: 100%`.
const PICTURE_WIDTH = 544;

/** One cart line as a large picture across the container (linked back to the cart), its title and price under it. */
function PictureLine({ line, ctaUrl }: { line: RecoveryEmailLine; ctaUrl: string }) {
  return (
    <Section
      className={CLASS.rule}
      style={{ borderBottom: `1px solid ${LIGHT.rule}`, padding: "0 0 16px", margin: "0 0 16px" }}
    >
      {line.imageUrl ? (
        <Link href={ctaUrl}>
          <Img
            src={line.imageUrl}
            alt={line.title}
            width={PICTURE_WIDTH}
            style={{
              width: "100%",
              maxWidth: PICTURE_WIDTH,
              height: "auto",
              borderRadius: 8,
              margin: "0 0 12px",
            }}
          />
        </Link>
      ) : null}
      <Row>
        <Column style={{ verticalAlign: "top" }}>
          <ToneText style={{ fontSize: 17, fontWeight: 600, margin: 0 }}>{line.title}</ToneText>
          <LineDetails line={line} />
        </Column>
        <Column style={{ width: 110, textAlign: "right", verticalAlign: "top" }}>
          <ToneText style={{ fontSize: 17, fontWeight: 600, margin: 0 }}>{line.price}</ToneText>
        </Column>
      </Row>
    </Section>
  );
}

/** Image-led: each item's picture as wide as the email, one per row, with its title and price under it. */
export function ImageEmail({ model }: { model: RecoveryEmailModel }) {
  return (
    <CartLedEmail model={model}>
      {model.lines.map((line, index) => (
        <PictureLine key={index} line={line} ctaUrl={model.ctaUrl} />
      ))}
    </CartLedEmail>
  );
}
