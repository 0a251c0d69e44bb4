import { AppError } from "~/lib/app-error";
import { isFreeShippingCode } from "./discount-code";

/**
 * The recovery link with the offer's codes applied.
 *
 * How: the codes go into the `discount` query parameter of the recovery URL itself, comma-separated
 * (`…/recover?key=K&discount=CB-7KQ2MXPA,CB-7KQ2MXPA-SHIP`). Shopify's checkout applies the `discount`
 * parameter of its URLs (its own cart links redirect to `/checkouts/…?discount=CODE`, and cart permalinks
 * take several codes as `discount=CODE1,CODE2`), so both codes arrive in one hop, with no storefront page
 * in between. Verify on a development store when Shopify changes its checkout URLs.
 *
 * The percentage code always comes first. The two codes combine (each is created combinable with the
 * other's class, shopify-discount-terms.ts), but Shopify's checkout has been seen to apply only the first
 * code it is handed (Shopify/hydrogen#1371: the cart's checkout URL redirects to `?discount=FIRST` and only
 * FIRST applies; Shopify/hydrogen-v1#2344: a shipping and an order code in the cart, one in checkout). If
 * that happens, the shopper gets the code worth more, and the email names each code with what it gives, so
 * the free-shipping one can be typed in. Not verified on a live store from here.
 *
 * Why not the shareable link `https://<host>/discount/<CODE>?redirect=<path>`: it is an Online Store route
 * (headless shops and shops without the channel answer 404, breaking the whole link), it stores a single
 * code in a cookie (chaining two such links keeps only the last code), and its `redirect` parameter is the
 * kind of thing that turns into an open redirect. Here nothing redirects: the result is the recovery URL's
 * own origin and path, with its own query (the recovery `key` included) plus the codes.
 */

/** Query parameters that send a browser elsewhere; a recovery URL has none, so any found is dropped. */
const REDIRECT_PARAMETERS = [
  "redirect",
  "redirect_to",
  "redirect_url",
  "return_to",
  "return_url",
  "checkout_url",
];

// Letters, digits and hyphens only: nothing in a code can end the parameter, add another, or change the path.
const SAFE_CODE = /^[A-Z0-9][A-Z0-9-]{0,63}$/;

export function applyOfferToUrl(recoveryUrl: string, codes: string[]): string {
  let url: URL;
  try {
    url = new URL(recoveryUrl);
  } catch {
    throw new AppError("UNPROCESSABLE", "The recovery URL is not a valid URL");
  }
  if (url.protocol !== "https:") throw new AppError("UNPROCESSABLE", "The recovery URL must use https");
  // Credentials or a port would make the link point somewhere other than the shop's checkout as users read it.
  if (url.username || url.password || url.port) {
    throw new AppError("UNPROCESSABLE", "The recovery URL must be a plain https URL of the shop");
  }
  // Stable: the percentage codes keep their order, the free-shipping ones follow.
  const unique = [...new Set(codes)].sort(
    (a, b) => Number(isFreeShippingCode(a)) - Number(isFreeShippingCode(b)),
  );
  for (const code of unique) {
    if (!SAFE_CODE.test(code))
      throw new AppError("UNPROCESSABLE", "A discount code has unexpected characters");
  }

  const query = new URLSearchParams(url.search);
  for (const name of [...REDIRECT_PARAMETERS, "discount"]) query.delete(name);
  const rest = query.toString();
  // The comma stays literal, as Shopify documents it; the codes need no escaping (SAFE_CODE).
  const discount = unique.length > 0 ? `discount=${unique.join(",")}` : "";
  const search = [rest, discount].filter(Boolean).join("&");
  return `${url.origin}${url.pathname}${search ? `?${search}` : ""}`;
}
