import { Heading, Section } from "@react-email/components";
import type { RecoveryEmailModel, RecoveryEmailOffer } from "../recovery-email-model";
import {
  CartButton,
  CartHeading,
  CartRows,
  EmailDocument,
  Footer,
  OfferCodes,
  Opening,
  Recommendations,
  ShopHeader,
  SubtotalRow,
  ToneText,
} from "./parts";
import { ProductEmail } from "./product";
import { accentText, accentWash, CLASS, LARGE_TEXT_CONTRAST } from "./theme";

/**
 * The offer at the top, in a panel of its own: the headline as the email's main heading, the codes large, and
 * the expiry in bold, since when it ends is what the shopper must read. On the accent's tint, the small print
 * is in the text colour: the muted grey would not keep 4.5:1 there.
 */
function OfferPanel({ offer, accent }: { offer: RecoveryEmailOffer; accent: string }) {
  const wash = accentWash(accent);
  return (
    <Section
      className={CLASS.panel}
      style={{
        backgroundColor: wash,
        border: `2px solid ${accent}`,
        borderRadius: 12,
        padding: "24px 16px",
        textAlign: "center",
        margin: "8px 0 0",
      }}
    >
      <Heading
        as="h1"
        className={CLASS.accent}
        style={{
          fontSize: 26,
          lineHeight: "32px",
          fontWeight: 800,
          color: accentText(accent, { background: wash, minimum: LARGE_TEXT_CONTRAST }),
          margin: "0 0 16px",
        }}
      >
        {offer.headline}
      </Heading>
      <ToneText style={{ fontSize: 13, margin: "0 0 6px", textTransform: "uppercase", letterSpacing: 1 }}>
        {offer.codeLabel}
      </ToneText>
      <OfferCodes offer={offer} fontSize={26} detailTone="text" />
      <ToneText style={{ fontSize: 15, fontWeight: 700, margin: "14px 0 0" }}>{offer.expiry}</ToneText>
      {offer.minimum ? (
        <ToneText style={{ fontSize: 13, margin: "4px 0 0" }}>{offer.minimum}</ToneText>
      ) : null}
    </Section>
  );
}

/**
 * Offer-led: the code and its expiry lead, the button right under them, then the opening and the cart, and the
 * button again for the shopper who read down to it. An email without an offer (a step without one) leads
 * with the cart instead: the product-led design.
 */
export function OfferEmail({ model }: { model: RecoveryEmailModel }) {
  if (!model.offer) return <ProductEmail model={model} />;
  return (
    <EmailDocument model={model}>
      <ShopHeader model={model} />
      <OfferPanel offer={model.offer} accent={model.accentColor} />
      <CartButton model={model} margin="20px 0 8px" />
      <Opening model={model} />
      <CartHeading model={model} as="h2" />
      <CartRows lines={model.lines} />
      <SubtotalRow model={model} />
      <CartButton model={model} />
      <Recommendations model={model} />
      <Footer model={model} />
    </EmailDocument>
  );
}
