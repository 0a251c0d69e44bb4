import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, Text } from "@shopify/polaris";
import type { SegmentFigures } from "~/domain/analytics";
import { MIN_GROUP_SIZE } from "~/domain/analytics/lift";
import {
  recommendOffer,
  type OfferArmFigures,
  type OfferExperimentFigures,
} from "~/domain/analytics/offer-experiment";
import { OFFER_ARM_IN_SENTENCE, OFFER_ARM_LABELS, isOfferArm } from "~/domain/discounts/offer-arms";
import type { Interval } from "~/domain/analytics/statistics";
import {
  formatAmount,
  formatCount,
  formatRate,
  formatSignedAmount,
  formatSignedCount,
  NO_VALUE,
} from "./dashboard-format";
import { ActionAnswerLine, type ActionAnswer } from "./action-answer";
import { RangeLines } from "./range-lines";

/** An arm's name at the start of a table row, and in the middle of a sentence. */
const armTitle = (arm: string) => (isOfferArm(arm) ? OFFER_ARM_LABELS[arm] : arm);
const armInSentence = (arm: string) => (isOfferArm(arm) ? OFFER_ARM_IN_SENTENCE[arm] : arm);

/** "+$1.20 (-$0.40 to +$2.80)": an estimate and its always-valid 95% interval, each in `format`. */
const withRange = (interval: Interval, format: (value: number) => string) =>
  // A range of one value is exact (an offer without a code costs nothing): no brackets.
  interval.low === interval.high
    ? format(interval.estimate)
    : `${format(interval.estimate)} (${format(interval.low)} to ${format(interval.high)})`;

/** Why an arm has no figures against the holdout yet, in two or three words. */
const notYet = (arm: OfferArmFigures) =>
  arm.versusHoldout.status === "NO_HOLDOUT" ? "No holdout" : "Too few to tell";

/** One measured figure of an arm against the holdout, or why there is none. */
function versusCell(arm: OfferArmFigures, interval: Interval | null, format: (value: number) => string) {
  return arm.versusHoldout.status === "MEASURED" && interval ? (
    <RangeLines text={withRange(interval, format)} />
  ) : (
    notYet(arm)
  );
}

/** The smallest difference per checkout the test can see now (80% power), in money. */
function detectableCell(arm: OfferArmFigures, currency: string): string {
  const smallest = arm.versusHoldout.minimumDetectableProfitPerCheckoutMinor;
  return smallest === null ? NO_VALUE : formatAmount(Math.round(smallest), currency);
}

const perCheckout = (minor: number | null, currency: string) =>
  minor === null ? NO_VALUE : formatAmount(Math.round(minor), currency);

