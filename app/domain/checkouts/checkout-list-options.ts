/**
 * The checkout list's sorts and page size, apart from the URL's zod schema (checkout-list-query.ts) so the page's
 * component can name them without shipping zod to the browser.
 */

export const CHECKOUT_PAGE_SIZE = 50;

export const CHECKOUT_SORTS = ["activity-desc", "activity-asc", "value-desc", "value-asc"] as const;
export type CheckoutSort = (typeof CHECKOUT_SORTS)[number];

export const CHECKOUT_SORT_LABELS: Record<CheckoutSort, string> = {
  "activity-desc": "Last activity, newest first",
  "activity-asc": "Last activity, oldest first",
  "value-desc": "Cart value, highest first",
  "value-asc": "Cart value, lowest first",
};
