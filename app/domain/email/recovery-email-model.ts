import type { EmailTemplate } from "~/domain/messages";

/**
 * What a recovery email shows, in any of its designs (templates/): only strings the composer prepared (money
 * and dates already formatted for the shopper's locale). Every one is rendered as a React text node or an
 * attribute, which React escapes: a product titled `<script>alert(1)</script>` or a name with HTML in it is
 * shown, never interpreted. No template uses dangerouslySetInnerHTML for them.
 */

export interface RecoveryEmailLine {
  title: string;
  variant: string | null;
  quantity: string;
  price: string;
  imageUrl: string | null;
}

export interface RecoveryEmailOffer {
  headline: string;
  codeLabel: string;
  /** Each code, and what it gives when there are several (the headline says it for one). */
  codes: Array<{ code: string; gives: string | null }>;
  expiry: string;
  minimum: string | null;
}

export interface RecoveryEmailModel {
  /** The design: product-led, image-led, offer-led or a plain note (message.template). */
  template: EmailTemplate;
  lang: string;
  /** The document's title (the subject line): mail apps and screen readers name the message by it. */
  title: string;
  preheader: string;
  shopName: string;
  logoUrl: string | null;
  accentColor: string;
  opening: string;
  cartHeading: string;
  lines: RecoveryEmailLine[];
  subtotalLabel: string;
  subtotal: string;
  offer: RecoveryEmailOffer | null;
  ctaLabel: string;
  ctaUrl: string;
  recommendations: {
    /** The copy's line introducing the products, or the fixed label: said once. */
    heading: string;
    items: Array<{ title: string; price: string; imageUrl: string | null; url: string }>;
  } | null;
  /** The note's closing line, from the shop ("— The team at Maple & Pine"). */
  signOff: string;
  footer: { reason: string; address: string | null; unsubscribeLabel: string; unsubscribeUrl: string };
}
