import { describe, expect, it } from "vitest";
import { checkCopyGuardrails, type GuardrailRule } from "./check-copy-guardrails";
import { gatherCopyFacts } from "./copy-facts";
import type { AiCopy } from "./copy-schema";
import type { CopyOffer, RecoveryCopyInput } from "./recovery-copy";

const TEN_PERCENT_AND_SHIPPING: CopyOffer = {
  codes: ["CB-7KQ2MXPA", "CB-7KQ2MXPA-SHIP"],
  percentOff: 10,
  freeShipping: true,
  expiresAt: new Date("2026-12-05T20:00:00Z"),
};
const TEN_PERCENT: CopyOffer = { ...TEN_PERCENT_AND_SHIPPING, freeShipping: false, codes: ["CB-7KQ2MXPA"] };
const SHIPPING_ONLY: CopyOffer = { ...TEN_PERCENT_AND_SHIPPING, percentOff: 0, codes: ["CB-7KQ2MXPA-SHIP"] };

function context(overrides: Partial<RecoveryCopyInput> = {}) {
  return gatherCopyFacts({
    shopName: "Maple & Pine",
    firstName: "Jane",
    locale: "en",
    lines: [
      { title: "Air Max 90", quantity: 2 },
      { title: "Gluten-free granola", quantity: 1 },
    ],
    offer: null,
    step: 1,
    stepCount: 3,
    hasRecommendations: true,
    timeZone: "America/New_York",
    tone: "FRIENDLY",
    ...overrides,
  });
}

const VALID: AiCopy = {
  subject: "{firstName}, your cart is still waiting",
  preheader: "The items you picked at Maple & Pine are saved for you.",
  opening:
    "Hi {firstName}, your Air Max 90 and the gluten-free granola are still in your cart. Feel free to finish your order whenever you like.",
  recommendationsIntro: "You might also like these",
};

function rejectedBy(copy: Partial<AiCopy>, overrides: Partial<RecoveryCopyInput> = {}): GuardrailRule | "OK" {
  const verdict = checkCopyGuardrails({ ...VALID, ...copy }, context(overrides));
  return verdict.ok ? "OK" : verdict.rule;
}

