import type { ShopperLanguage } from "~/domain/messages";

/**
 * The fixed words of a recovery email (labels, buttons, footer) in the languages the copy also covers. The
 * prose (the opening, which greets the shopper, and the recommendation intro) comes from app/domain/copy.
 */

export interface EmailStrings {
  cartHeading: string;
  quantity(count: number): string;
  subtotal: string;
  cta: string;
  offerHeadline(percentOff: number, freeShipping: boolean): string;
  codeLabel(count: number): string;
  expires(date: string): string;
  minimum(amount: string): string;
  recommendationsHeading: string;
  footerReason(shopName: string): string;
  unsubscribe: string;
  /** The personal note's closing line, signed by the shop. */
  signOff(shopName: string): string;
}

const en: EmailStrings = {
  cartHeading: "Your cart",
  quantity: (count) => `Qty ${count}`,
  subtotal: "Subtotal",
  cta: "Return to your cart",
  offerHeadline: (percent, shipping) =>
    percent > 0
      ? `${percent}% off your order${shipping ? " + free shipping" : ""}`
      : "Free shipping on your order",
  codeLabel: (count) => (count > 1 ? "Your codes" : "Your code"),
  expires: (date) => `Valid until ${date}`,
  minimum: (amount) => `On orders of ${amount} or more`,
  recommendationsHeading: "You might also like",
  footerReason: (shop) => `You are receiving this email because you started a checkout at ${shop}.`,
  unsubscribe: "Unsubscribe from cart reminders",
  signOff: (shop) => `— The team at ${shop}`,
};

const fr: EmailStrings = {
  cartHeading: "Votre panier",
  quantity: (count) => `Qté ${count}`,
  subtotal: "Sous-total",
  cta: "Retourner à votre panier",
  offerHeadline: (percent, shipping) =>
    percent > 0
      ? `${percent} % de réduction${shipping ? " + livraison offerte" : ""}`
      : "Livraison offerte sur votre commande",
  codeLabel: (count) => (count > 1 ? "Vos codes" : "Votre code"),
  expires: (date) => `Valable jusqu'au ${date}`,
  minimum: (amount) => `Pour une commande d'au moins ${amount}`,
  recommendationsHeading: "Vous aimerez peut-être aussi",
  footerReason: (shop) => `Vous recevez cet e-mail parce que vous avez commencé une commande chez ${shop}.`,
  unsubscribe: "Ne plus recevoir de rappels de panier",
  signOff: (shop) => `— L'équipe de ${shop}`,
};

// "Sie", as the German templates and AI copy address the shopper (one email, one form of address).
const de: EmailStrings = {
  cartHeading: "Ihr Warenkorb",
  quantity: (count) => `Menge ${count}`,
  subtotal: "Zwischensumme",
  cta: "Zurück zum Warenkorb",
  offerHeadline: (percent, shipping) =>
    percent > 0
      ? `${percent} % Rabatt${shipping ? " + kostenloser Versand" : ""}`
      : "Kostenloser Versand für Ihre Bestellung",
  codeLabel: (count) => (count > 1 ? "Ihre Codes" : "Ihr Code"),
  expires: (date) => `Gültig bis ${date}`,
  minimum: (amount) => `Ab einem Bestellwert von ${amount}`,
  recommendationsHeading: "Das könnte Ihnen auch gefallen",
  footerReason: (shop) => `Sie erhalten diese E-Mail, weil Sie bei ${shop} einen Checkout begonnen haben.`,
  unsubscribe: "Keine Warenkorb-Erinnerungen mehr erhalten",
  signOff: (shop) => `— Ihr Team von ${shop}`,
};

const es: EmailStrings = {
  cartHeading: "Tu carrito",
  quantity: (count) => `Cant. ${count}`,
  subtotal: "Subtotal",
  cta: "Volver a tu carrito",
  offerHeadline: (percent, shipping) =>
    percent > 0
      ? `${percent} % de descuento${shipping ? " + envío gratis" : ""}`
      : "Envío gratis en tu pedido",
  codeLabel: (count) => (count > 1 ? "Tus códigos" : "Tu código"),
  expires: (date) => `Válido hasta el ${date}`,
  minimum: (amount) => `En pedidos desde ${amount}`,
  recommendationsHeading: "También te puede gustar",
  footerReason: (shop) => `Recibes este correo porque iniciaste una compra en ${shop}.`,
  unsubscribe: "Dejar de recibir recordatorios del carrito",
  signOff: (shop) => `— El equipo de ${shop}`,
};

