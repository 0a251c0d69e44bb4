import {
  Button,
  Column,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Img,
  Link,
  Preview,
  Row,
  Section,
  Text,
} from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import type { RecoveryEmailLine, RecoveryEmailModel, RecoveryEmailOffer } from "../recovery-email-model";
import { accentText, CLASS, DARK_MODE_CSS, FONT, LIGHT, MONOSPACE, onAccent } from "./theme";

/**
 * The parts the designs share: the document (language, title, colour schemes, the 600px container), the
 * shop's header, the offer's codes, the cart's rows, the button, the recommendations and the footer. Every
 * model string goes in as a text node or an attribute.
 */

type Tone = "text" | "muted";

/** A paragraph in the body text colour or the muted one, each with its dark-mode class. */
export function ToneText({
  tone = "text",
  style,
  children,
}: {
  tone?: Tone;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <Text className={CLASS[tone]} style={{ color: LIGHT[tone], ...style }}>
      {children}
    </Text>
  );
}

/**
 * The whole email: `lang`, the subject as its title, both colour schemes declared, the preheader, and one
 * container at most 600px wide that narrows with the screen. A plain document (the note) has no grey page
 * and no card around the text.
 */
export function EmailDocument({
  model,
  plain = false,
  children,
}: {
  model: RecoveryEmailModel;
  plain?: boolean;
  children: ReactNode;
}) {
  const surface = plain ? CLASS.card : CLASS.page;
  const background = plain ? LIGHT.card : LIGHT.page;
  return (
    <Html lang={model.lang}>
      <Head>
        <title>{model.title}</title>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style>{DARK_MODE_CSS}</style>
      </Head>
      <Preview>{model.preheader}</Preview>
      <body className={surface} style={{ backgroundColor: background, margin: 0, padding: 0 }}>
        <Section
          className={surface}
          style={{ backgroundColor: background, fontFamily: FONT, padding: plain ? "8px 0" : "24px 0" }}
        >
          <Container
            className={`${CLASS.card} ${CLASS.column}`}
            style={{
              backgroundColor: LIGHT.card,
              borderRadius: plain ? 0 : 8,
              maxWidth: 600,
              padding: plain ? "24px 20px" : "32px 28px",
              fontFamily: FONT,
            }}
          >
            {children}
          </Container>
        </Section>
      </body>
    </Html>
  );
}

/** The shop's logo, or its name when it has none. */
export function ShopHeader({ model }: { model: RecoveryEmailModel }) {
  return (
    <Section style={{ textAlign: "center", marginBottom: 16 }}>
      {model.logoUrl ? (
        <Img
          src={model.logoUrl}
          alt={model.shopName}
          height={48}
          style={{ margin: "0 auto", maxWidth: 200, objectFit: "contain" }}
        />
      ) : (
        <ToneText style={{ fontSize: 20, fontWeight: 700, margin: 0 }}>{model.shopName}</ToneText>
      )}
    </Section>
  );
}

export function Opening({ model }: { model: RecoveryEmailModel }) {
  return (
    <ToneText style={{ fontSize: 16, lineHeight: "24px", margin: "16px 0 20px" }}>{model.opening}</ToneText>
  );
}

/** Each code in large monospace, with what it gives when there are several. */
export function OfferCodes({
  offer,
  fontSize = 20,
  detailTone = "muted",
}: {
  offer: RecoveryEmailOffer;
  fontSize?: number;
  /** What each code gives: muted on white; in the text colour on a tinted panel, where grey would not read. */
  detailTone?: Tone;
}) {
  return offer.codes.map(({ code, gives }) => (
    <Section key={code} style={{ margin: "0 0 4px" }}>
      <ToneText
        style={{
          fontSize,
          lineHeight: `${Math.round(fontSize * 1.3)}px`,
          fontFamily: MONOSPACE,
          fontWeight: 700,
          letterSpacing: 2,
          margin: 0,
          overflowWrap: "anywhere",
        }}
      >
        {code}
      </ToneText>
      {gives ? (
        <ToneText tone={detailTone} style={{ fontSize: 13, margin: 0, lineHeight: "20px" }}>
          {gives}
        </ToneText>
      ) : null}
    </Section>
  ));
}