describe("checkCopyGuardrails", () => {
  it("accepts honest copy built from the facts", () => {
    expect(checkCopyGuardrails(VALID, context())).toEqual({ ok: true });
    expect(
      rejectedBy(
        {
          subject: "Your cart: 10% off and free shipping",
          preheader: "10% off and free shipping on the items you picked.",
          opening:
            "Hi {firstName}, your 2 pairs of Air Max 90 are waiting, with 10% off and free shipping until {offerExpiry}.",
        },
        { offer: TEN_PERCENT_AND_SHIPPING, step: 2 },
      ),
    ).toBe("OK");
  });

  it("accepts honest copy in French, German, Spanish, Italian, Dutch, Portuguese and Japanese", () => {
    const offer = { offer: TEN_PERCENT_AND_SHIPPING, step: 2 };
    const cases: Array<[string, Partial<AiCopy>]> = [
      [
        "fr-FR",
        {
          subject: "{firstName}, votre panier vous attend",
          preheader: "Profitez de 10\u202f% de réduction et de la livraison gratuite.",
          opening:
            "Bonjour {firstName}, votre panier chez Maple & Pine vous attend. Profitez de 10 % de réduction et de la livraison offerte jusqu'au {offerExpiry}.",
          recommendationsIntro: "Ces articles pourraient aussi vous plaire",
        },
      ],
      [
        "de-DE",
        {
          subject: "Ihr Warenkorb wartet auf Sie",
          preheader: "10 % Rabatt und kostenloser Versand auf Ihren Warenkorb.",
          opening:
            "Hallo {firstName}, Ihre Artikel liegen noch im Warenkorb. Ihr Angebot: 10 % Rabatt und kostenloser Versand, gültig bis {offerExpiry}.",
          recommendationsIntro: "Das könnte Ihnen auch gefallen",
        },
      ],
      [
        "es-ES",
        {
          subject: "Tu carrito te espera",
          preheader: "10 % de descuento y envío gratis en tu carrito.",
          opening:
            "¡Hola, {firstName}! Tu carrito sigue aquí, con un 10 % de descuento y envío gratis hasta el {offerExpiry}.",
          recommendationsIntro: "También te puede gustar",
        },
      ],
      [
        "it-IT",
        {
          subject: "Il tuo carrello ti aspetta",
          preheader: "10% di sconto e spedizione gratuita sul tuo carrello.",
          opening:
            "Ciao {firstName}, il tuo carrello è ancora qui: 10% di sconto e spedizione gratuita, validi fino al {offerExpiry}.",
          recommendationsIntro: "Potrebbero piacerti anche",
        },
      ],
      [
        "nl-NL",
        {
          subject: "Je winkelwagen wacht op je",
          preheader: "10% korting en gratis verzending op je winkelwagen.",
          opening:
            "Hoi {firstName}, je winkelwagen staat nog klaar, met 10% korting en gratis verzending tot {offerExpiry}.",
          recommendationsIntro: "Misschien vind je dit ook leuk",
        },
      ],
      [
        "pt-BR",
        {
          subject: "Seu carrinho está esperando",
          preheader: "10% de desconto e frete grátis no seu carrinho.",
          opening:
            "Olá, {firstName}! Seu carrinho continua aqui, com 10% de desconto e frete grátis até {offerExpiry}.",
          recommendationsIntro: "Você também pode gostar",
        },
      ],
      [
        "ja-JP",
        {
          subject: "カートに商品が残っています",
          preheader: "１０％オフと送料無料の特典をご用意しました。",
          opening:
            "{firstName}様、カートに商品が残っています。10%オフと送料無料の特典は{offerExpiry}まで有効です。",
          recommendationsIntro: "こちらの商品もおすすめです",
        },
      ],
    ];
    for (const [locale, copy] of cases) {
      expect(checkCopyGuardrails({ ...VALID, ...copy }, context({ ...offer, locale })), locale).toEqual({
        ok: true,
      });
    }
  });

  it("rejects an invented or wrong percentage, in any form", () => {
    expect(rejectedBy({ opening: "Get 20% off your cart today." })).toBe("PERCENT");
    expect(rejectedBy({ opening: "Get 20% off your cart." }, { offer: TEN_PERCENT })).toBe("PERCENT");
    expect(rejectedBy({ subject: "２０％ off your cart" }, { offer: TEN_PERCENT })).toBe("PERCENT");
    expect(rejectedBy({ subject: "Ten percent off your cart" }, { offer: TEN_PERCENT })).toBe("PERCENT");
    expect(rejectedBy({ subject: "20 pour cent de réduction" }, { offer: TEN_PERCENT, locale: "fr" })).toBe(
      "PERCENT",
    );
    expect(rejectedBy({ subject: "Your 10% off is waiting" }, { offer: SHIPPING_ONLY })).toBe("PERCENT");
    expect(rejectedBy({ subject: "Your 10% off is waiting" }, { offer: TEN_PERCENT })).toBe("OK");
  });

  it("rejects a discount or an offer the facts do not have", () => {
    expect(rejectedBy({ opening: "Hi {firstName}, we have a special discount for you." })).toBe("DISCOUNT");
    expect(rejectedBy({ subject: "Everything is on sale" })).toBe("DISCOUNT");
    expect(rejectedBy({ subject: "Une remise vous attend" }, { locale: "fr" })).toBe("DISCOUNT");
    expect(rejectedBy({ subject: "Jetzt mit Rabatt bestellen" }, { locale: "de" })).toBe("DISCOUNT");
    expect(rejectedBy({ subject: "カートの商品が割引になりました" }, { locale: "ja" })).toBe("DISCOUNT");
    expect(rejectedBy({ subject: "A discount on your cart" }, { offer: SHIPPING_ONLY })).toBe("DISCOUNT");
    expect(rejectedBy({ preheader: "Use the code in this email." })).toBe("OFFER");
    expect(rejectedBy({ preheader: "Use the code in this email." }, { offer: TEN_PERCENT })).toBe("OK");
  });

  it("rejects free shipping, any shipping promise and anything free the offer does not include", () => {
    expect(rejectedBy({ preheader: "Free shipping on your cart." })).toBe("SHIPPING");
    expect(rejectedBy({ preheader: "Free shipping on your cart." }, { offer: TEN_PERCENT })).toBe("SHIPPING");
    expect(rejectedBy({ preheader: "Livraison gratuite sur votre panier." }, { locale: "fr" })).toBe(
      "SHIPPING",
    );
    expect(rejectedBy({ preheader: "送料無料でお届けします。" }, { locale: "ja" })).toBe("SHIPPING");
    expect(rejectedBy({ preheader: "Free shipping on your cart." }, { offer: SHIPPING_ONLY })).toBe("OK");
    expect(rejectedBy({ preheader: "Free next-day delivery on your cart." }, { offer: SHIPPING_ONLY })).toBe(
      "SHIPPING",
    );
    expect(rejectedBy({ preheader: "A free gift comes with your order." })).toBe("FREE");
    expect(rejectedBy({ preheader: "Free shipping and a free tote bag." }, { offer: SHIPPING_ONLY })).toBe(
      "FREE",
    );
  });

  it("rejects stock, scarcity and popularity claims", () => {
    for (const claim of [
      "Only 2 left in your size!",
      "These are selling out fast.",
      "Good news: it's back in stock.",
      "A popular pick, almost gone.",
    ]) {
      expect(rejectedBy({ opening: claim }), claim).toBe("STOCK");
    }
    expect(rejectedBy({ opening: "Bientôt épuisé." }, { locale: "fr" })).toBe("STOCK");
    expect(rejectedBy({ opening: "Nur noch 3 verfügbar." }, { locale: "de" })).toBe("STOCK");
    expect(rejectedBy({ opening: "¡Quedan pocas unidades!" }, { locale: "es" })).toBe("STOCK");
    expect(rejectedBy({ opening: "残りわずかです。" }, { locale: "ja" })).toBe("STOCK");
  });

  it("rejects deadlines other than the real expiry, and any expiry without an offer", () => {
    for (const claim of [
      "Today only!",
      "The offer ends tonight.",
      "You have 24 hours left.",
      "Hurry, this weekend only.",
    ]) {
      expect(rejectedBy({ opening: claim }, { offer: TEN_PERCENT }), claim).toBe("DEADLINE");
    }
    expect(rejectedBy({ opening: "Valable ce soir seulement." }, { offer: TEN_PERCENT, locale: "fr" })).toBe(
      "DEADLINE",
    );
    expect(rejectedBy({ opening: "Nur heute gültig." }, { offer: TEN_PERCENT, locale: "de" })).toBe(
      "DEADLINE",
    );
    expect(rejectedBy({ opening: "¡Solo hoy!" }, { offer: TEN_PERCENT, locale: "es" })).toBe("DEADLINE");
    expect(rejectedBy({ opening: "本日限りの特典です。" }, { offer: TEN_PERCENT, locale: "ja" })).toBe(
      "DEADLINE",
    );
    expect(rejectedBy({ opening: "Your cart expires soon." })).toBe("DEADLINE");
    expect(
      rejectedBy({ opening: "Your 10% off is valid until {offerExpiry}." }, { offer: TEN_PERCENT }),
    ).toBe("OK");
    expect(rejectedBy({ opening: "Your cart is valid until {offerExpiry}." })).toBe("PLACEHOLDER");
  });

  it("rejects a date the model wrote itself, even the right one", () => {
    expect(rejectedBy({ opening: "Your 10% off lasts until December 5." }, { offer: TEN_PERCENT })).toBe(
      "DATE",
    );
    expect(rejectedBy({ opening: "Your 10% off lasts until Saturday." }, { offer: TEN_PERCENT })).toBe(
      "DATE",
    );
    expect(
      rejectedBy({ opening: "Valable jusqu'au 5 décembre." }, { offer: TEN_PERCENT, locale: "fr" }),
    ).toBe("DATE");
    expect(rejectedBy({ opening: "Gültig bis Samstag." }, { offer: TEN_PERCENT, locale: "de" })).toBe("DATE");
    expect(rejectedBy({ opening: "特典は土曜日まで有効です。" }, { offer: TEN_PERCENT, locale: "ja" })).toBe(
      "DATE",
    );
    // "may" is a verb, not May, when no number is next to it.
    expect(rejectedBy({ opening: "You may finish your order whenever you like." })).toBe("OK");
  });

  it("rejects links, domains, addresses, handles and markup", () => {
    expect(rejectedBy({ opening: "Order at https://maple.example/cart now." })).toBe("URL");
    expect(rejectedBy({ opening: "Visit mapleandpine.com to finish." })).toBe("URL");
    expect(rejectedBy({ opening: "See www.maple for more." })).toBe("URL");
    expect(rejectedBy({ opening: "Write to help@maple.example." })).toBe("EMAIL");
    expect(rejectedBy({ opening: "Follow us @mapleandpine." })).toBe("EMAIL");
    expect(rejectedBy({ opening: "Your <b>cart</b> is waiting." })).toBe("MARKUP");
    expect(rejectedBy({ opening: "Your **cart** is waiting." })).toBe("MARKUP");
    expect(rejectedBy({ opening: "Your [cart](x) is waiting." })).toBe("MARKUP");
    expect(rejectedBy({ opening: "Maple &amp; Pine misses you." })).toBe("MARKUP");
    expect(rejectedBy({ opening: "Your cart\nis waiting." })).toBe("FORMAT");
  });

  it("rejects codes: the real ones, and anything that looks like one", () => {
    expect(rejectedBy({ opening: "Use CB-7KQ2MXPA at checkout." }, { offer: TEN_PERCENT })).toBe("CODE");
    expect(rejectedBy({ opening: "Use cb-7kq2mxpa at checkout." }, { offer: TEN_PERCENT })).toBe("CODE");
    expect(rejectedBy({ opening: "Use SAVE10 at checkout." }, { offer: TEN_PERCENT })).toBe("CODE");
    expect(rejectedBy({ opening: "Use WELCOME at checkout." }, { offer: TEN_PERCENT })).toBe("CODE");
  });

  it("rejects prices, amounts and currencies", () => {
    expect(rejectedBy({ opening: "Save $5 on your cart." }, { offer: TEN_PERCENT })).toBe("PRICE");
    expect(rejectedBy({ opening: "Nur 5 Euro Versand." }, { locale: "de" })).toBe("PRICE");
    expect(rejectedBy({ opening: "Only 20 USD." })).toBe("PRICE");
    expect(rejectedBy({ opening: "送料は500円です。" }, { locale: "ja" })).toBe("PRICE");
  });

  it("rejects numbers that are not facts, and allows those that are", () => {
    expect(rejectedBy({ opening: "Buy 3 and the 4th is on us." })).toBe("NUMBER");
    expect(rejectedBy({ opening: "Your 2 pairs of Air Max 90 and 3 items in total are waiting." })).toBe(
      "OK",
    );
  });

  it("enforces the length limits", () => {
    expect(rejectedBy({ subject: "A".repeat(10) + " your cart is waiting".repeat(4) })).toBe("LENGTH");
    expect(rejectedBy({ opening: "Your cart is waiting. ".repeat(20) })).toBe("LENGTH");
    expect(rejectedBy({ recommendationsIntro: "You might like these. ".repeat(8) })).toBe("LENGTH");
  });

  it("counts the expiry as the shopper will read it", () => {
    const padding = "Your cart is waiting. ".repeat(17);
    const opening = `${padding}Valid until {offerExpiry}.`;
    // With the placeholder it is under 400 characters, with "December 5, 2026 at 3:00 PM EST" it is not.
    expect(opening.length).toBeLessThanOrEqual(400);
    expect(rejectedBy({ opening }, { offer: TEN_PERCENT })).toBe("LENGTH");
  });

  it("allows the name placeholder only when there is a name, once per field", () => {
    expect(rejectedBy({ subject: "{firstName}, your cart is waiting" }, { firstName: null })).toBe(
      "PLACEHOLDER",
    );
    expect(rejectedBy({ subject: "{firstName}, {firstName}, your cart" })).toBe("PLACEHOLDER");
    expect(rejectedBy({ subject: "{shopName} misses you" })).toBe("PLACEHOLDER");
  });

  it("checks the recommendations line only when the email shows recommendations", () => {
    expect(rejectedBy({ recommendationsIntro: "" })).toBe("EMPTY");
    expect(rejectedBy({ recommendationsIntro: "" }, { hasRecommendations: false })).toBe("OK");
    expect(rejectedBy({ recommendationsIntro: "Today only: 50% off" }, { hasRecommendations: false })).toBe(
      "OK",
    );
    expect(rejectedBy({ recommendationsIntro: "Today only: 50% off" })).toBe("PERCENT");
  });

  it("rejects Japanese copy that is not in Japanese", () => {
    expect(rejectedBy({ subject: "カートに商品が残っています" }, { locale: "ja" })).toBe("LANGUAGE");
  });

  it("rejects copy that is not in the shopper's language, in every language", () => {
    // The English answer German and Spanish shoppers got from the demo's model.
    for (const locale of ["de-DE", "es-ES", "fr-FR", "it-IT", "nl-NL", "pt-BR", "ja-JP"]) {
      expect(checkCopyGuardrails(VALID, context({ locale })), locale).toMatchObject({
        ok: false,
        rule: "LANGUAGE",
      });
    }
    const spanish: AiCopy = {
      subject: "Tu carrito te espera",
      preheader: "Tus artículos en Maple & Pine siguen guardados.",
      opening: "¡Hola, {firstName}! Dejaste tus artículos en el carrito. Te esperan cuando quieras.",
      recommendationsIntro: "También te puede gustar",
    };
    expect(checkCopyGuardrails(spanish, context({ locale: "es" }))).toEqual({ ok: true });
    expect(checkCopyGuardrails(spanish, context({ locale: "pt-BR" }))).toMatchObject({ rule: "LANGUAGE" });
    expect(
      checkCopyGuardrails(
        { ...spanish, recommendationsIntro: "You might also like these picks" },
        context({ locale: "es" }),
      ),
    ).toEqual({
      ok: false,
      rule: "LANGUAGE",
      field: "recommendationsIntro",
      detail: "recommendationsIntro reads as English, not Spanish",
    });
  });

  it("says which field broke which rule", () => {
    expect(
      checkCopyGuardrails({ ...VALID, preheader: "Get 20% off" }, context({ offer: TEN_PERCENT })),
    ).toEqual({
      ok: false,
      rule: "PERCENT",
      field: "preheader",
      detail: "preheader: 20% but the offer is 10%",
    });
  });
});
