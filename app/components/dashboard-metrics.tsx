import { BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { Dashboard } from "~/domain/analytics/dashboard";
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
        "Orders placed in this period after a recovery email, within the attribution window or with its code.",
    },
    {
      title: "Recovery rate",
      value: formatRate(recoveryRate.rate),
      detail:
        recoveryRate.emailed === 0
          ? "No checkout of this period was emailed."
          : `${formatCount(recoveryRate.recoveredByEmail)} of ${formatCount(recoveryRate.emailed)} emailed checkouts`,
      definition:
        "Of this period's abandoned checkouts that got an email, the share recovered by email; recent ones can still convert.",
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
      detail: `${formatCount(checkouts.enrolled)} emailed · ${formatCount(checkouts.heldOut)} held out · ${formatCount(checkouts.skipped)} not emailed`,
      definition:
        "Checkouts left without an order, counted on the day of their last activity, whether emailed or not.",
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

/**
 * What the emails added beyond the orders that would have come anyway: treatment against holdout, with its
 * 95% confidence interval, or the reason nothing is claimed (no holdout, groups too small).
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
  const groups =
    `Emailed: ${formatCount(lift.treatment.enrollments)} checkouts, ${formatRate(lift.treatment.recoveryRate)} recovered · ` +
    `held out: ${formatCount(lift.holdout.enrollments)} checkouts, ${formatRate(lift.holdout.recoveryRate)} recovered.`;
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
          Recoveries the emails added, comparing this period&apos;s emailed checkouts with a randomly held-out
          group that got no email. Every recovered order counts, credited to an email or not.
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
              95% confidence interval: {formatSignedCount(lift.incrementalRecoveries.low)} to{" "}
              {formatSignedCount(lift.incrementalRecoveries.high)} recoveries.
            </Text>
            <Text as="p">
              Recovery rate: {formatInterval(lift.recoveryRateDifference, formatPoints, " percentage points")}
              .
            </Text>
            <Text as="p">
              Revenue added:{" "}
              {formatInterval(lift.incrementalRevenueMinor, (value) => formatSignedAmount(value, currency))}.
            </Text>
            <Text as="p">
              {lift.isSignificant
                ? "The interval does not include zero: the emails made a measurable difference."
                : "The interval includes zero: no difference is proven yet."}
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
      </BlockStack>
    </Card>
  );
}
