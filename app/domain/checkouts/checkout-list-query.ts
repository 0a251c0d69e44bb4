import { z } from "zod";
import { CHECKOUT_SORTS, type CheckoutSort } from "./checkout-list-options";
import { CHECKOUT_FILTERS } from "./checkout-status";

/**
 * The checkout list's URL: filter, search, sort and page cursor all live in the search params, so a view can
 * be shared and the back button returns to the previous page. A hand-edited or stale value falls back to the
 * default instead of failing the page.
 */

/** Longest search accepted: an email address is at most 254 characters. */
const MAX_QUERY_LENGTH = 254;

/**
 * A page boundary: the sort value of the row and its id, which breaks ties, so rows with the same time or
 * value are neither repeated nor skipped between pages. Written "value~id" (neither part contains "~").
 */
export interface CheckoutCursor {
  /** ISO timestamp (last activity) or integer minor units (cart value). */
  value: string | number;
  id: string;
}

const CURSOR_PATTERN = /^([^~]{1,40})~([A-Za-z0-9_-]{1,64})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export function encodeCursor(cursor: CheckoutCursor): string {
  return `${cursor.value}~${cursor.id}`;
}

/** The cursor for `sort`, or null when the text is not one (a cursor of another sort included). */
export function decodeCursor(text: string, sort: CheckoutSort): CheckoutCursor | null {
  const match = CURSOR_PATTERN.exec(text);
  if (!match) return null;
  const [, value = "", id = ""] = match;
  if (sort.startsWith("activity")) {
    return ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)) ? { value, id } : null;
  }
  const amount = Number(value);
  return /^-?\d{1,15}$/.test(value) && Number.isSafeInteger(amount) ? { value: amount, id } : null;
}

export const CheckoutListParamsSchema = z
  .object({
    status: z.enum(CHECKOUT_FILTERS).catch("all"),
    sort: z.enum(CHECKOUT_SORTS).catch("activity-desc"),
    q: z
      .string()
      .catch("")
      .transform((value) => value.trim().slice(0, MAX_QUERY_LENGTH)),
    /**
     * A segment id (or "default"); whether it is one of the shop's is known only with its segments, so the
     * list checks it (list-checkouts.server.ts) and says so when it is not. Blank is no filter.
     */
    segment: z
      .string()
      .max(200)
      .optional()
      .catch(undefined)
      .transform((value) => value?.trim() || undefined),
    after: z.string().max(200).optional().catch(undefined),
    before: z.string().max(200).optional().catch(undefined),
  })
  .transform(({ after, before, ...rest }) => {
    // One direction at a time; "before" (going back) wins when a URL carries both.
    const backward = before ? decodeCursor(before, rest.sort) : null;
    const forward = !backward && after ? decodeCursor(after, rest.sort) : null;
    return {
      ...rest,
      cursor: backward ?? forward,
      direction: backward ? ("before" as const) : ("after" as const),
    };
  });
export type CheckoutListParams = z.infer<typeof CheckoutListParamsSchema>;

export function parseCheckoutListParams(searchParams: URLSearchParams): CheckoutListParams {
  return CheckoutListParamsSchema.parse(Object.fromEntries(searchParams));
}