const it: EmailStrings = {
  cartHeading: "Il tuo carrello",
  quantity: (count) => `Qtà ${count}`,
  subtotal: "Subtotale",
  cta: "Torna al tuo carrello",
  offerHeadline: (percent, shipping) =>
    percent > 0
      ? `${percent}% di sconto${shipping ? " + spedizione gratuita" : ""}`
      : "Spedizione gratuita sul tuo ordine",
  codeLabel: (count) => (count > 1 ? "I tuoi codici" : "Il tuo codice"),
  expires: (date) => `Valido fino al ${date}`,
  minimum: (amount) => `Per ordini da ${amount}`,
  recommendationsHeading: "Potrebbe piacerti anche",
  footerReason: (shop) => `Ricevi questa email perché hai iniziato un acquisto su ${shop}.`,
  unsubscribe: "Non ricevere più promemoria del carrello",
  signOff: (shop) => `— Il team di ${shop}`,
};

const nl: EmailStrings = {
  cartHeading: "Je winkelwagen",
  quantity: (count) => `Aantal ${count}`,
  subtotal: "Subtotaal",
  cta: "Terug naar je winkelwagen",
  offerHeadline: (percent, shipping) =>
    percent > 0
      ? `${percent}% korting${shipping ? " + gratis verzending" : ""}`
      : "Gratis verzending op je bestelling",
  codeLabel: (count) => (count > 1 ? "Je codes" : "Je code"),
  expires: (date) => `Geldig tot ${date}`,
  minimum: (amount) => `Bij bestellingen vanaf ${amount}`,
  recommendationsHeading: "Misschien vind je dit ook leuk",
  footerReason: (shop) => `Je ontvangt deze e-mail omdat je bij ${shop} een bestelling bent begonnen.`,
  unsubscribe: "Geen winkelwagenherinneringen meer ontvangen",
  signOff: (shop) => `— Het team van ${shop}`,
};

const pt: EmailStrings = {
  cartHeading: "O seu carrinho",
  quantity: (count) => `Qtd. ${count}`,
  subtotal: "Subtotal",
  cta: "Voltar ao carrinho",
  offerHeadline: (percent, shipping) =>
    percent > 0
      ? `${percent}% de desconto${shipping ? " + portes grátis" : ""}`
      : "Portes grátis na sua encomenda",
  codeLabel: (count) => (count > 1 ? "Os seus códigos" : "O seu código"),
  expires: (date) => `Válido até ${date}`,
  minimum: (amount) => `Em encomendas a partir de ${amount}`,
  recommendationsHeading: "Também pode gostar de",
  footerReason: (shop) => `Recebe este email porque iniciou uma compra em ${shop}.`,
  unsubscribe: "Deixar de receber lembretes do carrinho",
  signOff: (shop) => `— A equipa de ${shop}`,
};

const ja: EmailStrings = {
  cartHeading: "カートの中身",
  quantity: (count) => `数量 ${count}`,
  subtotal: "小計",
  cta: "カートに戻る",
  offerHeadline: (percent, shipping) =>
    percent > 0 ? `${percent}%オフ${shipping ? "＋送料無料" : ""}` : "ご注文の送料が無料",
  codeLabel: () => "クーポンコード",
  expires: (date) => `有効期限：${date}`,
  minimum: (amount) => `${amount}以上のご注文が対象`,
  recommendationsHeading: "こちらもおすすめ",
  footerReason: (shop) => `${shop}でご購入手続きを開始されたため、このメールをお送りしています。`,
  unsubscribe: "カートのリマインダーを停止する",
  signOff: (shop) => `${shop} スタッフ一同`,
};

const STRINGS: Record<ShopperLanguage, EmailStrings> = { en, fr, de, es, it, nl, pt, ja };

/** The email's fixed words in the shopper's language (messages/shopper-locale.ts decides which). */
export function emailStringsFor(language: ShopperLanguage): EmailStrings {
  return STRINGS[language];
}
