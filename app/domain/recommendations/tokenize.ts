/**
 * Words of product text for TF-IDF: lowercased, accents folded, stop words dropped, plurals folded, and model
 * numbers ("xps-13", "m2", "3080ti", "3.5mm") kept whole. Letters and digits of every script count, so a
 * catalog in German, Polish or Japanese is tokenised too; Chinese and Japanese, written without spaces, are cut
 * into overlapping character pairs, the usual stand-in for a dictionary segmenter.
 */

/**
 * English function words, which say nothing about a product. Other languages' stop words, and a shop's own
 * boilerplate ("free shipping"), are left to IDF: a word in most of a catalog's products weighs little anyway.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any are aren as at be because been before being below " +
    "between both but by can cannot could couldn did didn do does doesn doing don down during each even ever every " +
    "few for from further get gets had hadn has hasn have haven having he her here hers herself him himself his how " +
    "however i if in into is isn it its itself just let ll me more most much must mustn my myself no nor not now of " +
    "off on once one only or other ought our ours ourselves out over own per re same shan she should shouldn so " +
    "some such than that the their theirs them themselves then there these they this those through thus to too " +
    "under until up upon us ve very via was wasn we were weren what when where which while who whom whose why will " +
    "with within without won would wouldn yet you your yours yourself yourselves"
  ).split(" "),
);

/** Longer runs are URLs, hashes or glued-together markup, never a word a shopper would share with a product. */
const MAX_TOKEN_LENGTH = 40;

// Runs of letters and digits of any script, joined by inner hyphens, slashes and dots ("usb-c", "1/2", "2.5l").
// Marks belong to the word they follow: Devanagari, Thai or Arabic vowel signs are marks, not letters.
const TOKEN_PATTERN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-./][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;
// The same for text of printable ASCII only, several times faster.
const ASCII_TOKEN_PATTERN = /[a-z0-9]+(?:[-./][a-z0-9]+)*/g;
const NOT_PLAIN_ASCII = /[^\t\n\r\x20-\x7e]/;
// Scripts written without spaces between words. Script_Extensions, so the marks Japanese shares between its
// syllabaries (the long-vowel mark "ー") count as Japanese.
const UNSPACED_SCRIPT = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u;
const UNSPACED_RUNS =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]+|[^\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]+/gu;
const LATIN_WORD = /^[a-z]+$/;

/**
 * Lowercase with accents removed ("Crème Brûlée" -> "creme brulee") and compatibility forms folded (full-width
 * "ＸＰＳ" -> "xps", "ﬁ" -> "fi"). Only the combining marks of the Latin, Greek and Cyrillic accent block are
 * removed: the vowel signs of Indic scripts are marks too, and without them the words are misspelt.
 */
export function normalizeText(text: string): string {
  // Most catalog text is plain ASCII, which Unicode normalisation would leave as it is, only slower.
  if (!NOT_PLAIN_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .toLowerCase();
}

/**
 * Folds the common English plural endings (S-stemmer, Harman 1991, with -xes/-ches/-shes/-sses added) so that
 * "shoes" meets "shoe" and "batteries" meets "battery". Only plain Latin words of four letters or more are
 * touched; "glass", "status" and "chess" are left alone.
 */
export function foldPlural(word: string): string {
  if (word.length < 4 || !LATIN_WORD.test(word)) return word;
  if (word.endsWith("ies") && !word.endsWith("eies") && !word.endsWith("aies"))
    return `${word.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("es") && !/[aeo]es$/.test(word)) return word.slice(0, -1);
  if (word.endsWith("s") && !/(?:us|ss|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** "t-shirts" -> "t-shirt": a compound is plural by its last word. */
function foldCompoundPlural(token: string): string {
  const match = /^(.*[-/])([a-z]+)$/.exec(token);
  return match ? `${match[1]}${foldPlural(match[2] as string)}` : token;
}

function keep(token: string, output: string[]) {
  if (token.length > MAX_TOKEN_LENGTH) return;
  // One letter or digit on its own ("t" of "t-shirt", "5" of "5 pack") tells products apart by accident only.
  if (token.length < 2 && !UNSPACED_SCRIPT.test(token)) return;
  if (STOP_WORDS.has(token)) return;
  output.push(LATIN_WORD.test(token) ? foldPlural(token) : foldCompoundPlural(token));
}

function pushUnspaced(run: string, output: string[]) {
  const chars = Array.from(run);
  if (chars.length === 1) {
    output.push(run);
    return;
  }
  for (let index = 0; index + 1 < chars.length; index++) output.push(`${chars[index]}${chars[index + 1]}`);
}

function pushWord(word: string, output: string[], isAscii: boolean) {
  if (isAscii || !UNSPACED_SCRIPT.test(word)) {
    keep(word, output);
    return;
  }
  for (const run of word.match(UNSPACED_RUNS) ?? []) {
    if (UNSPACED_SCRIPT.test(run)) pushUnspaced(run, output);
    else keep(run, output);
  }
}

/** Appends the tokens of `text` to `output` (so a caller can gather several fields without copying). */
export function tokenizeInto(text: string, output: string[], maxTokens = Infinity): void {
  let normalized = normalizeText(text);
  // "Men's" -> "men", "don't" -> "dont": the possessive carries nothing, the apostrophe splits nothing.
  if (normalized.includes("'") || normalized.includes("’")) {
    normalized = normalized
      .replace(/(\p{L})['’]s(?![\p{L}\p{N}])/gu, "$1")
      .replace(/(\p{L})['’](?=\p{L})/gu, "$1");
  }
  const isAscii = !NOT_PLAIN_ASCII.test(normalized);
  const start = output.length;
  for (const match of normalized.matchAll(isAscii ? ASCII_TOKEN_PATTERN : TOKEN_PATTERN)) {
    if (output.length - start >= maxTokens) return;
    const token = match[0];
    const isCompound = token.includes("-") || token.includes("/");
    if (!isCompound && !token.includes(".")) {
      pushWord(token, output, isAscii);
      continue;
    }
    // A joined token is kept whole ("xps-13", "usb-c", "2.5l"); hyphen and slash compounds add their parts
    // too, so "xps-13" also meets "XPS 15" and "t-shirt" meets "shirt". Dotted ones are decimals or versions,
    // whose parts mean nothing alone.
    keep(token, output);
    if (!isCompound) continue;
    for (const part of token.split(/[-/.]/)) {
      if (part.length > 0) pushWord(part, output, isAscii);
    }
  }
}

export function tokenize(text: string, maxTokens?: number): string[] {
  const output: string[] = [];
  tokenizeInto(text, output, maxTokens);
  return output;
}
