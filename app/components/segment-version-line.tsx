import { Text } from "@shopify/polaris";
import type { SegmentVersionInfo } from "~/domain/segments";

export interface SegmentCounts {
  checkouts: number;
  byKey: Map<string, number | null>;
  defaultCount: number;
  /** A newer count is on its way. */
  isStale: boolean;
}

/** "Version 3. 12 checkouts are still running on version 2." Enrolments finish the version they started. */
export function SegmentVersionLine({ info }: { info: SegmentVersionInfo | undefined }) {
  if (!info || info.current === null)
    return (
      <Text as="p" tone="subdued">
        No version yet: the first is made when this sequence is saved or first used.
      </Text>
    );
  const older = info.older
    .filter((version) => version.active > 0)
    .map(
      (version) =>
        `${version.active.toLocaleString("en")} ${version.active === 1 ? "checkout is" : "checkouts are"} still running on version ${version.number}.`,
    );
  return (
    <Text as="p" tone="subdued">
      {[`Sequence version ${info.current}.`, ...older].join(" ")}
    </Text>
  );
}

/** Condition kinds whose facts the live count cannot see as enrolment does. */
const SHOPIFY_CUSTOMER_KINDS = new Set([
  "CUSTOMER_TYPE",
  "ORDER_COUNT",
  "TOTAL_SPENT",
  "DAYS_SINCE_LAST_ORDER",
]);

/**
 * What the live count leaves out for these conditions: it reads only the orders Cartback received, where
 * enrolment asks Shopify for the customer's own figures and segment memberships.
 */
export function countCaveat(kinds: readonly string[]): string | null {
  if (kinds.includes("SHOPIFY_SEGMENT"))
    return "Shopify customer segments are asked when a checkout is enrolled, not for this count: here nobody is in one.";
  if (kinds.some((kind) => SHOPIFY_CUSTOMER_KINDS.has(kind)))
    return "Counted from the orders Cartback received; at enrolment Shopify's own figures for the customer are used.";
  return null;
}

/** "Would have caught 12 of the last 30 days' 240 checkouts". `count` undefined: not counted yet. */
export function SegmentCountLine({
  counts,
  count,
  conditionKinds = [],
}: {
  counts: SegmentCounts | null;
  count: number | null | undefined;
  /** The segment's condition kinds, for what the count cannot see. */
  conditionKinds?: readonly string[];
}) {
  const caveat = countCaveat(conditionKinds);
  const text =
    !counts || count === undefined
      ? "Counting the last 30 days' checkouts…"
      : count === null
        ? "Complete the conditions to see how many checkouts this segment would catch."
        : `Would have caught ${count.toLocaleString("en")} of the last 30 days' ${counts.checkouts.toLocaleString("en")} checkouts.`;
  return (
    <div aria-live="polite">
      <Text as="p" tone={counts?.isStale ? "subdued" : undefined}>
        {text}
      </Text>
      {caveat ? (
        <Text as="p" tone="subdued" variant="bodySm">
          {caveat}
        </Text>
      ) : null}
    </div>
  );
}
