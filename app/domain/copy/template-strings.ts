import type { CopyTone, ShopperLanguage } from "~/domain/messages";
import type { StepPosition } from "./recovery-copy";

/**
 * The template copy, per language, tone and step position, with and without an offer. Every claim in it is a
 * fact the caller passed: the items, the shop, the offer's real terms and its real expiry. Sentences are
 * built so the pieces need no grammatical agreement (the offer follows a colon or sits in parentheses).
 * FRIENDLY is friendly and calm; DIRECT is short, names the cart and the offer first and skips the small
 * talk, with the same facts and no more pressure. "Last reminder" only says it is our last email, which is
 * true. The greeting, the items and the offer's wording are shared by both tones.
 */

export interface TemplateContext {
  /** "Hi Jane," / "Hi there," (already localized). */
  greeting: string;
  shop: string;
  /** The first item, and "and more" when there are several. */
  items: string;
  /** "10% off and free shipping"; empty without an offer. */
  offer: string;
  /** " on orders of $100.00 or more"; empty when there is no minimum. */
  minimum: string;
  /** "December 5, 2026 at 3:00 PM EST"; empty without an offer. */
  expiry: string;
}

export interface TemplateText {
  subject: string;
  preheader: string;
  opening: string;
}

type Write = (context: TemplateContext) => TemplateText;

export interface LanguageTemplates {
  greeting(name: string | null): string;
  items(firstTitle: string, hasMore: boolean): string;
  /** For a cart whose lines are unknown. */
  anyItems: string;
  offer(percent: string | null, freeShipping: boolean): string;
  minimum(amount: string): string;
  recommendationsIntro: string;
  steps: Record<CopyTone, Record<StepPosition, { plain: Write; withOffer: Write }>>;
}

const NBSP = "\u00a0";

/** Italian elides the article before a vowel sound: "fino all'8 dicembre", "fino al 5 dicembre". */
const italianUntil = (expiry: string) =>
  /^(8|11)\b/.test(expiry) ? `fino all'${expiry}` : `fino al ${expiry}`;

const join = (first: string | null, second: string | null, and: string) =>
  first && second ? `${first}${and}${second}` : (first ?? second ?? "");

