import { BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { Dashboard } from "~/domain/analytics";
import { MIN_GROUP_SIZE, SMALL_SAMPLE_EVENTS } from "~/domain/analytics/lift";
import {
  formatAmount,
  formatCount,
  formatInterval,
  formatPoints,
  formatRate,
  formatSignedAmount,
  formatSignedCount,
} from "./dashboard-format";

interface Metric {
  title: string;
  value: string;
  /** The one-line definition: what is counted, and by which date. */
  definition: string;
  /** The figures behind the value, when they help read it. */
  detail?: string;
}

/** One figure with its name and definition, always visible (a hover-only tooltip would hide it from many). */
export function DashboardMetricCard({ title, value, definition, detail }: Metric) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
        {detail ? <Text as="p">{detail}</Text> : null}
        <Text as="p" tone="subdued" variant="bodySm">
          {definition}
        </Text>
      </BlockStack>
    </Card>
  );
}

/** The period's headline figures, most asked-for first: what recovery earned, then what it worked on. */
export function DashboardMetrics({ figures, currency }: { figures: Dashboard["figures"]; currency: string }) {
  const { checkouts, emails, recovered, recoveryRate, discounts } = figures;
  const metrics: Metric[] = [
    {
      title: "Recovered revenue",
      value: formatAmount(recovered.revenueMinor, currency),
      definition: "Order totals of the orders recovered by email, placed in this period.",
    },
    {
      title: "Orders recovered by email",
      value: formatCount(recovered.byEmail),
      definition:
        "Orders placed in this period after a recovery email, within the attribution window or with its code. The days and the steps below count the same orders.",
    },
    {
      title: "Recovery rate",
      value: formatRate(recoveryRate.rate),
      detail:
        recoveryRate.emailed === 0
          ? "No checkout of this period was emailed."
          : `${formatCount(recoveryRate.recoveredByEmail)} of ${formatCount(recoveryRate.emailed)} emailed checkouts ordered through an email`,
      definition:
        "Counted by checkout, not by order date: of this period's abandoned checkouts that got an email, the share that ordered through one, whenever the order came. Recent ones can still convert.",
    },
    {
      title: "Discount cost",
      value: formatAmount(discounts.costMinor, currency),
      detail: `${formatCount(discounts.used)} ${discounts.used === 1 ? "code" : "codes"} used`,
      definition: "Discount given by Cartback's codes in orders placed in this period.",
    },
    {
      title: "Abandoned checkouts",
      value: formatCount(checkouts.abandoned),
      detail:
        `${formatCount(checkouts.enrolled)} in the sequence (${formatCount(recoveryRate.emailed)} emailed) · ` +
        `${formatCount(checkouts.heldOut)} held out · ${formatCount(checkouts.skipped)} skipped`,
      definition:
        "Checkouts left without an order, counted on the day of their last activity. In the sequence: emailed, or stopped or waiting before a first email. Held out: sent nothing, to measure the lift. Skipped: no consent, no address, or too old.",
    },
    {
      title: "Emails sent",
      value: formatCount(emails.sent),
      definition: "Recovery emails sent in this period, all steps together.",
    },
    {
      title: "Click rate",
      value: formatRate(emails.clickRate),
      detail:
        emails.sent === 0
          ? "No email was sent in this period."
          : `${formatCount(emails.clicked)} of ${formatCount(emails.sent)} emails clicked`,
      definition: "Share of this period's emails whose link was clicked at least once.",
    },
    {
      title: "Recovered on their own",
      value: formatCount(recovered.onTheirOwn),
      detail: `${formatAmount(recovered.onTheirOwnRevenueMinor, currency)} in orders`,
      definition:
        "Abandoned checkouts that became orders in this period without an email's credit: held out, not yet emailed, or outside the window.",
    },
  ];
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
      {metrics.map((metric) => (
        <DashboardMetricCard key={metric.title} {...metric} />
      ))}
    </InlineGrid>
  );
}

