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

/**
 * A segment the list can be filtered by: the shop's live segments in their order, its catch-all, then deleted
 * segments (their checkouts keep their name). The route reads the shop's segments and passes these in, so the
 * checkout list depends on no segment code.
 */
export interface CheckoutSegmentChoice {
  /** A Segment id, or the catch-all's id ("default"). */
  id: string;
  name: string;
  isDeleted: boolean;
  /**
   * The catch-all: it also holds enrolments that started before segments existed (no segment recorded, not
   * skipped), which ran the shop's own sequence, now the catch-all's strategy (as the dashboard counts them).
   */
  isCatchAll: boolean;
}

export function segmentChoicesOf(
  live: readonly { id: string; name: string }[],
  names: ReadonlyMap<string, string>,
  catchAll: { id: string; name: string },
): CheckoutSegmentChoice[] {
  const liveIds = new Set(live.map((segment) => segment.id));
  const deleted = [...names]
    .filter(([id]) => !liveIds.has(id) && id !== catchAll.id)
    .map(([id, name]) => ({ id, name, isDeleted: true, isCatchAll: false }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return [
    ...live.map((segment) => ({ id: segment.id, name: segment.name, isDeleted: false, isCatchAll: false })),
    { id: catchAll.id, name: catchAll.name, isDeleted: false, isCatchAll: true },
    ...deleted,
  ];
}

export const segmentChoiceLabel = (choice: CheckoutSegmentChoice) =>
  choice.isDeleted ? `${choice.name} (deleted)` : choice.name;