export const TEMPLATES: Record<ShopperLanguage, LanguageTemplates> = {
  en: {
    greeting: (name) => (name ? `Hi ${name},` : "Hi there,"),
    items: (title, hasMore) => (hasMore ? `“${title}” and more` : `“${title}”`),
    anyItems: "your items",
    offer: (percent, freeShipping) =>
      join(percent && `${percent} off`, freeShipping ? "free shipping" : null, " and "),
    minimum: (amount) => ` on orders of ${amount} or more`,
    recommendationsIntro: "You might also like",
    steps: {
      FRIENDLY: {
        FIRST: {
          plain: (c) => ({
            subject: "You left something in your cart",
            preheader: `Your items at ${c.shop} are saved and ready when you are.`,
            opening: `${c.greeting} you left ${c.items} in your cart at ${c.shop}. We saved it for you, so you can pick up right where you left off.`,
          }),
          withOffer: (c) => ({
            subject: `Your cart is waiting: ${c.offer}`,
            preheader: `Your offer at ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} you left ${c.items} in your cart at ${c.shop}. We saved it for you, along with an offer: ${c.offer}${c.minimum}, valid until ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Still thinking it over?",
            preheader: `Your cart at ${c.shop} is still saved.`,
            opening: `${c.greeting} your cart at ${c.shop} is still here, with ${c.items}. It's ready whenever you want to complete your order.`,
          }),
          withOffer: (c) => ({
            subject: `A little something extra for your cart: ${c.offer}`,
            preheader: `Your offer at ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} your cart at ${c.shop} is still here, with ${c.items}. To help you decide, here is an offer: ${c.offer}${c.minimum}, valid until ${c.expiry}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Last reminder: your cart is still saved",
            preheader: `This is our last reminder about your cart at ${c.shop}.`,
            opening: `${c.greeting} this is our last reminder about ${c.items} in your cart at ${c.shop}. Your cart is just a click away.`,
          }),
          withOffer: (c) => ({
            subject: `Last reminder: ${c.offer} on your cart`,
            preheader: `Your offer at ${c.shop} is valid until ${c.expiry}.`,
            opening: `${c.greeting} this is our last reminder about ${c.items} in your cart at ${c.shop}. Your offer (${c.offer}${c.minimum}) is valid until ${c.expiry}.`,
          }),
        },
      },
      DIRECT: {
        FIRST: {
          plain: (c) => ({
            subject: "Your cart is saved",
            preheader: `Complete your order at ${c.shop} any time.`,
            opening: `${c.greeting} your cart at ${c.shop} is saved: ${c.items}. You can complete your order any time.`,
          }),
          withOffer: (c) => ({
            subject: `Your saved cart: ${c.offer}`,
            preheader: `Your cart at ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} your cart at ${c.shop} is saved: ${c.items}. Your offer: ${c.offer}${c.minimum}, valid until ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Your cart is still here",
            preheader: `Your cart at ${c.shop} is ready.`,
            opening: `${c.greeting} your cart at ${c.shop} still holds ${c.items}. It is ready for checkout.`,
          }),
          withOffer: (c) => ({
            subject: `For your cart: ${c.offer}`,
            preheader: `For your cart at ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} your offer at ${c.shop}: ${c.offer}${c.minimum}, valid until ${c.expiry}. Your cart still holds ${c.items}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Last reminder about your cart",
            preheader: `Our last email about your cart at ${c.shop}.`,
            opening: `${c.greeting} last reminder: your cart at ${c.shop} still holds ${c.items}.`,
          }),
          withOffer: (c) => ({
            subject: `Last reminder: your offer (${c.offer})`,
            preheader: `Last reminder: your offer is valid until ${c.expiry}.`,
            opening: `${c.greeting} last reminder: your cart at ${c.shop} holds ${c.items}, and your offer (${c.offer}${c.minimum}) is valid until ${c.expiry}.`,
          }),
        },
      },
    },
  },

  fr: {
    greeting: (name) => (name ? `Bonjour ${name},` : "Bonjour,"),
    items: (title, hasMore) =>
      hasMore ? `«${NBSP}${title}${NBSP}» et d'autres articles` : `«${NBSP}${title}${NBSP}»`,
    anyItems: "vos articles",
    offer: (percent, freeShipping) =>
      join(percent && `${percent} de réduction`, freeShipping ? "livraison gratuite" : null, " et "),
    minimum: (amount) => ` dès ${amount} d'achat`,
    recommendationsIntro: "Ces articles pourraient aussi vous plaire",
    steps: {
      FRIENDLY: {
        FIRST: {
          plain: (c) => ({
            subject: "Vous avez oublié quelque chose dans votre panier",
            preheader: `Vos articles chez ${c.shop} vous attendent.`,
            opening: `${c.greeting} vous avez laissé ${c.items} dans votre panier chez ${c.shop}. Nous l'avons gardé pour vous${NBSP}: vous pouvez finaliser votre commande quand vous le souhaitez.`,
          }),
          withOffer: (c) => ({
            subject: `Votre panier vous attend${NBSP}: ${c.offer}`,
            preheader: `Votre offre chez ${c.shop}${NBSP}: ${c.offer}.`,
            opening: `${c.greeting} vous avez laissé ${c.items} dans votre panier chez ${c.shop}. Nous l'avons gardé pour vous, avec une offre${NBSP}: ${c.offer}${c.minimum}, valable jusqu'au ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: `Vous hésitez encore${NBSP}?`,
            preheader: `Votre panier chez ${c.shop} est toujours là.`,
            opening: `${c.greeting} votre panier chez ${c.shop} est toujours là, avec ${c.items}. Il vous attend, prêt à être commandé quand vous le souhaitez.`,
          }),
          withOffer: (c) => ({
            subject: `Un petit plus pour votre panier${NBSP}: ${c.offer}`,
            preheader: `Votre offre chez ${c.shop}${NBSP}: ${c.offer}.`,
            opening: `${c.greeting} votre panier chez ${c.shop} est toujours là, avec ${c.items}. Pour vous aider à vous décider, voici une offre${NBSP}: ${c.offer}${c.minimum}, valable jusqu'au ${c.expiry}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: `Dernier rappel${NBSP}: votre panier est toujours là`,
            preheader: `C'est notre dernier rappel pour votre panier chez ${c.shop}.`,
            opening: `${c.greeting} c'est notre dernier rappel au sujet de ${c.items} dans votre panier chez ${c.shop}. Votre panier n'est qu'à un clic.`,
          }),
          withOffer: (c) => ({
            subject: `Dernier rappel${NBSP}: ${c.offer} sur votre panier`,
            preheader: `Votre offre chez ${c.shop} est valable jusqu'au ${c.expiry}.`,
            opening: `${c.greeting} c'est notre dernier rappel au sujet de ${c.items} dans votre panier chez ${c.shop}. Votre offre (${c.offer}${c.minimum}) est valable jusqu'au ${c.expiry}.`,
          }),
        },
      },
      DIRECT: {
        FIRST: {
          plain: (c) => ({
            subject: "Votre panier est sauvegardé",
            preheader: `Finalisez votre commande chez ${c.shop} quand vous voulez.`,
            opening: `${c.greeting} votre panier chez ${c.shop} est sauvegardé${NBSP}: ${c.items}. Vous pouvez finaliser votre commande à tout moment.`,
          }),
          withOffer: (c) => ({
            subject: `Votre panier sauvegardé${NBSP}: ${c.offer}`,
            preheader: `Votre panier chez ${c.shop}${NBSP}: ${c.offer}.`,
            opening: `${c.greeting} votre panier chez ${c.shop} est sauvegardé${NBSP}: ${c.items}. Votre offre${NBSP}: ${c.offer}${c.minimum}, valable jusqu'au ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Votre panier est toujours sauvegardé",
            preheader: `Votre panier chez ${c.shop} est prêt à être commandé.`,
            opening: `${c.greeting} votre panier chez ${c.shop} contient toujours ${c.items}. Il est prêt à être commandé.`,
          }),
          withOffer: (c) => ({
            subject: `Pour votre panier${NBSP}: ${c.offer}`,
            preheader: `Pour votre panier chez ${c.shop}${NBSP}: ${c.offer}.`,
            opening: `${c.greeting} votre offre chez ${c.shop}${NBSP}: ${c.offer}${c.minimum}, valable jusqu'au ${c.expiry}. Votre panier contient toujours ${c.items}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Dernier rappel pour votre panier",
            preheader: `Notre dernier e-mail au sujet de votre panier chez ${c.shop}.`,
            opening: `${c.greeting} dernier rappel${NBSP}: votre panier chez ${c.shop} contient toujours ${c.items}.`,
          }),
          withOffer: (c) => ({
            subject: `Dernier rappel${NBSP}: votre offre (${c.offer})`,
            preheader: `Dernier rappel${NBSP}: votre offre est valable jusqu'au ${c.expiry}.`,
            opening: `${c.greeting} dernier rappel${NBSP}: votre panier chez ${c.shop} contient ${c.items}, et votre offre (${c.offer}${c.minimum}) est valable jusqu'au ${c.expiry}.`,
          }),
        },
      },
    },
  },

  de: {
    greeting: (name) => (name ? `Hallo ${name},` : "Hallo,"),
    items: (title, hasMore) => (hasMore ? `„${title}“ und weitere Artikel` : `„${title}“`),
    anyItems: "Ihre Artikel",
    offer: (percent, freeShipping) =>
      join(percent && `${percent} Rabatt`, freeShipping ? "kostenloser Versand" : null, " und "),
    minimum: (amount) => ` ab einem Bestellwert von ${amount}`,
    recommendationsIntro: "Das könnte Ihnen auch gefallen",
    steps: {
      FRIENDLY: {
        FIRST: {
          plain: (c) => ({
            subject: "Sie haben etwas in Ihrem Warenkorb vergessen",
            preheader: `Ihre Artikel bei ${c.shop} sind für Sie gespeichert.`,
            opening: `${c.greeting} Sie haben ${c.items} in Ihrem Warenkorb bei ${c.shop} gelassen. Wir haben ihn für Sie gespeichert, damit Sie jederzeit dort weitermachen können, wo Sie aufgehört haben.`,
          }),
          withOffer: (c) => ({
            subject: `Ihr Warenkorb wartet: ${c.offer}`,
            preheader: `Ihr Angebot bei ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Sie haben ${c.items} in Ihrem Warenkorb bei ${c.shop} gelassen. Wir haben ihn für Sie gespeichert, mit einem Angebot: ${c.offer}${c.minimum}, gültig bis ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Noch unentschlossen?",
            preheader: `Ihr Warenkorb bei ${c.shop} ist noch gespeichert.`,
            // The items follow a colon: after "mit" they would need the dative ("weiteren Artikeln").
            opening: `${c.greeting} in Ihrem Warenkorb bei ${c.shop} ist noch alles da: ${c.items}. Er wartet auf Sie, wann immer Sie Ihre Bestellung abschließen möchten.`,
          }),
          withOffer: (c) => ({
            subject: `Ein kleines Extra für Ihren Warenkorb: ${c.offer}`,
            preheader: `Ihr Angebot bei ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} in Ihrem Warenkorb bei ${c.shop} ist noch alles da: ${c.items}. Damit Ihnen die Entscheidung leichter fällt, gibt es ein Angebot: ${c.offer}${c.minimum}, gültig bis ${c.expiry}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Letzte Erinnerung: Ihr Warenkorb ist noch gespeichert",
            preheader: `Das ist unsere letzte Erinnerung an Ihren Warenkorb bei ${c.shop}.`,
            opening: `${c.greeting} das ist unsere letzte Erinnerung an ${c.items} in Ihrem Warenkorb bei ${c.shop}. Ihr Warenkorb ist nur einen Klick entfernt.`,
          }),
          withOffer: (c) => ({
            subject: `Letzte Erinnerung: ${c.offer} für Ihren Warenkorb`,
            preheader: `Ihr Angebot bei ${c.shop} gilt bis ${c.expiry}.`,
            opening: `${c.greeting} das ist unsere letzte Erinnerung an ${c.items} in Ihrem Warenkorb bei ${c.shop}. Ihr Angebot (${c.offer}${c.minimum}) gilt bis ${c.expiry}.`,
          }),
        },
      },
      DIRECT: {
        FIRST: {
          plain: (c) => ({
            subject: "Ihr Warenkorb ist gespeichert",
            preheader: `Bestellen Sie bei ${c.shop}, wann Sie möchten.`,
            opening: `${c.greeting} Ihr Warenkorb bei ${c.shop} ist gespeichert: ${c.items}. Sie können Ihre Bestellung jederzeit abschließen.`,
          }),
          withOffer: (c) => ({
            subject: `Ihr gespeicherter Warenkorb: ${c.offer}`,
            preheader: `Ihr Warenkorb bei ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Ihr Warenkorb bei ${c.shop} ist gespeichert: ${c.items}. Ihr Angebot: ${c.offer}${c.minimum}, gültig bis ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Ihr Warenkorb ist noch da",
            // The items follow a colon or "enthält": after "in" they would need the dative.
            preheader: `Ihr Warenkorb bei ${c.shop} ist bereit zur Bestellung.`,
            opening: `${c.greeting} Ihr Warenkorb bei ${c.shop} enthält noch ${c.items}. Er ist bereit für Ihre Bestellung.`,
          }),
          withOffer: (c) => ({
            subject: `Für Ihren Warenkorb: ${c.offer}`,
            preheader: `Für Ihren Warenkorb bei ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Ihr Angebot bei ${c.shop}: ${c.offer}${c.minimum}, gültig bis ${c.expiry}. Ihr Warenkorb enthält noch ${c.items}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Letzte Erinnerung an Ihren Warenkorb",
            preheader: `Unsere letzte E-Mail zu Ihrem Warenkorb bei ${c.shop}.`,
            opening: `${c.greeting} letzte Erinnerung: Ihr Warenkorb bei ${c.shop} enthält noch ${c.items}.`,
          }),
          withOffer: (c) => ({
            subject: `Letzte Erinnerung: Ihr Angebot (${c.offer})`,
            preheader: `Letzte Erinnerung: Ihr Angebot gilt bis ${c.expiry}.`,
            opening: `${c.greeting} letzte Erinnerung: Ihr Warenkorb bei ${c.shop} enthält ${c.items}, und Ihr Angebot (${c.offer}${c.minimum}) gilt bis ${c.expiry}.`,
          }),
        },
      },
    },
  },

  es: {
    greeting: (name) => (name ? `¡Hola, ${name}!` : "¡Hola!"),
    items: (title, hasMore) => (hasMore ? `«${title}» y otros artículos` : `«${title}»`),
    anyItems: "tus artículos",
    offer: (percent, freeShipping) =>
      join(percent && `${percent} de descuento`, freeShipping ? "envío gratis" : null, " y "),
    minimum: (amount) => ` en pedidos desde ${amount}`,
    recommendationsIntro: "También te puede gustar",
    steps: {
      FRIENDLY: {
        FIRST: {
          plain: (c) => ({
            subject: "Olvidaste algo en tu carrito",
            preheader: `Tus artículos en ${c.shop} siguen guardados.`,
            opening: `${c.greeting} Dejaste ${c.items} en tu carrito de ${c.shop}. Lo guardamos para que puedas retomar tu compra cuando quieras.`,
          }),
          withOffer: (c) => ({
            subject: `Tu carrito te espera: ${c.offer}`,
            preheader: `Tu oferta en ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Dejaste ${c.items} en tu carrito de ${c.shop}. Lo guardamos para ti, con una oferta: ${c.offer}${c.minimum}, válida hasta el ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "¿Todavía lo estás pensando?",
            preheader: `Tu carrito en ${c.shop} sigue guardado.`,
            opening: `${c.greeting} Tu carrito de ${c.shop} sigue aquí, con ${c.items}. Te espera cuando quieras completar tu compra.`,
          }),
          withOffer: (c) => ({
            subject: `Un pequeño extra para tu carrito: ${c.offer}`,
            preheader: `Tu oferta en ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Tu carrito de ${c.shop} sigue aquí, con ${c.items}. Para ayudarte a decidir, tienes una oferta: ${c.offer}${c.minimum}, válida hasta el ${c.expiry}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Último recordatorio: tu carrito sigue guardado",
            preheader: `Este es nuestro último recordatorio sobre tu carrito en ${c.shop}.`,
            opening: `${c.greeting} Este es nuestro último recordatorio sobre ${c.items} en tu carrito de ${c.shop}. Tu carrito está a un clic.`,
          }),
          withOffer: (c) => ({
            subject: `Último recordatorio: ${c.offer} en tu carrito`,
            preheader: `Tu oferta en ${c.shop} es válida hasta el ${c.expiry}.`,
            opening: `${c.greeting} Este es nuestro último recordatorio sobre ${c.items} en tu carrito de ${c.shop}. Tu oferta (${c.offer}${c.minimum}) es válida hasta el ${c.expiry}.`,
          }),
        },
      },
      DIRECT: {
        FIRST: {
          plain: (c) => ({
            subject: "Tu carrito está guardado",
            preheader: `Completa tu compra en ${c.shop} cuando quieras.`,
            opening: `${c.greeting} Tu carrito de ${c.shop} está guardado: ${c.items}. Puedes completar tu compra en cualquier momento.`,
          }),
          withOffer: (c) => ({
            subject: `Tu carrito guardado: ${c.offer}`,
            preheader: `Tu carrito en ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Tu carrito de ${c.shop} está guardado: ${c.items}. Tu oferta: ${c.offer}${c.minimum}, válida hasta el ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Tu carrito sigue aquí",
            preheader: `Tu carrito en ${c.shop} está listo.`,
            opening: `${c.greeting} Tu carrito de ${c.shop} todavía contiene ${c.items}. Está listo para finalizar la compra.`,
          }),
          withOffer: (c) => ({
            subject: `Para tu carrito: ${c.offer}`,
            preheader: `Para tu carrito en ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Tu oferta en ${c.shop}: ${c.offer}${c.minimum}, válida hasta el ${c.expiry}. Tu carrito todavía contiene ${c.items}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Último recordatorio sobre tu carrito",
            preheader: `Nuestro último correo sobre tu carrito en ${c.shop}.`,
            opening: `${c.greeting} Último recordatorio: tu carrito de ${c.shop} todavía contiene ${c.items}.`,
          }),
          withOffer: (c) => ({
            subject: `Último recordatorio: tu oferta (${c.offer})`,
            preheader: `Último recordatorio: tu oferta es válida hasta el ${c.expiry}.`,
            opening: `${c.greeting} Último recordatorio: tu carrito de ${c.shop} contiene ${c.items}, y tu oferta (${c.offer}${c.minimum}) es válida hasta el ${c.expiry}.`,
          }),
        },
      },
    },
  },

  it: {
    greeting: (name) => (name ? `Ciao ${name},` : "Ciao,"),
    items: (title, hasMore) => (hasMore ? `«${title}» e altri articoli` : `«${title}»`),
    anyItems: "i tuoi articoli",
    offer: (percent, freeShipping) =>
      join(percent && `${percent} di sconto`, freeShipping ? "spedizione gratuita" : null, " e "),
    minimum: (amount) => ` sugli ordini a partire da ${amount}`,
    recommendationsIntro: "Potrebbero piacerti anche",
    steps: {
      FRIENDLY: {
        FIRST: {
          plain: (c) => ({
            subject: "Hai dimenticato qualcosa nel carrello",
            preheader: `I tuoi articoli su ${c.shop} sono ancora salvati.`,
            opening: `${c.greeting} hai lasciato ${c.items} nel tuo carrello su ${c.shop}. L'abbiamo salvato per te, così puoi riprendere da dove avevi lasciato.`,
          }),
          withOffer: (c) => ({
            subject: `Il tuo carrello ti aspetta: ${c.offer}`,
            preheader: `La tua offerta su ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} hai lasciato ${c.items} nel tuo carrello su ${c.shop}. L'abbiamo salvato per te, con un'offerta: ${c.offer}${c.minimum}, valida ${italianUntil(c.expiry)}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Ci stai ancora pensando?",
            preheader: `Il tuo carrello su ${c.shop} è ancora salvato.`,
            opening: `${c.greeting} il tuo carrello su ${c.shop} è ancora qui, con ${c.items}. Ti aspetta quando vuoi completare l'acquisto.`,
          }),
          withOffer: (c) => ({
            subject: `Un piccolo extra per il tuo carrello: ${c.offer}`,
            preheader: `La tua offerta su ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} il tuo carrello su ${c.shop} è ancora qui, con ${c.items}. Per aiutarti a decidere, c'è un'offerta per te: ${c.offer}${c.minimum}, valida ${italianUntil(c.expiry)}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Ultimo promemoria: il tuo carrello è ancora salvato",
            preheader: `Questo è il nostro ultimo promemoria sul tuo carrello su ${c.shop}.`,
            opening: `${c.greeting} questo è il nostro ultimo promemoria su ${c.items} nel tuo carrello su ${c.shop}. Il tuo carrello è a un clic di distanza.`,
          }),
          withOffer: (c) => ({
            subject: `Ultimo promemoria: ${c.offer} sul tuo carrello`,
            preheader: `La tua offerta su ${c.shop} è valida ${italianUntil(c.expiry)}.`,
            opening: `${c.greeting} questo è il nostro ultimo promemoria su ${c.items} nel tuo carrello su ${c.shop}. La tua offerta (${c.offer}${c.minimum}) è valida ${italianUntil(c.expiry)}.`,
          }),
        },
      },
      DIRECT: {
        FIRST: {
          plain: (c) => ({
            subject: "Il tuo carrello è salvato",
            preheader: `Completa l'ordine su ${c.shop} quando vuoi.`,
            opening: `${c.greeting} il tuo carrello su ${c.shop} è salvato: ${c.items}. Puoi completare l'ordine in qualsiasi momento.`,
          }),
          withOffer: (c) => ({
            subject: `Il tuo carrello salvato: ${c.offer}`,
            preheader: `Il tuo carrello su ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} il tuo carrello su ${c.shop} è salvato: ${c.items}. La tua offerta: ${c.offer}${c.minimum}, valida ${italianUntil(c.expiry)}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Il tuo carrello è ancora qui",
            preheader: `Il tuo carrello su ${c.shop} è pronto per l'ordine.`,
            opening: `${c.greeting} il tuo carrello su ${c.shop} contiene ancora ${c.items}. È pronto per l'ordine.`,
          }),
          withOffer: (c) => ({
            subject: `Per il tuo carrello: ${c.offer}`,
            preheader: `Per il tuo carrello su ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} la tua offerta su ${c.shop}: ${c.offer}${c.minimum}, valida ${italianUntil(c.expiry)}. Il tuo carrello contiene ancora ${c.items}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Ultimo promemoria sul tuo carrello",
            preheader: `La nostra ultima email sul tuo carrello su ${c.shop}.`,
            opening: `${c.greeting} ultimo promemoria: il tuo carrello su ${c.shop} contiene ancora ${c.items}.`,
          }),
          withOffer: (c) => ({
            subject: `Ultimo promemoria: la tua offerta (${c.offer})`,
            preheader: `Ultimo promemoria: la tua offerta è valida ${italianUntil(c.expiry)}.`,
            opening: `${c.greeting} ultimo promemoria: il tuo carrello su ${c.shop} contiene ${c.items} e la tua offerta (${c.offer}${c.minimum}) è valida ${italianUntil(c.expiry)}.`,
          }),
        },
      },
    },
  },

  nl: {
    greeting: (name) => (name ? `Hoi ${name},` : "Hoi,"),
    items: (title, hasMore) => (hasMore ? `‘${title}’ en andere artikelen` : `‘${title}’`),
    anyItems: "je artikelen",
    offer: (percent, freeShipping) =>
      join(percent && `${percent} korting`, freeShipping ? "gratis verzending" : null, " en "),
    minimum: (amount) => ` bij bestellingen vanaf ${amount}`,
    recommendationsIntro: "Misschien vind je dit ook leuk",
    steps: {
      FRIENDLY: {
        FIRST: {
          plain: (c) => ({
            subject: "Je hebt iets in je winkelwagen laten liggen",
            preheader: `Je artikelen bij ${c.shop} staan nog voor je klaar.`,
            opening: `${c.greeting} je hebt ${c.items} in je winkelwagen bij ${c.shop} laten liggen. We hebben hem voor je bewaard, zodat je verder kunt waar je gebleven was.`,
          }),
          withOffer: (c) => ({
            subject: `Je winkelwagen wacht: ${c.offer}`,
            preheader: `Je aanbieding bij ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} je hebt ${c.items} in je winkelwagen bij ${c.shop} laten liggen. We hebben hem voor je bewaard, met een aanbieding: ${c.offer}${c.minimum}, geldig tot ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Twijfel je nog?",
            preheader: `Je winkelwagen bij ${c.shop} is nog bewaard.`,
            opening: `${c.greeting} je winkelwagen bij ${c.shop} staat nog klaar, met ${c.items}. Hij wacht op je wanneer je je bestelling wilt afronden.`,
          }),
          withOffer: (c) => ({
            subject: `Iets extra's voor je winkelwagen: ${c.offer}`,
            preheader: `Je aanbieding bij ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} je winkelwagen bij ${c.shop} staat nog klaar, met ${c.items}. Om je te helpen kiezen, is er een aanbieding: ${c.offer}${c.minimum}, geldig tot ${c.expiry}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Laatste herinnering: je winkelwagen staat nog klaar",
            preheader: `Dit is onze laatste herinnering over je winkelwagen bij ${c.shop}.`,
            opening: `${c.greeting} dit is onze laatste herinnering over ${c.items} in je winkelwagen bij ${c.shop}. Je winkelwagen is maar één klik verwijderd.`,
          }),
          withOffer: (c) => ({
            subject: `Laatste herinnering: ${c.offer} op je winkelwagen`,
            preheader: `Je aanbieding bij ${c.shop} is geldig tot ${c.expiry}.`,
            opening: `${c.greeting} dit is onze laatste herinnering over ${c.items} in je winkelwagen bij ${c.shop}. Je aanbieding (${c.offer}${c.minimum}) is geldig tot ${c.expiry}.`,
          }),
        },
      },
      DIRECT: {
        FIRST: {
          plain: (c) => ({
            subject: "Je winkelwagen is bewaard",
            preheader: `Rond je bestelling bij ${c.shop} af wanneer je wilt.`,
            opening: `${c.greeting} je winkelwagen bij ${c.shop} is bewaard: ${c.items}. Je kunt je bestelling altijd afronden.`,
          }),
          withOffer: (c) => ({
            subject: `Je bewaarde winkelwagen: ${c.offer}`,
            preheader: `Je winkelwagen bij ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} je winkelwagen bij ${c.shop} is bewaard: ${c.items}. Je aanbieding: ${c.offer}${c.minimum}, geldig tot ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Je winkelwagen staat nog klaar",
            preheader: `Je winkelwagen bij ${c.shop} is klaar om te bestellen.`,
            opening: `${c.greeting} je winkelwagen bij ${c.shop} bevat nog ${c.items}. Hij is klaar om te bestellen.`,
          }),
          withOffer: (c) => ({
            subject: `Voor je winkelwagen: ${c.offer}`,
            preheader: `Voor je winkelwagen bij ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} je aanbieding bij ${c.shop}: ${c.offer}${c.minimum}, geldig tot ${c.expiry}. Je winkelwagen bevat nog ${c.items}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Laatste herinnering over je winkelwagen",
            preheader: `Onze laatste e-mail over je winkelwagen bij ${c.shop}.`,
            opening: `${c.greeting} laatste herinnering: je winkelwagen bij ${c.shop} bevat nog ${c.items}.`,
          }),
          withOffer: (c) => ({
            subject: `Laatste herinnering: je aanbieding (${c.offer})`,
            preheader: `Laatste herinnering: je aanbieding is geldig tot ${c.expiry}.`,
            opening: `${c.greeting} laatste herinnering: je winkelwagen bij ${c.shop} bevat ${c.items} en je aanbieding (${c.offer}${c.minimum}) is geldig tot ${c.expiry}.`,
          }),
        },
      },
    },
  },

  pt: {
    greeting: (name) => (name ? `Olá, ${name}!` : "Olá!"),
    items: (title, hasMore) => (hasMore ? `“${title}” e outros itens` : `“${title}”`),
    anyItems: "seus itens",
    offer: (percent, freeShipping) =>
      join(percent && `${percent} de desconto`, freeShipping ? "frete grátis" : null, " e "),
    minimum: (amount) => ` em pedidos a partir de ${amount}`,
    recommendationsIntro: "Você também pode gostar",
    steps: {
      FRIENDLY: {
        FIRST: {
          plain: (c) => ({
            subject: "Você esqueceu algo no seu carrinho",
            preheader: `Seus itens em ${c.shop} continuam salvos.`,
            opening: `${c.greeting} Você deixou ${c.items} no seu carrinho em ${c.shop}. Nós o guardamos para que você continue de onde parou.`,
          }),
          withOffer: (c) => ({
            subject: `Seu carrinho está esperando: ${c.offer}`,
            preheader: `Sua oferta em ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Você deixou ${c.items} no seu carrinho em ${c.shop}. Nós o guardamos para você, com uma oferta: ${c.offer}${c.minimum}, válida até ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Ainda está pensando?",
            preheader: `Seu carrinho em ${c.shop} continua salvo.`,
            opening: `${c.greeting} Seu carrinho em ${c.shop} continua aqui, com ${c.items}. Ele espera por você quando quiser finalizar a compra.`,
          }),
          withOffer: (c) => ({
            subject: `Um pequeno extra para o seu carrinho: ${c.offer}`,
            preheader: `Sua oferta em ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Seu carrinho em ${c.shop} continua aqui, com ${c.items}. Para ajudar você a decidir, há uma oferta: ${c.offer}${c.minimum}, válida até ${c.expiry}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Último lembrete: seu carrinho continua salvo",
            preheader: `Este é o nosso último lembrete sobre o seu carrinho em ${c.shop}.`,
            opening: `${c.greeting} Este é o nosso último lembrete sobre ${c.items} no seu carrinho em ${c.shop}. Seu carrinho está a um clique de distância.`,
          }),
          withOffer: (c) => ({
            subject: `Último lembrete: ${c.offer} no seu carrinho`,
            preheader: `Sua oferta em ${c.shop} é válida até ${c.expiry}.`,
            opening: `${c.greeting} Este é o nosso último lembrete sobre ${c.items} no seu carrinho em ${c.shop}. Sua oferta (${c.offer}${c.minimum}) é válida até ${c.expiry}.`,
          }),
        },
      },
      DIRECT: {
        FIRST: {
          plain: (c) => ({
            subject: "Seu carrinho está salvo",
            preheader: `Finalize a compra em ${c.shop} quando quiser.`,
            opening: `${c.greeting} Seu carrinho em ${c.shop} está salvo: ${c.items}. Você pode finalizar a compra a qualquer momento.`,
          }),
          withOffer: (c) => ({
            subject: `Seu carrinho salvo: ${c.offer}`,
            preheader: `Seu carrinho em ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Seu carrinho em ${c.shop} está salvo: ${c.items}. Sua oferta: ${c.offer}${c.minimum}, válida até ${c.expiry}.`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "Seu carrinho ainda está aqui",
            preheader: `Seu carrinho em ${c.shop} está pronto.`,
            opening: `${c.greeting} Seu carrinho em ${c.shop} ainda tem ${c.items}. Ele está pronto para você finalizar a compra.`,
          }),
          withOffer: (c) => ({
            subject: `Para o seu carrinho: ${c.offer}`,
            preheader: `Para o seu carrinho em ${c.shop}: ${c.offer}.`,
            opening: `${c.greeting} Sua oferta em ${c.shop}: ${c.offer}${c.minimum}, válida até ${c.expiry}. Seu carrinho ainda tem ${c.items}.`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "Último lembrete sobre o seu carrinho",
            preheader: `Nosso último e-mail sobre o seu carrinho em ${c.shop}.`,
            opening: `${c.greeting} Último lembrete: seu carrinho em ${c.shop} ainda tem ${c.items}.`,
          }),
          withOffer: (c) => ({
            subject: `Último lembrete: sua oferta (${c.offer})`,
            preheader: `Último lembrete: sua oferta é válida até ${c.expiry}.`,
            opening: `${c.greeting} Último lembrete: seu carrinho em ${c.shop} tem ${c.items}, e sua oferta (${c.offer}${c.minimum}) é válida até ${c.expiry}.`,
          }),
        },
      },
    },
  },

  ja: {
    greeting: (name) => (name ? `${name}様、こんにちは。` : "こんにちは。"),
    items: (title, hasMore) => (hasMore ? `「${title}」などの商品` : `「${title}」`),
    anyItems: "商品",
    offer: (percent, freeShipping) =>
      join(percent && `${percent}オフ`, freeShipping ? "送料無料" : null, "と"),
    minimum: (amount) => `、${amount}以上のご注文が対象`,
    recommendationsIntro: "こちらの商品もおすすめです",
    steps: {
      FRIENDLY: {
        FIRST: {
          plain: (c) => ({
            subject: "カートに商品が残っています",
            preheader: `${c.shop}のカートに商品を保存しています。`,
            opening: `${c.greeting}${c.shop}のカートに${c.items}が残っています。カートはそのまま保存していますので、いつでもお買い物を続けられます。`,
          }),
          withOffer: (c) => ({
            subject: `【${c.offer}】カートに商品が残っています`,
            preheader: `${c.shop}の特典：${c.offer}`,
            opening: `${c.greeting}${c.shop}のカートに${c.items}が残っています。カートはそのまま保存しています。特典（${c.offer}${c.minimum}）の有効期限は${c.expiry}です。`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "ご購入をお迷いですか？",
            preheader: `${c.shop}のカートはまだ保存されています。`,
            opening: `${c.greeting}${c.shop}のカートに${c.items}がまだ残っています。ご都合のよいときにご購入手続きを完了できます。`,
          }),
          withOffer: (c) => ({
            subject: `【${c.offer}】カートの商品に特典をご用意しました`,
            preheader: `${c.shop}の特典：${c.offer}`,
            opening: `${c.greeting}${c.shop}のカートに${c.items}がまだ残っています。ご検討の参考に、特典（${c.offer}${c.minimum}）をご用意しました。有効期限は${c.expiry}です。`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "最後のお知らせ：カートはまだ保存されています",
            preheader: `${c.shop}のカートについての最後のお知らせです。`,
            opening: `${c.greeting}${c.shop}のカートに残っている${c.items}について、これが最後のお知らせです。カートからすぐにご購入いただけます。`,
          }),
          withOffer: (c) => ({
            subject: `【最後のお知らせ】カートの特典：${c.offer}`,
            preheader: `${c.shop}の特典の有効期限は${c.expiry}です。`,
            opening: `${c.greeting}${c.shop}のカートに残っている${c.items}について、これが最後のお知らせです。特典（${c.offer}${c.minimum}）の有効期限は${c.expiry}です。`,
          }),
        },
      },
      DIRECT: {
        FIRST: {
          plain: (c) => ({
            subject: "カートを保存しています",
            preheader: `${c.shop}でいつでもご購入いただけます。`,
            opening: `${c.greeting}${c.shop}のカートに${c.items}を保存しています。いつでもご購入手続きを完了できます。`,
          }),
          withOffer: (c) => ({
            subject: `保存中のカート：${c.offer}`,
            preheader: `${c.shop}のカート：${c.offer}`,
            opening: `${c.greeting}${c.shop}のカートに${c.items}を保存しています。特典は${c.offer}${c.minimum}、有効期限は${c.expiry}です。`,
          }),
        },
        FOLLOW_UP: {
          plain: (c) => ({
            subject: "カートの商品はそのままです",
            preheader: `${c.shop}のカートからご購入手続きに進めます。`,
            opening: `${c.greeting}${c.shop}のカートに${c.items}が残っています。ご購入手続きの準備はできています。`,
          }),
          withOffer: (c) => ({
            subject: `カートの特典：${c.offer}`,
            preheader: `${c.shop}のカートの特典：${c.offer}`,
            opening: `${c.greeting}${c.shop}の特典は${c.offer}${c.minimum}、有効期限は${c.expiry}です。カートには${c.items}が残っています。`,
          }),
        },
        LAST: {
          plain: (c) => ({
            subject: "カートについての最後のお知らせ",
            preheader: `${c.shop}のカートのご案内はこれで最後です。`,
            opening: `${c.greeting}最後のお知らせです。${c.shop}のカートに${c.items}が残っています。`,
          }),
          withOffer: (c) => ({
            subject: `最後のお知らせ：特典（${c.offer}）`,
            preheader: `最後のお知らせ：特典の有効期限は${c.expiry}です。`,
            opening: `${c.greeting}最後のお知らせです。${c.shop}のカートに${c.items}が残っています。特典（${c.offer}${c.minimum}）の有効期限は${c.expiry}です。`,
          }),
        },
      },
    },
  },
};
