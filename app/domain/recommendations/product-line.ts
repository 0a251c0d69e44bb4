import { normalizeText, tokenize } from "./tokenize";

/**
 * Which products are one product line: the sizes, colours or pack sizes of one thing that a shop sells as
 * separate products ("Linen Sofa - 2 seater", "Linen Sofa - 3 seater"; "Classic Tee Black M"). An email shows
 * at most one product of a line, and none of a line already in the cart: three sizes of one sofa are one
 * suggestion, not three.
 *
 * Shopify has no field for it (variants of one product are one product here already), so the key is read from
 * the title: the part before the first separator (" - ", " | ", ", ", "("), which is where shops put the
 * variant (not " / ", which joins the parts of a combination: "BILLY / OXBERG Bookcase"), without its sizes, colours and measures, prefixed by the vendor so that two brands'
 * "Classic Tee" stay apart. A title that is nothing but such words keeps its whole normalised text.
 */

const SEPARATOR = /\s[-–—|]\s|,\s|\(|\s[-–—]$/u;

const SIZE_WORDS =
  "xxxs xxs xs s m l xl xxl xxxl 2xl 3xl 4xl 5xl small medium large extra petite tall short long regular " +
  "mini maxi king queen twin single double standard oversized slim wide narrow youth kid kids adult " +
  "seater seat pack pk pcs piece pieces set count ct size one";

const COLOUR_WORDS =
  "black white grey gray silver gold rose red pink blue navy teal green olive khaki yellow mustard orange " +
  "brown tan beige cream ivory natural nude purple lilac lavender violet burgundy maroon charcoal copper " +
  "bronze brass clear multi multicolour multicolor";

const UNIT_WORDS = "cm mm m2 in inch inches ft oz ml cl l g kg lb lbs gb tb w v mah";

const IGNORED = new Set(
  [SIZE_WORDS, COLOUR_WORDS, UNIT_WORDS].flatMap((words) => tokenize(words)).concat("l", "m", "s"),
);
/** A number with at most a short unit: "42", "2.5", "80x28x202", "250ml", "3pk". Not a model name ("xps-13"). */
const MEASURE = /^\p{N}+(?:[.,/x×-]\p{N}+)*\p{L}{0,3}$/u;

/** The product line of a product: equal keys are one line. */
export function productLineKey(title: string, vendor: string | null): string {
  const normalized = normalizeText(title);
  const head = normalized.split(SEPARATOR)[0] ?? normalized;
  const kept = tokenize(head).filter((token) => !IGNORED.has(token) && !MEASURE.test(token));
  const stem = kept.length > 0 ? kept.join(" ") : normalized.replace(/\s+/g, " ").trim();
  const vendorKey = vendor === null ? "" : normalizeText(vendor).replace(/\s+/g, " ").trim();
  return `${vendorKey}|${stem}`;
}
