import { decodeHTML } from "entities";

/**
 * Product descriptions arrive as merchant HTML (webhooks) or as Shopify's own plain text (bulk export). The
 * catalog keeps one line of plain text for recommendations and prompts: tags dropped, entities decoded,
 * whitespace collapsed, length capped.
 */

export const MAX_DESCRIPTION_LENGTH = 5000;

// Bigger inputs are cut before scanning; far more than MAX_DESCRIPTION_LENGTH of text survives anyway.
const MAX_HTML_LENGTH = 500_000;

// Their content is code or markup, never text a shopper reads.
const SKIPPED_CONTENT = new Set("script style template noscript svg head title".split(" "));

// Tags that separate words; inline ones (<b>, <span>) do not, so "<b>B</b>old" stays "Bold".
const SEPARATING = new Set(
  (
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr " +
    "img li main nav ol p pre section table tbody td tfoot th thead tr ul"
  ).split(" "),
);

const TAG_NAME = /<\/?([A-Za-z][A-Za-z0-9-]*)/y;

/**
 * Every HTML5 named and numeric reference, as a browser reads text (`entities`, the decoder htmlparser2 and
 * react-email use): "&Eacute;" is É, "&ntilde;" is ñ, an invalid code point is U+FFFD. One pass, so "&amp;lt;"
 * becomes the text "&lt;" and not "<".
 */
export function decodeEntities(text: string): string {
  return decodeHTML(text);
}

/** Collapses whitespace to single spaces and caps the length without splitting a surrogate pair. */
export function collapseText(text: string, maxLength = MAX_DESCRIPTION_LENGTH): string {
  const collapsed = text.replace(/\s+/g, " ").trim();
  if (collapsed.length <= maxLength) return collapsed;
  const cut = /[\uD800-\uDBFF]/.test(collapsed[maxLength - 1] ?? "") ? maxLength - 1 : maxLength;
  return collapsed.slice(0, cut).trimEnd();
}

/**
 * A linear scan rather than regular expressions over the whole document, so a hostile description (thousands
 * of unclosed <script tags) costs no more than its length.
 */
export function htmlToText(html: string, maxLength = MAX_DESCRIPTION_LENGTH): string {
  const source = html.length > MAX_HTML_LENGTH ? html.slice(0, MAX_HTML_LENGTH) : html;
  const lower = source.toLowerCase();
  const parts: string[] = [];
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf("<", index);
    if (open === -1) {
      parts.push(source.slice(index));
      break;
    }
    parts.push(source.slice(index, open));
    if (source.startsWith("<!--", open)) {
      const end = source.indexOf("-->", open + 4);
      index = end === -1 ? source.length : end + 3;
      continue;
    }
    TAG_NAME.lastIndex = open;
    const tag = TAG_NAME.exec(source);
    if (!tag) {
      // A "<" that starts no tag ("3 < 5") is text.
      parts.push("<");
      index = open + 1;
      continue;
    }
    const close = source.indexOf(">", open);
    if (close === -1) break;
    const name = (tag[1] as string).toLowerCase();
    index = close + 1;
    if (SKIPPED_CONTENT.has(name) && source[open + 1] !== "/") {
      const end = lower.indexOf(`</${name}`, index);
      const endClose = end === -1 ? -1 : source.indexOf(">", end);
      index = endClose === -1 ? source.length : endClose + 1;
    }
    parts.push(SEPARATING.has(name) || SKIPPED_CONTENT.has(name) ? " " : "");
  }
  return collapseText(decodeEntities(parts.join("")), maxLength);
}
