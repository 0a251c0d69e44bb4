import { LANGUAGE_NAMES, type ShopperLanguage } from "~/domain/messages";
import { FIRST_NAME_PLACEHOLDER, OFFER_EXPIRY_PLACEHOLDER, type CopyField } from "./copy-schema";

/**
 * Whether AI copy is in the shopper's language. A model asked for German may answer in English, and an email
 * whose paragraph is English under German labels reads as broken, so such an answer falls back to the
 * templates like any other failed guardrail.
 *
 * No dependency and no model: the Latin-script languages are told apart by their short, frequent words
 * (articles, pronouns, prepositions, the words of a cart reminder), which any sentence of a few words
 * contains and which differ between these seven languages; Japanese by its script. A word shared by two
 * languages ("de", "la", "in") counts for both, so it never tips the balance. The shop's name and the
 * product titles are removed first: an English title in a German sentence is still German.
 */

const STOP_WORDS: Record<Exclude<ShopperLanguage, "ja">, string> = {
  en: `
    the a an and or you your yours we our us it its is are be been have has this that these those of to
    for with at on in from by still here there just whenever when what can might may would like left hi
    hello cart items waiting saved ready until off enjoy some more picks order finish thinking over i if
    not all s
  `,
  fr: `
    le la les l un une des du de d et ou est sont vous votre vos nous notre nos pour avec dans chez sur
    au aux ce cet cette ces qui que qu pas plus encore ici toujours bonjour quand mais il elle en à y a
    c n s tu te ton ta tes panier articles jusqu attend réduction livraison pourraient aussi plaire
  `,
  de: `
    der die das den dem des ein eine einen einem einer und oder ist sind sie ihr ihre ihren ihrem ihnen
    du dein deine deinen deinem dir dich wir uns unser mit für bei auf von zu zum zur im in noch nicht
    auch nur wenn wann immer hier hallo jetzt aber es bis gültig warenkorb artikel wartet gespeichert
    rabatt versand kostenloser könnte gefallen
  `,
  es: `
    el la los las un una unos unas y o es está están estás tu tus te ti su sus usted con para por en de
    del al que lo se sigue aquí hola todavía cuando quieras tienes también puede hasta carrito artículos
    espera descuento envío gratis válida nuestro muy ya a
  `,
  it: `
    il lo la i gli le l un una uno e è di del della dei degli delle al alla ai nel nella nei con per su
    sul sulla tuo tua tuoi tue ti ci che non sono ancora qui ciao quando hai abbiamo anche fino carrello
    articoli aspetta sconto spedizione gratuita valida validi potrebbero piacerti a da questo questa
  `,
  nl: `
    de het een en of je jouw jij u uw is zijn van voor met op bij in nog wat dat die er niet ook maar
    hier hoi hallo wij we ons onze staat wacht tot als naar om winkelwagen artikelen klaar korting
    verzending gratis geldig misschien vind leuk dit hebt heb wilt
  `,
  pt: `
    o os a as um uma e é de do da dos das no na nos nas em com para por seu sua seus suas você vocês que
    se ainda aqui olá está são te nós nosso nossa quando ao pelo pela também pode até carrinho itens
    esperando desconto frete grátis válida continua ele
  `,
};

const STOP_WORD_SETS = Object.fromEntries(
  Object.entries(STOP_WORDS).map(([language, words]) => [language, new Set(words.trim().split(/\s+/))]),
) as Record<Exclude<ShopperLanguage, "ja">, Set<string>>;

const LATIN_LANGUAGES = Object.keys(STOP_WORDS) as Array<Exclude<ShopperLanguage, "ja">>;

const JAPANESE_SCRIPT = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /\p{L}+/gu;

// Below this many hits a field says too little to be judged on its own ("Noch unentschlossen?").
const FIELD_EVIDENCE = 2;
// The whole answer must show at least this many words of its language.
const COPY_EVIDENCE = 3;

export type LanguageScores = Record<Exclude<ShopperLanguage, "ja">, number>;

/** How many of the text's words are frequent words of each Latin-script language. */
export function scoreLanguages(text: string): LanguageScores {
  const scores = Object.fromEntries(LATIN_LANGUAGES.map((language) => [language, 0])) as LanguageScores;
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    for (const language of LATIN_LANGUAGES) {
      if (STOP_WORD_SETS[language].has(word)) scores[language] += 1;
    }
  }
  return scores;
}

/** The other language that scores highest. */
function strongestRival(scores: LanguageScores, language: ShopperLanguage): Exclude<ShopperLanguage, "ja"> {
  const others = LATIN_LANGUAGES.filter((other) => other !== language);
  return others.reduce((best, other) => (scores[other] > scores[best] ? other : best), others[0]!);
}

/**
 * The language a text plainly reads as when that is not `language`; null when it reads as `language` or
 * says too little to tell ("Noch unentschlossen?"). Text meant to be Japanese must have Japanese script;
 * kana in any other language's text is Japanese.
 */
export function findOtherLanguage(text: string, language: ShopperLanguage): ShopperLanguage | null {
  if (language === "ja") {
    if (JAPANESE_SCRIPT.test(text)) return null;
    return strongestRival(scoreLanguages(text), language);
  }
  if (KANA.test(text)) return "ja";
  const scores = scoreLanguages(text);
  const rival = strongestRival(scores, language);
  return scores[rival] >= FIELD_EVIDENCE && scores[rival] > scores[language] ? rival : null;
}

export interface LanguageMismatch {
  field: CopyField;
  detail: string;
}

/**
 * The first field that is not in `language`, or the answer as a whole when it never shows that language.
 * The shop's name and the titles (`factTexts`) are left out of the reading.
 */
export function findLanguageMismatch(
  fields: Array<[CopyField, string]>,
  language: ShopperLanguage,
  factTexts: string[],
): LanguageMismatch | null {
  const name = LANGUAGE_NAMES[language];
  const texts = fields.map(([field, raw]) => [field, withoutFacts(raw, factTexts)] as const);
  for (const [field, text] of texts) {
    const other = findOtherLanguage(text, language);
    if (other === null) continue;
    if (language === "ja") return { field, detail: `${field} is not in Japanese` };
    return { field, detail: `${field} reads as ${LANGUAGE_NAMES[other]}, not ${name}` };
  }
  if (language === "ja") return null;
  const whole = scoreLanguages(texts.map(([, text]) => text).join(" "));
  if (whole[language] < COPY_EVIDENCE || whole[strongestRival(whole, language)] >= whole[language]) {
    const field = texts.some(([field]) => field === "opening") ? "opening" : (texts[0]?.[0] ?? "opening");
    return { field, detail: `the copy does not read as ${name}` };
  }
  return null;
}

/** The text without placeholders, the shop's name and the titles, which may be in any language. */
function withoutFacts(text: string, factTexts: string[]): string {
  let rest = text.split(FIRST_NAME_PLACEHOLDER).join(" ").split(OFFER_EXPIRY_PLACEHOLDER).join(" ");
  // Longest first, so a title that contains the shop's name goes whole.
  for (const fact of [...factTexts].sort((a, b) => b.length - a.length)) {
    if (fact.trim() === "") continue;
    rest = rest.replace(new RegExp(escapeRegExp(fact), "giu"), " ");
  }
  return rest;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
