import { BarChart, LineChart, PolarisVizProvider, type DataSeries } from "@shopify/polaris-viz";
import type { DailyPoint } from "~/domain/analytics";
import { formatAmount, formatAxisAmount, formatCount, formatShortDate } from "./dashboard-format";

/**
 * The charts of the app home. polaris-viz measures its container and draws SVG in the browser, so this module
 * is browser-only (.client): the page renders a same-size placeholder on the server and loads this chunk
 * after hydration (dashboard-trend.tsx), which keeps the library out of the first paint.
 *
 * Without polaris-viz's own legend: its legend is measured after the first draw, which briefly gives the SVG
 * a negative height (console errors in the browser); the page draws the legend itself.
 *
 * Bars up to two weeks, lines beyond. A bar chart labels every bar or none: past about 20 days a bar is
 * narrower than the shortest date label, and polaris-viz then drops the x-axis altogether, so a month or a
 * quarter had no dates. A line chart labels every few days, as many as fit. The slot the charts sit in is
 * inert (dashboard-trend.tsx), so a line's points are no tab stops.
 */

export interface ChartSeries {
  name: string;
  color: string;
  value: (day: DailyPoint) => number;
}

// Axis labels get the series keys (YYYY-MM-DD); some tooltip parts get text polaris-viz already formatted.
const dateLabel = (value: string | number | null) =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? formatShortDate(value)
    : String(value ?? "");
const countLabel = (value: string | number | null) => (typeof value === "number" ? formatCount(value) : "");

const toData = (days: DailyPoint[], series: ChartSeries[]): DataSeries[] =>
  series.map(({ name, color, value }) => ({
    name,
    color,
    data: days.map((day) => ({ key: day.date, value: value(day) })),
  }));

/** The longest period drawn as bars; a longer one is drawn as lines. */
export const MAX_BAR_DAYS = 14;

export function chartKindOf(dayCount: number): "bars" | "lines" {
  return dayCount > MAX_BAR_DAYS ? "lines" : "bars";
}

export function CheckoutsChart({ days, series }: { days: DailyPoint[]; series: ChartSeries[] }) {
  const Chart = chartKindOf(days.length) === "bars" ? BarChart : LineChart;
  return (
    <PolarisVizProvider>
      <Chart
        data={toData(days, series)}
        showLegend={false}
        xAxisOptions={{ labelFormatter: dateLabel }}
        yAxisOptions={{ labelFormatter: countLabel, integersOnly: true }}
        tooltipOptions={{ keyFormatter: dateLabel, valueFormatter: countLabel }}
      />
    </PolarisVizProvider>
  );
}

export function RevenueChart({
  days,
  series,
  currency,
}: {
  days: DailyPoint[];
  series: ChartSeries[];
  currency: string;
}) {
  // Values stay in minor units (whole cents), so the tooltip prints the exact amount; the axis rounds.
  const axisLabel = (value: string | number | null) =>
    typeof value === "number" ? formatAxisAmount(value, currency) : "";
  const tooltipLabel = (value: string | number | null) =>
    typeof value === "number" ? formatAmount(Math.round(value), currency) : "";
  const Chart = chartKindOf(days.length) === "bars" ? BarChart : LineChart;
  return (
    <PolarisVizProvider>
      <Chart
        data={toData(days, series)}
        showLegend={false}
        xAxisOptions={{ labelFormatter: dateLabel }}
        yAxisOptions={{ labelFormatter: axisLabel }}
        tooltipOptions={{ keyFormatter: dateLabel, valueFormatter: tooltipLabel }}
      />
    </PolarisVizProvider>
  );
}
