import { BlockStack, Box, Button, Card, Collapsible, DataTable, InlineStack, Text } from "@shopify/polaris";
import { lazy, Suspense, useEffect, useId, useState, type ReactNode } from "react";
import type { DailyPoint } from "~/domain/analytics";
import type { ChartSeries } from "./dashboard-charts.client";
import { formatAmount, formatCount, formatDate, formatDateRange } from "./dashboard-format";

// Loaded in the browser after hydration only: the charts are not needed for the first paint, and polaris-viz
// cannot render on the server (it measures its container).
const CheckoutsChart = lazy(() =>
  import("./dashboard-charts.client").then((module) => ({ default: module.CheckoutsChart })),
);
const RevenueChart = lazy(() =>
  import("./dashboard-charts.client").then((module) => ({ default: module.RevenueChart })),
);

export const CHECKOUTS_CHART_HEIGHT = 260;
export const REVENUE_CHART_HEIGHT = 200;

// Explicit colours, so the page's own legend matches the bars; each has at least 3:1 contrast on white.
const CHECKOUT_SERIES: ChartSeries[] = [
  { name: "Abandoned", color: "#5c5f62", value: (day) => day.abandoned },
  { name: "Recovered by email", color: "#007f5f", value: (day) => day.recovered },
  { name: "Recovered on their own", color: "#b25d00", value: (day) => day.recoveredOnTheirOwn },
];
const REVENUE_SERIES: ChartSeries[] = [
  { name: "Recovered revenue", color: "#007f5f", value: (day) => day.revenueMinor },
];

/** The chart's key, drawn by the page; hidden from assistive technology with the chart it explains. */
function Legend({ series }: { series: ChartSeries[] }) {
  return (
    <div aria-hidden="true">
      <InlineStack gap="400" wrap>
        {series.map((entry) => (
          <Box key={entry.name}>
            <InlineStack gap="150" blockAlign="center" wrap={false}>
              <span
                style={{
                  width: 12,
                  height: 12,
                  borderRadius: 3,
                  background: entry.color,
                  display: "inline-block",
                }}
              />
              <Text as="span" variant="bodySm">
                {entry.name}
              </Text>
            </InlineStack>
          </Box>
        ))}
      </InlineStack>
    </div>
  );
}

/**
 * A fixed-height slot: the server and the first browser render show a placeholder of exactly the chart's
 * height, so nothing below moves when the chart arrives (layout shift).
 *
 * The chart is a picture for sighted users; the summary above and the table below carry the same figures for
 * everyone else. The slot is therefore inert (out of the accessibility tree and the tab order): polaris-viz's
 * SVG roles fail an accessibility audit (list roles with non-item children), and its bar groups take focus
 * one day at a time. The price is its hover tooltips; the table has the exact numbers. React 18 does not
 * know the inert attribute, so it is set on the element once mounted; aria-hidden covers the server render.
 */
const makeInert = (node: HTMLDivElement | null) => node?.setAttribute("inert", "");

function ChartSlot({ height, children }: { height: number; children: () => ReactNode }) {
  const [isMounted, setIsMounted] = useState(false);
  useEffect(() => setIsMounted(true), []);
  const placeholder = (
    <div
      style={{
        height,
        borderRadius: "var(--p-border-radius-200)",
        background: "var(--p-color-bg-surface-secondary)",
      }}
    />
  );
  return (
    <div ref={makeInert} style={{ height, position: "relative" }} aria-hidden="true" data-chart-slot="">
      {isMounted ? <Suspense fallback={placeholder}>{children()}</Suspense> : placeholder}
    </div>
  );
}

function peakOf(days: DailyPoint[], value: (day: DailyPoint) => number): DailyPoint | null {
  return days.reduce<DailyPoint | null>(
    (best, day) => (value(day) > (best ? value(best) : 0) ? day : best),
    null,
  );
}

/** The charts' figures in one or two sentences, for screen readers and before the charts load. */
export function summarizeDays(days: DailyPoint[], currency: string): string {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return "No days in this period.";
  const total = (value: (day: DailyPoint) => number) => days.reduce((sum, day) => sum + value(day), 0);
  const busiest = peakOf(days, (day) => day.abandoned);
  const best = peakOf(days, (day) => day.revenueMinor);
  const revenue = formatAmount(
    total((day) => day.revenueMinor),
    currency,
  );
  return [
    `${formatDateRange(first.date, last.date)}: ${formatCount(total((day) => day.abandoned))} checkouts abandoned, ` +
      `${formatCount(total((day) => day.recovered))} recovered by email and ` +
      `${formatCount(total((day) => day.recoveredOnTheirOwn))} on their own.`,
    busiest ? `Most abandoned on ${formatDate(busiest.date)} (${formatCount(busiest.abandoned)}).` : "",
    best
      ? `Recovered revenue ${revenue}, highest on ${formatDate(best.date)} (${formatAmount(best.revenueMinor, currency)}).`
      : `Recovered revenue ${revenue}.`,
  ]
    .filter(Boolean)
    .join(" ");
}

/** Day by day: checkouts abandoned and recovered, and the recovered revenue, with the same data as a table. */
export function DashboardTrend({ days, currency }: { days: DailyPoint[]; currency: string }) {
  const [isTableOpen, setIsTableOpen] = useState(false);
  const tableId = useId();
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Checkouts and recoveries per day
          </Text>
          <Text as="p" tone="subdued">
            {summarizeDays(days, currency)}
          </Text>
        </BlockStack>
        <Legend series={CHECKOUT_SERIES} />
        <ChartSlot height={CHECKOUTS_CHART_HEIGHT}>
          {() => <CheckoutsChart days={days} series={CHECKOUT_SERIES} />}
        </ChartSlot>
        <Text as="h3" variant="headingSm">
          Recovered revenue per day
        </Text>
        <ChartSlot height={REVENUE_CHART_HEIGHT}>
          {() => <RevenueChart days={days} series={REVENUE_SERIES} currency={currency} />}
        </ChartSlot>
        <Box>
          <Button
            variant="plain"
            disclosure={isTableOpen ? "up" : "down"}
            ariaExpanded={isTableOpen}
            ariaControls={tableId}
            onClick={() => setIsTableOpen((open) => !open)}
          >
            {isTableOpen ? "Hide the daily figures" : "Show the daily figures as a table"}
          </Button>
        </Box>
        <Collapsible id={tableId} open={isTableOpen}>
          {isTableOpen ? (
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
              headings={[
                "Day",
                "Abandoned",
                "Recovered by email",
                "Recovered on their own",
                "Recovered revenue",
              ]}
              rows={days.map((day) => [
                formatDate(day.date),
                formatCount(day.abandoned),
                formatCount(day.recovered),
                formatCount(day.recoveredOnTheirOwn),
                formatAmount(day.revenueMinor, currency),
              ])}
              increasedTableDensity
            />
          ) : null}
        </Collapsible>
      </BlockStack>
    </Card>
  );
}
