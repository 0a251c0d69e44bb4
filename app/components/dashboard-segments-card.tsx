import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { SegmentFigures } from "~/domain/analytics";
import { MIN_GROUP_SIZE } from "~/domain/analytics/lift";
import { RangeLines } from "./range-lines";
import { formatAmount, formatCount, formatPoints, formatRate, formatSignedAmount } from "./dashboard-format";

/**
 * A segment's lift in one short cell (the table must fit the page without scrolling): the difference in the
 * share that ordered, in percentage points, with its 95% interval.
 */
export function describeSegmentLift(lift: SegmentFigures["lift"]): string {
  const interval = lift.status === "MEASURED" ? lift.recoveryRateDifference : null;
  if (interval)
    return `${formatPoints(interval.estimate)} pts (${formatPoints(interval.low)} to ${formatPoints(interval.high)})`;
  if (lift.status === "NO_HOLDOUT") return "No holdout";
  return "Too few to tell";
}

/** What the segment's emails added to profit over its held-out checkouts, with its 95% interval. */
export function describeAddedProfit(added: SegmentFigures["addedOverHoldout"], currency: string): string {
  const interval = added.status === "MEASURED" ? added.incrementalProfitMinor : null;
  if (interval) {
    const money = (minor: number) => formatSignedAmount(minor, currency);
    return `${money(interval.estimate)} (${money(interval.low)} to ${money(interval.high)})`;
  }
  if (added.status === "NO_HOLDOUT") return "No holdout";
  return "Too few to tell";
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
            their codes gave, the orders&apos; gross profit after the discount, the lift: that share against
            the segment&apos;s held-out checkouts, in percentage points (pts), and the profit the emails added
            over what the held-out checkouts earned on their own. Ranges are always-valid 95% intervals: they
            stay right however often you look. At least {MIN_GROUP_SIZE} checkouts in each group are needed to
            measure them.
          </Text>
        </BlockStack>
        {hasCheckouts ? (
          <DataTable
            columnContentTypes={[
              "text",
              "numeric",
              "numeric",
              "numeric",
              "numeric",
              "numeric",
              "numeric",
              "numeric",
              "text",
              "text",
            ]}
            headings={[
              "Segment",
              "Checkouts",
              "Held out",
              "Emails",
              "Ordered",
              "Revenue",
              "Discounts",
              "Profit",
              "Lift (95%)",
              "Profit added (95%)",
            ]}
            increasedTableDensity
            rows={segments.map((segment) => [
              segment.isDeleted ? `${segment.name} (deleted)` : segment.name,
              formatCount(segment.checkouts),
              formatCount(segment.heldOut),
              formatCount(segment.emailsSent),
              formatRate(segment.orderRate),
              formatAmount(segment.orderRevenueMinor, currency),
              formatAmount(segment.discountCostMinor, currency),
              formatAmount(segment.profitMinor, currency),
              <RangeLines key="lift" text={describeSegmentLift(segment.lift)} />,
              <RangeLines key="profit" text={describeAddedProfit(segment.addedOverHoldout, currency)} />,
            ])}
          />
        ) : (
          <Text as="p">No checkout of this period entered a sequence or the holdout.</Text>
        )}
      </BlockStack>
    </Card>
  );
}