/** The offer in a dashed box of the accent colour, under the opening (product- and image-led). */
export function OfferBox({ offer, accent }: { offer: RecoveryEmailOffer; accent: string }) {
  return (
    <Section
      style={{
        border: `2px dashed ${accent}`,
        borderRadius: 8,
        padding: "16px",
        textAlign: "center",
        margin: "0 0 24px",
      }}
    >
      <Text
        className={CLASS.accent}
        style={{ fontSize: 18, fontWeight: 700, color: accentText(accent), margin: "0 0 8px" }}
      >
        {offer.headline}
      </Text>
      <ToneText tone="muted" style={{ fontSize: 13, margin: "0 0 4px" }}>
        {offer.codeLabel}
      </ToneText>
      <OfferCodes offer={offer} />
      <ToneText tone="muted" style={{ fontSize: 13, margin: "8px 0 0" }}>
        {offer.expiry}
      </ToneText>
      {offer.minimum ? (
        <ToneText tone="muted" style={{ fontSize: 13, margin: "2px 0 0" }}>
          {offer.minimum}
        </ToneText>
      ) : null}
    </Section>
  );
}

/** A section's heading, as a real heading element (h1 for the email's first, h2 below it). */
export function SectionHeading({
  as,
  children,
  style,
}: {
  as: "h1" | "h2";
  children: ReactNode;
  style?: CSSProperties;
}) {
  return (
    <Heading
      as={as}
      className={CLASS.text}
      style={{
        fontSize: 16,
        fontWeight: 700,
        color: LIGHT.text,
        margin: "0 0 12px",
        lineHeight: "24px",
        ...style,
      }}
    >
      {children}
    </Heading>
  );
}

/** "YOUR CART": the small capitals heading over the cart's rows. */
export function CartHeading({ model, as }: { model: RecoveryEmailModel; as: "h1" | "h2" }) {
  return (
    <SectionHeading
      as={as}
      style={{ fontSize: 14, textTransform: "uppercase", letterSpacing: 1, margin: "0 0 8px" }}
    >
      {model.cartHeading}
    </SectionHeading>
  );
}

/** The cart's line details under its title: the variant and the quantity, muted. */
export function LineDetails({ line }: { line: RecoveryEmailLine }) {
  return (
    <>
      {line.variant ? (
        <ToneText tone="muted" style={{ fontSize: 13, margin: "2px 0 0" }}>
          {line.variant}
        </ToneText>
      ) : null}
      <ToneText tone="muted" style={{ fontSize: 13, margin: "2px 0 0" }}>
        {line.quantity}
      </ToneText>
    </>
  );
}

const ROW_RULE: CSSProperties = { borderBottom: `1px solid ${LIGHT.rule}`, padding: "10px 0" };

/** One row per cart line: a 64px picture, title, variant and quantity, and the line's price. */
export function CartRows({ lines }: { lines: RecoveryEmailLine[] }) {
  return lines.map((line, index) => (
    <Row key={index} className={CLASS.rule} style={ROW_RULE}>
      <Column style={{ width: 72, verticalAlign: "top" }}>
        {line.imageUrl ? (
          <Img
            src={line.imageUrl}
            alt={line.title}
            width={64}
            height={64}
            style={{ borderRadius: 6, objectFit: "cover" }}
          />
        ) : null}
      </Column>
      <Column style={{ verticalAlign: "top" }}>
        <ToneText style={{ fontSize: 15, margin: 0, fontWeight: 600 }}>{line.title}</ToneText>
        <LineDetails line={line} />
      </Column>
      <Column style={{ width: 110, textAlign: "right", verticalAlign: "top" }}>
        <ToneText style={{ fontSize: 15, margin: 0 }}>{line.price}</ToneText>
      </Column>
    </Row>
  ));
}

