import type { EmailTemplate } from "~/domain/messages";
import type { RecoveryEmailLine, RecoveryEmailModel, RecoveryEmailOffer } from "../recovery-email-model";

/**
 * The text/plain part of each design: the same facts as its HTML (items, offer with codes and expiry, the
 * link back, the unsubscribe link and why the shopper gets the email), in the design's order. Plain text has
 * no markup, so nothing in it is escaped: a title reads exactly as the shopper's cart had it.
 */

/** One cart line as a line of text ("Linen shirt (Blue / M), Qty 2: $80.00"); the note shows the same. */
export function lineText(line: RecoveryEmailLine): string {
  return `${line.title}${line.variant ? ` (${line.variant})` : ""}, ${line.quantity}: ${line.price}`;
}

/** "Your codes: CB-1 (10% off your order), CB-1-SHIP (Free shipping on your order)". */
function codesText(offer: RecoveryEmailOffer): string {
  const codes = offer.codes.map(({ code, gives }) => (gives ? `${code} (${gives})` : code));
  return `${offer.codeLabel}: ${codes.join(", ")}`;
}

/** The offer as lines: headline, codes, expiry and the minimum order when there is one. */
export function offerText(offer: RecoveryEmailOffer): string[] {
  return [offer.headline, codesText(offer), offer.expiry, ...(offer.minimum ? [offer.minimum] : [])];
}

export const subtotalText = (model: RecoveryEmailModel) => `${model.subtotalLabel}: ${model.subtotal}`;
const ctaText = (model: RecoveryEmailModel) => `${model.ctaLabel}: ${model.ctaUrl}`;

/** Blocks of lines; an empty line separates them. */
type Block = string[];

const offerBlock = (model: RecoveryEmailModel): Block[] => (model.offer ? [offerText(model.offer)] : []);

const cartBlock = (model: RecoveryEmailModel): Block => [
  `${model.cartHeading}:`,
  ...model.lines.map((line) => `- ${lineText(line)}`),
  subtotalText(model),
];

const recommendationsBlock = (model: RecoveryEmailModel): Block[] =>
  model.recommendations
    ? [
        [
          `${model.recommendations.heading}:`,
          ...model.recommendations.items.map((item) => `- ${item.title} (${item.price}): ${item.url}`),
        ],
      ]
    : [];

function footerText(model: RecoveryEmailModel): string[] {
  const { footer } = model;
  return [
    "--",
    footer.reason,
    ...(footer.address ? [footer.address] : []),
    `${footer.unsubscribeLabel}: ${footer.unsubscribeUrl}`,
  ];
}

const join = (blocks: Block[], model: RecoveryEmailModel) =>
  `${[...blocks.map((block) => block.join("\n")), footerText(model).join("\n")].join("\n\n")}\n`;

/** Product-led (and image-led, whose pictures plain text cannot show): opening, offer, cart, link, picks. */
function productEmailText(model: RecoveryEmailModel): string {
  return join(
    [
      [model.shopName],
      [model.opening],
      ...offerBlock(model),
      [...cartBlock(model), "", ctaText(model)],
      ...recommendationsBlock(model),
    ],
    model,
  );
}

/** Offer-led: the offer and the link first, then the opening and the cart; without an offer, product-led. */
function offerEmailText(model: RecoveryEmailModel): string {
  if (!model.offer) return productEmailText(model);
  return join(
    [
      [model.shopName],
      [...offerText(model.offer), "", ctaText(model)],
      [model.opening],
      cartBlock(model),
      ...recommendationsBlock(model),
    ],
    model,
  );
}

/** The personal note: the opening, the cart, the offer, the link and the shop's sign-off; no picks. */
function noteEmailText(model: RecoveryEmailModel): string {
  return join(
    [[model.opening], cartBlock(model), ...offerBlock(model), [ctaText(model)], [model.signOff]],
    model,
  );
}

export const TEXT_PARTS: Record<EmailTemplate, (model: RecoveryEmailModel) => string> = {
  PRODUCT: productEmailText,
  IMAGE: productEmailText,
  OFFER: offerEmailText,
  NOTE: noteEmailText,
};