const holdoutSettings = (
  <InlineStack>
    <Button url="/app/settings" variant="plain">
      Holdout share in Settings
    </Button>
  </InlineStack>
);

/** How the lift is worked out, for whoever wants the statistics; the card itself says it in plain words. */
const LIFT_METHOD =
  "Checkouts in the sequence are compared with the held-out ones, which are drawn at random when a checkout " +
  'is enrolled. "Likely between" is an always-valid 95% interval (a normal-mixture confidence sequence, for ' +
  "the difference in the share that ordered and in revenue per checkout), scaled to the checkouts in the " +
  "sequence: it stays right however often you look, where a one-time interval checked daily would often show " +
  "a difference that is not there, so it is wider. It is rough while a group has fewer than " +
  `${SMALL_SAMPLE_EVENTS} orders or checkouts without one; nothing is claimed below ${MIN_GROUP_SIZE} ` +
  "checkouts per group.";

/**
 * What the emails added beyond the orders that would have come anyway: the checkouts in the sequence against
 * the held-out ones, with the range the true figure likely lies in, or the reason nothing is claimed (no
 * holdout, groups too small). Every order counts here, credited to an email or not; the statistics behind
 * the range are one click away.
 */
export function DashboardLift({
  lift,
  holdoutPercent,
  currency,
}: {
  lift: Dashboard["figures"]["lift"];
  holdoutPercent: number;
  currency: string;
}) {
  const group = (arm: Dashboard["figures"]["lift"]["treatment"]) =>
    `${formatCount(arm.enrollments)} checkouts, ${formatCount(arm.recovered)} ordered (${formatRate(arm.recoveryRate)})`;
  const groups = `In the sequence: ${group(lift.treatment)} · held out: ${group(lift.holdout)}.`;
  const setting =
    holdoutPercent > 0
      ? `${holdoutPercent}% of new checkouts are held out (sent no email) to measure this.`
      : "The holdout is off: no checkout is held out now.";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Incremental lift
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          Orders the emails added: this period&apos;s checkouts in the sequence against a randomly held-out
          group that got no email. Every order counts here, credited to an email or not.
        </Text>
        {lift.status === "MEASURED" &&
        lift.incrementalRecoveries &&
        lift.recoveryRateDifference &&
        lift.incrementalRevenueMinor ? (
          <BlockStack gap="200">
            <Text as="p" variant="headingLg">
              {formatSignedCount(lift.incrementalRecoveries.estimate)} recoveries added
            </Text>
            <Text as="p">
              Likely between {formatSignedCount(lift.incrementalRecoveries.low)} and{" "}
              {formatSignedCount(lift.incrementalRecoveries.high)} recoveries.
            </Text>
            <Text as="p">
              Share that ordered:{" "}
              {formatInterval(lift.recoveryRateDifference, formatPoints, " percentage points")}.
            </Text>
            <Text as="p">
              Revenue added:{" "}
              {formatInterval(lift.incrementalRevenueMinor, (value) => formatSignedAmount(value, currency))}.
            </Text>
            <Text as="p">
              {lift.isSignificant
                ? "The likely range leaves out zero: the emails made a measurable difference."
                : "The likely range includes zero: no difference is proven yet."}
            </Text>
            {lift.smallSampleNote ? (
              <Text as="p" tone="caution">
                {lift.smallSampleNote}
              </Text>
            ) : null}
          </BlockStack>
        ) : (
          <Text as="p" variant="headingLg">
            Not measured
          </Text>
        )}
        {lift.reason ? <Text as="p">{lift.reason}</Text> : null}
        <Text as="p" tone="subdued">
          {groups} {setting}
        </Text>
        {holdoutPercent === 0 ? holdoutSettings : null}
        <details>
          <summary>
            <Text as="span" variant="bodySm">
              How this is measured
            </Text>
          </summary>
          <Text as="p" tone="subdued" variant="bodySm">
            {LIFT_METHOD}
          </Text>
        </details>
      </BlockStack>
    </Card>
  );
}