export function SubtotalRow({ model }: { model: RecoveryEmailModel }) {
  const style = { fontSize: 15, margin: 0, fontWeight: 600 };
  return (
    <Row style={{ padding: "10px 0 0" }}>
      <Column>
        <ToneText style={style}>{model.subtotalLabel}</ToneText>
      </Column>
      <Column style={{ textAlign: "right" }}>
        <ToneText style={style}>{model.subtotal}</ToneText>
      </Column>
    </Row>
  );
}

/** The accent-coloured button back to the cart, with a label colour that reads on the accent. */
export function CartButton({ model, margin = "28px 0" }: { model: RecoveryEmailModel; margin?: string }) {
  return (
    <Section style={{ textAlign: "center", margin }}>
      <Button
        href={model.ctaUrl}
        style={{
          backgroundColor: model.accentColor,
          color: onAccent(model.accentColor),
          borderRadius: 6,
          fontSize: 16,
          fontWeight: 700,
          padding: "14px 28px",
          textDecoration: "none",
        }}
      >
        {model.ctaLabel}
      </Button>
    </Section>
  );
}

/** Up to three products side by side, each linked to its page on the storefront. */
export function Recommendations({ model }: { model: RecoveryEmailModel }) {
  if (!model.recommendations) return null;
  return (
    <Section style={{ margin: "8px 0 0" }}>
      <SectionHeading as="h2">{model.recommendations.heading}</SectionHeading>
      <Row>
        {model.recommendations.items.map((item) => (
          <Column
            key={item.url}
            style={{ width: "33%", padding: "0 6px", verticalAlign: "top", textAlign: "center" }}
          >
            <Link
              href={item.url}
              className={CLASS.text}
              style={{ color: LIGHT.text, textDecoration: "none" }}
            >
              {item.imageUrl ? (
                <Img
                  src={item.imageUrl}
                  alt={item.title}
                  width={150}
                  style={{ borderRadius: 6, maxWidth: "100%", height: "auto", margin: "0 auto" }}
                />
              ) : null}
              <Text style={{ fontSize: 13, margin: "6px 0 0", fontWeight: 600 }}>{item.title}</Text>
              <ToneText tone="muted" style={{ fontSize: 13, margin: "2px 0 0" }}>
                {item.price}
              </ToneText>
            </Link>
          </Column>
        ))}
      </Row>
    </Section>
  );
}

/** Why the shopper gets this email, the shop's address, and the unsubscribe link. */
export function Footer({
  model,
  align = "center",
}: {
  model: RecoveryEmailModel;
  align?: "center" | "left";
}) {
  const { footer } = model;
  const style = { fontSize: 12, margin: "0 0 6px", textAlign: align, lineHeight: "18px" } as const;
  return (
    <>
      <Hr className={CLASS.rule} style={{ borderTop: `1px solid ${LIGHT.rule}`, margin: "28px 0 16px" }} />
      <ToneText tone="muted" style={style}>
        {footer.reason}
      </ToneText>
      {footer.address ? (
        <ToneText tone="muted" style={style}>
          {footer.address}
        </ToneText>
      ) : null}
      <Text style={{ ...style, margin: 0 }}>
        <Link
          href={footer.unsubscribeUrl}
          className={CLASS.muted}
          style={{ color: LIGHT.muted, textDecoration: "underline" }}
        >
          {footer.unsubscribeLabel}
        </Link>
      </Text>
    </>
  );
}

/**
 * The cart-led designs' frame (product-led and image-led): the shop, the opening, the offer in its box, the
 * cart as the main heading with its lines (drawn by the design), the subtotal, the button, the picks, the
 * footer.
 */
export function CartLedEmail({ model, children }: { model: RecoveryEmailModel; children: ReactNode }) {
  return (
    <EmailDocument model={model}>
      <ShopHeader model={model} />
      <Opening model={model} />
      {model.offer ? <OfferBox offer={model.offer} accent={model.accentColor} /> : null}
      <CartHeading model={model} as="h1" />
      {children}
      <SubtotalRow model={model} />
      <CartButton model={model} />
      <Recommendations model={model} />
      <Footer model={model} />
    </EmailDocument>
  );
}
