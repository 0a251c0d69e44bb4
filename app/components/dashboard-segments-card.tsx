import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { SegmentFigures } from "~/domain/analytics";
import { MIN_GROUP_SIZE } from "~/domain/analytics/lift";
import { formatAmount, formatCount, formatInterval, formatPoints, formatRate } from "./dashboard-format";

/**
 * A segment's lift in one cell, in the overall lift card's words: the difference in the share that ordered,
 * in percentage points, with its 95% interval as "likely between".
 */
export function describeSegmentLift(lift: SegmentFigures["lift"]): string {
  if (lift.status === "MEASURED" && lift.recoveryRateDifference)
    return formatInterval(lift.recoveryRateDifference, formatPoints, " pts");
  if (lift.status === "NO_HOLDOUT") return "No holdout";
  return `Too few to tell (${formatCount(lift.treatment.enrollments)} in the sequence, ${formatCount(lift.holdout.enrollments)} held out)`;
}

/**
 * The period's checkouts per customer segment, in the order segments are matched, so the merchant sees which
 * strategy earns and where an offer or an email adds nothing. "Everyone else" is always a row.
 */
export function DashboardSegmentsCard({
  segments,
  currency,
}: {
  segments: SegmentFigures[];
  currency: string;
}) {
  const hasCheckouts = segments.some((segment) => segment.checkouts > 0);
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            By segment
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            This period&apos;s checkouts in a sequence or held out, by the segment that matched them, and what
            became of them whenever it happened: the emails they were sent, the share of those in the sequence
            that ordered (any order, credited to an email or not) and those orders&apos; totals, the discount
            their codes gave, and the lift: that share against the segment&apos;s held-out checkouts, in
            percentage points (pts), with its 95% interval. At least {MIN_GROUP_SIZE} checkouts in each group
            are needed to measure it.
          </Text>
        </BlockStack>
        {hasCheckouts ? (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "text"]}
            headings={[
              "Segment",
              "Checkouts",
              "Emails",
              "Ordered (in the sequence)",
              "Order revenue",
              "Discount cost",
              "Lift",
            ]}
            rows={segments.map((segment) => [
              segment.isDeleted ? `${segment.name} (deleted)` : segment.name,
              segment.heldOut > 0
                ? `${formatCount(segment.checkouts)} (${formatCount(segment.heldOut)} held out)`
                : formatCount(segment.checkouts),
              formatCount(segment.emailsSent),
              formatRate(segment.orderRate),
              formatAmount(segment.orderRevenueMinor, currency),
              formatAmount(segment.discountCostMinor, currency),
              describeSegmentLift(segment.lift),
            ])}
          />
        ) : (
          <Text as="p">No checkout of this period entered a sequence or the holdout.</Text>
        )}
      </BlockStack>
    </Card>
  );
}
