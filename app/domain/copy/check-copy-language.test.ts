import { describe, expect, it } from "vitest";
import { findLanguageMismatch } from "./check-copy-language";
import { COPY_TONES, SHOPPER_LANGUAGES, type ShopperLanguage } from "~/domain/messages";
import type { CopyField } from "./copy-schema";
import { templateCopy } from "./template-copy";

const FACTS = ["Maple & Pine", "Merino Wool Sweater"];

type Copy = Record<CopyField, string>;
const fieldsOf = (copy: Copy): Array<[CopyField, string]> =>
  (Object.entries(copy) as Array<[CopyField, string]>).filter(([, text]) => text !== "");

/** Answers a model could give, written by hand (not the templates), one per language. */
const ANSWERS: Record<ShopperLanguage, Copy> = {
  en: {
    subject: "{firstName}, the sweater you liked is still here",
    preheader: "We kept everything in your cart, just as you left it.",
    opening:
      "Hi {firstName}, your Merino Wool Sweater is still waiting in your cart at Maple & Pine. Come back whenever it suits you and pick up where you stopped.",
    recommendationsIntro: "A few more things we think you will love",
  },
  fr: {
    subject: "{firstName}, votre pull vous attend toujours",
    preheader: "Nous avons gardé votre panier tel que vous l'avez laissé.",
    opening:
      "Bonjour {firstName}, votre Merino Wool Sweater est toujours dans votre panier chez Maple & Pine. Revenez quand vous voulez pour finaliser votre commande.",
    recommendationsIntro: "Quelques idées qui pourraient vous plaire",
  },
  de: {
    subject: "{firstName}, Ihr Pullover wartet noch auf Sie",
    preheader: "Wir haben Ihren Warenkorb so aufbewahrt, wie Sie ihn verlassen haben.",
    opening:
      "Hallo {firstName}, Ihr Merino Wool Sweater liegt noch in Ihrem Warenkorb bei Maple & Pine. Kommen Sie einfach zurück, wenn es Ihnen passt, und schließen Sie die Bestellung ab.",
    recommendationsIntro: "Vielleicht gefällt Ihnen auch eines davon",
  },
  es: {
    subject: "{firstName}, tu jersey todavía te espera",
    preheader: "Guardamos tu carrito tal como lo dejaste.",
    opening:
      "¡Hola, {firstName}! Tu Merino Wool Sweater sigue en tu carrito de Maple & Pine. Vuelve cuando te venga bien y termina tu pedido.",
    recommendationsIntro: "Unas ideas que te pueden encantar",
  },
  it: {
    subject: "{firstName}, il tuo maglione ti aspetta ancora",
    preheader: "Abbiamo conservato il carrello così come l'hai lasciato.",
    opening:
      "Ciao {firstName}, il tuo Merino Wool Sweater è ancora nel carrello su Maple & Pine. Torna quando vuoi per completare l'ordine.",
    recommendationsIntro: "Qualche idea che potrebbe piacerti",
  },
  nl: {
    subject: "{firstName}, je trui wacht nog op je",
    preheader: "We hebben je winkelwagen bewaard zoals je hem achterliet.",
    opening:
      "Hoi {firstName}, je Merino Wool Sweater ligt nog in je winkelwagen bij Maple & Pine. Kom terug wanneer het je uitkomt en rond je bestelling af.",
    recommendationsIntro: "Een paar ideeën die je misschien mooi vindt",
  },
  pt: {
    subject: "{firstName}, sua blusa ainda está esperando por você",
    preheader: "Guardamos o seu carrinho do jeito que você deixou.",
    opening:
      "Olá, {firstName}! Sua Merino Wool Sweater continua no seu carrinho da Maple & Pine. Volte quando quiser para concluir o pedido.",
    recommendationsIntro: "Algumas ideias que você pode adorar",
  },
  ja: {
    subject: "{firstName}様、お選びのセーターがお待ちしています",
    preheader: "カートの中身はそのまま保存しています。",
    opening:
      "{firstName}様、Maple & PineのカートにMerino Wool Sweaterが残っています。ご都合のよいときにご注文を完了してください。",
    recommendationsIntro: "こちらの商品もぜひご覧ください",
  },
};

