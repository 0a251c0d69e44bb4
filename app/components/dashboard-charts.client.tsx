import { BarChart, PolarisVizProvider, type DataSeries } from "@shopify/polaris-viz";
import type { DailyPoint } from "~/domain/analytics/get-daily-series.server";
import { formatAmount, formatAxisAmount, formatCount, formatShortDate } from "./dashboard-format";

/**
 * The charts of the app home. polaris-viz measures its container and draws SVG in the browser, so this module
 * is browser-only (.client): the page renders a same-size placeholder on the server and loads this chunk
 * after hydration (dashboard-trend.tsx), which keeps the library out of the first paint.
 *
 * Bar charts without polaris-viz's own legend: its legend is measured after the first draw, which briefly
 * gives the SVG a negative height (console errors in the browser); the page draws the legend itself. A line
 * chart would make every day's point a tab stop and an unlabelled image.
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

export function CheckoutsChart({ days, series }: { days: DailyPoint[]; series: ChartSeries[] }) {
  return (
    <PolarisVizProvider>
      <BarChart
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
  return (
    <PolarisVizProvider>
      <BarChart
        data={toData(days, series)}
        showLegend={false}
        xAxisOptions={{ labelFormatter: dateLabel }}
        yAxisOptions={{ labelFormatter: axisLabel }}
        tooltipOptions={{ keyFormatter: dateLabel, valueFormatter: tooltipLabel }}
      />
    </PolarisVizProvider>
  );
}