function OfferTest({
  segment,
  test,
  currency,
}: {
  segment: SegmentFigures;
  test: OfferExperimentFigures;
  currency: string;
}) {
  const fetcher = useFetcher<ActionAnswer>();
  const recommendation = recommendOffer(test, {
    segmentName: segment.name,
    armLabel: armInSentence,
    formatMoney: (minor) => formatAmount(minor, currency),
  });
  const money = (minor: number) => formatSignedAmount(Math.round(minor), currency);
  const plainMoney = (minor: number) => formatAmount(Math.round(minor), currency);
  // Per checkout, with the held-out checkouts for reference; then what each offer added in all.
  const perCheckoutRows = [
    [
      "Held out (no email)",
      formatCount(test.holdout.enrollments),
      formatRate(test.holdout.recoveryRate),
      perCheckout(test.holdout.profitPerCheckoutMinor, currency),
      NO_VALUE,
      NO_VALUE,
    ],
    ...test.arms.map((arm) => [
      armTitle(arm.arm),
      formatCount(arm.group.enrollments),
      formatRate(arm.group.recoveryRate),
      perCheckout(arm.group.profitPerCheckoutMinor, currency),
      versusCell(arm, arm.versusHoldout.profitPerCheckoutDifferenceMinor, money),
      detectableCell(arm, currency),
    ]),
  ];
  const addedRows = test.arms.map((arm) => [
    armTitle(arm.arm),
    versusCell(arm, arm.versusHoldout.incrementalRecoveries, formatSignedCount),
    versusCell(arm, arm.versusHoldout.incrementalRevenueMinor, money),
    arm.discountCostMinor ? <RangeLines text={withRange(arm.discountCostMinor, plainMoney)} /> : notYet(arm),
    versusCell(arm, arm.versusHoldout.incrementalProfitMinor, money),
  ]);
  const pairs = test.pairs.map((pair) => {
    const interval = pair.status === "MEASURED" ? pair.profitPerCheckoutDifferenceMinor : null;
    const names = `${armTitle(pair.arm)} against ${armInSentence(pair.versus)}`;
    return interval
      ? `${names}: ${withRange(interval, money)} profit per checkout.`
      : `${names}: too few checkouts to tell.`;
  });
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {segment.isDeleted ? `${segment.name} (deleted)` : segment.name}
      </Text>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric", "text", "numeric"]}
        headings={[
          "Offer",
          "Checkouts",
          "Ordered",
          "Profit per checkout",
          "Profit added per checkout, against held out",
          "Smallest it can see",
        ]}
        rows={perCheckoutRows}
        increasedTableDensity
      />
      <DataTable
        columnContentTypes={["text", "text", "text", "text", "text"]}
        headings={["Against held out", "Orders added", "Revenue added", "Discount cost", "Profit added"]}
        rows={addedRows}
        increasedTableDensity
      />
      <BlockStack gap="100">
        {pairs.map((line) => (
          <Text as="p" variant="bodySm" key={line}>
            {line}
          </Text>
        ))}
      </BlockStack>
      {recommendation ? (
        <Banner tone="success" title="One offer earns more">
          <BlockStack gap="200">
            <Text as="p">{recommendation.sentence}</Text>
            {segment.isDeleted ? null : (
              <fetcher.Form method="post" action="/app/offers/apply">
                <input type="hidden" name="segmentId" value={segment.segmentId} />
                <input type="hidden" name="arm" value={recommendation.arm} />
                <Button submit loading={fetcher.state !== "idle"}>
                  {`Apply: ${armTitle(recommendation.arm).toLowerCase()} for ${segment.name}`}
                </Button>
              </fetcher.Form>
            )}
            <ActionAnswerLine answer={fetcher.data} />
          </BlockStack>
        </Banner>
      ) : (
        <Text as="p" tone="subdued" variant="bodySm">
          No offer is clearly the most profitable yet: keep the test running.
        </Text>
      )}
    </BlockStack>
  );
}

/**
 * The period's offer tests, one table per segment that ran one: each offer against the held-out checkouts,
 * profit first, and a recommendation with a button only when one offer is clearly the most profitable.
 * Nothing changes until the merchant presses it.
 */
export function DashboardOfferTestsCard({
  segments,
  currency,
}: {
  segments: SegmentFigures[];
  currency: string;
}) {
  const tested = segments.filter(
    (segment): segment is SegmentFigures & { offerTest: OfferExperimentFigures } =>
      segment.offerTest !== null,
  );
  if (tested.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Offer tests
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            Each checkout in a tested segment&apos;s sequence got one of its offers at random. Each offer is
            compared with the held-out checkouts (no email): the orders, revenue and gross profit it added,
            and what its codes cost. Profit is the orders&apos; gross profit (your product costs, or your
            default margin) after the discount, counted over every checkout, ordered or not. The ranges in
            brackets stay valid however often you look: they are always-valid 95% intervals, wider than a
            one-time interval, so a difference they show is real even if you check every day. &quot;Smallest
            it can see&quot; is the smallest profit difference per checkout the test would likely detect by
            now. Each group needs at least {MIN_GROUP_SIZE} checkouts.
          </Text>
        </BlockStack>
        {tested.map((segment) => (
          <OfferTest key={segment.segmentId} segment={segment} test={segment.offerTest} currency={currency} />
        ))}
      </BlockStack>
    </Card>
  );
}
