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

/** "Would have caught 12 of the last 30 days' 240 checkouts". `count` undefined: not counted yet. */
export function SegmentCountLine({
  counts,
  count,
}: {
  counts: SegmentCounts | null;
  count: number | null | undefined;
}) {
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
    </div>
  );
}
