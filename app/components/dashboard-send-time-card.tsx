import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { Interval } from "~/domain/analytics";
import type { SendTimeFigures, SendTimeGroup } from "~/domain/experiments";
import { formatCount, formatPointsTenths, formatRateTenths, NO_VALUE } from "./dashboard-format";
import { RangeLines } from "./range-lines";

const rateCell = (successes: number, interval: Interval | null) =>
  interval === null
    ? NO_VALUE
    : `${formatCount(successes)} · ${formatRateTenths(interval.estimate)} (${formatRateTenths(interval.low)} to ${formatRateTenths(interval.high)})`;

const pointsCell = (interval: Interval | null) =>
  interval === null
    ? "Too few to tell"
    : `${formatPointsTenths(interval.estimate)} pts (${formatPointsTenths(interval.low)} to ${formatPointsTenths(interval.high)})`;

const groupRow = (name: string, group: SendTimeGroup) => [
  name,
  formatCount(group.emailed),
  <RangeLines key="clicked" text={rateCell(group.clicked, group.clickRate)} />,
  <RangeLines key="recovered" text={rateCell(group.recovered, group.recoveryRate)} />,
];

/**
 * Send-time optimisation against its control over the period: the checkouts whose emails may wait for the
 * shopper's best hour, and those sent at the plain delay. Shown once the shop has checkouts in either group.
 */
export function DashboardSendTimeCard({ sendTime }: { sendTime: SendTimeFigures }) {
  if (!sendTime.hasSendTimeEnrollments) return null;
  const { comparison } = sendTime;
  const hasEmails = comparison.optimised.emailed + comparison.control.emailed > 0;
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Send time
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            Emails with a send window may wait for the hour each shopper is most likely to read them. A
            control group, drawn at random when checkouts enter the sequence, is sent at the plain delay, to
            measure whether waiting pays. This period&apos;s emailed checkouts (by last activity); rates per
            checkout. Ranges in brackets are 95% intervals; the difference&apos;s stays valid however often
            you look.
          </Text>
        </BlockStack>
        {hasEmails ? (
          <>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={["Group", "Emailed checkouts", "Clicked", "Recovered by email"]}
              rows={[
                groupRow("Held for the best hour", comparison.optimised),
                groupRow("Sent at the delay (control)", comparison.control),
                [
                  "Difference",
                  NO_VALUE,
                  <RangeLines key="clicks" text={pointsCell(comparison.clickRateDifference)} />,
                  <RangeLines key="recoveries" text={pointsCell(comparison.recoveryRateDifference)} />,
                ],
              ]}
              increasedTableDensity
            />
            <Text as="p">{comparison.sentence}</Text>
          </>
        ) : (
          <Text as="p">No checkout of this period in either group was emailed.</Text>
        )}
      </BlockStack>
    </Card>
  );
}