function templateAnswers(language: ShopperLanguage): Copy[] {
  const offers = [
    null,
    { codes: [], percentOff: 10, freeShipping: true, expiresAt: new Date("2026-12-05T20:00:00Z") },
  ];
  return COPY_TONES.flatMap((tone) =>
    [1, 2, 3].flatMap((step) =>
      offers.map((offer) => {
        const copy = templateCopy({
          shopName: FACTS[0]!,
          firstName: null,
          locale: language,
          lines: [{ title: FACTS[1]!, quantity: 1 }],
          offer,
          step,
          stepCount: 3,
          hasRecommendations: true,
          timeZone: "UTC",
          tone,
        });
        return { ...copy, recommendationsIntro: copy.recommendationsIntro ?? "" };
      }),
    ),
  );
}

describe("findLanguageMismatch", () => {
  it("accepts hand-written answers in each of the eight languages", () => {
    for (const language of SHOPPER_LANGUAGES) {
      expect(findLanguageMismatch(fieldsOf(ANSWERS[language]), language, FACTS), language).toBeNull();
    }
  });

  it("rejects every answer written in another language than the shopper's", () => {
    for (const asked of SHOPPER_LANGUAGES) {
      for (const written of SHOPPER_LANGUAGES) {
        if (written === asked) continue;
        const mismatch = findLanguageMismatch(fieldsOf(ANSWERS[written]), asked, FACTS);
        expect(mismatch, `${written} answer for ${asked}`).not.toBeNull();
      }
    }
  });

  it("accepts every template text in its own language and rejects it in each other one", () => {
    for (const language of SHOPPER_LANGUAGES) {
      for (const copy of templateAnswers(language)) {
        expect(findLanguageMismatch(fieldsOf(copy), language, FACTS), copy.opening).toBeNull();
        for (const other of SHOPPER_LANGUAGES.filter((candidate) => candidate !== language)) {
          expect(
            findLanguageMismatch(fieldsOf(copy), other, FACTS),
            `${copy.opening} as ${other}`,
          ).not.toBeNull();
        }
      }
    }
  });

  it("names the one field that slipped into another language", () => {
    expect(
      findLanguageMismatch(
        fieldsOf({ ...ANSWERS.de, recommendationsIntro: "You might also like these picks" }),
        "de",
        FACTS,
      ),
    ).toEqual({ field: "recommendationsIntro", detail: "recommendationsIntro reads as English, not German" });
    expect(
      findLanguageMismatch(fieldsOf({ ...ANSWERS.es, opening: ANSWERS.en.opening }), "es", FACTS),
    ).toEqual({ field: "opening", detail: "opening reads as English, not Spanish" });
    expect(
      findLanguageMismatch(fieldsOf({ ...ANSWERS.pt, preheader: ANSWERS.es.preheader }), "pt", FACTS),
    ).toMatchObject({ field: "preheader" });
    expect(
      findLanguageMismatch(fieldsOf({ ...ANSWERS.ja, subject: "Your cart is waiting" }), "ja", FACTS),
    ).toEqual({ field: "subject", detail: "subject is not in Japanese" });
    expect(
      findLanguageMismatch(fieldsOf({ ...ANSWERS.fr, subject: ANSWERS.ja.subject }), "fr", FACTS),
    ).toEqual({ field: "subject", detail: "subject reads as Japanese, not French" });
  });

  it("does not count the shop's name and the titles, which may be in any language", () => {
    const facts = ["The Little Shop of Things", "You Are The Best Mug In The World"];
    const opening =
      "Hallo, Sie haben „You Are The Best Mug In The World“ im Warenkorb bei The Little Shop of Things gelassen.";
    expect(findLanguageMismatch([["opening", opening]], "de", facts)).toBeNull();
    expect(findLanguageMismatch([["opening", opening]], "de", [])).toMatchObject({ field: "opening" });
  });

  it("lets a short field with no telling words pass when the rest of the answer shows the language", () => {
    expect(
      findLanguageMismatch(fieldsOf({ ...ANSWERS.de, subject: "Noch unentschlossen?" }), "de", FACTS),
    ).toBeNull();
    expect(findLanguageMismatch([["subject", "Noch unentschlossen?"]], "de", FACTS)).toEqual({
      field: "subject",
      detail: "the copy does not read as German",
    });
  });
});
