import { BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import { useId } from "react";
import type { RepeatCohorts } from "~/domain/analytics";
import { formatRate } from "./dashboard-format";
import {
  chartMonths,
  describeChart,
  formatMonth,
  formatRateInterval,
  GROUP_COLORS,
  GROUP_LABELS,
  GROUP_ORDER,
} from "./customer-value-format";

/**
 * The repeat rate per cohort month and group as grouped bars, each with its 95% interval as a whisker.
 * Plain SVG drawn on the server: a dozen months of three bars need no chart library, nothing shifts when the
 * page hydrates, and the picture is one image to assistive technology, described by the same figures in
 * words (describeChart); the table below has every number.
 */

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 44 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const AXIS_TEXT = "#616161";
const GRID = "#e3e3e3";
const WHISKER = "#303030";
const MIN_BAR_HEIGHT = 2;

/**
 * The y axis: a round step (5%, 10%, 20% or 25%) and the highest interval bound rounded up to it, so the
 * gridlines read 0%, 20%, 40%…, never 17.5%.
 */
export function rateAxis(highs: readonly number[]): { top: number; step: number } {
  const highest = Math.max(0.05, ...highs);
  const step = highest <= 0.2 ? 0.05 : highest <= 0.4 ? 0.1 : highest <= 0.8 ? 0.2 : 0.25;
  const steps = Math.ceil(highest / step - 1e-9);
  return { top: Math.min(1, Math.round(steps * step * 1e6) / 1e6), step };
}

function Legend() {
  return (
    <div aria-hidden="true">
      <InlineStack gap="400" wrap>
        {GROUP_ORDER.map((group) => (
          <Box key={group}>
            <InlineStack gap="150" blockAlign="center" wrap={false}>
              <span
                style={{
                  width: 12,
                  height: 12,
                  borderRadius: 3,
                  background: GROUP_COLORS[group],
                  display: "inline-block",
                }}
              />
              <Text as="span" variant="bodySm">
                {GROUP_LABELS[group]}
              </Text>
            </InlineStack>
          </Box>
        ))}
      </InlineStack>
    </div>
  );
}

export function RepeatRateChart({ cohorts, windowIndex }: { cohorts: RepeatCohorts; windowIndex: number }) {
  const titleId = useId();
  const descriptionId = useId();
  const months = chartMonths(cohorts, windowIndex);
  const days = cohorts.totals.RECOVERED_BY_EMAIL[windowIndex]?.days ?? 0;
  const { top, step } = rateAxis(
    months.flatMap((month) =>
      GROUP_ORDER.map((group) => month.cells[group].windows[windowIndex]?.figures?.rate?.high ?? 0),
    ),
  );
  const y = (rate: number) => MARGIN.top + PLOT_HEIGHT * (1 - rate / top);
  const slot = PLOT_WIDTH / Math.max(1, months.length);
  const barWidth = Math.min(22, (slot * 0.75) / GROUP_ORDER.length);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);

  return (
    <BlockStack gap="200">
      <Legend />
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descriptionId}`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ display: "block", maxWidth: WIDTH * 1.4 }}
        data-chart="repeat-rate"
      >
        <title id={titleId}>{`Repeat purchases within ${days} days, by month of first order`}</title>
        <desc id={descriptionId}>{describeChart(cohorts, windowIndex)}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke={GRID} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize={11} fill={AXIS_TEXT}>
              {formatRate(tick)}
            </text>
          </g>
        ))}
        {months.map((month, monthIndex) => {
          const centre = MARGIN.left + slot * (monthIndex + 0.5);
          return (
            <g key={month.month}>
              {GROUP_ORDER.map((group, groupIndex) => {
                const rate = month.cells[group].windows[windowIndex]?.figures?.rate;
                if (!rate) return null;
                const x = centre + (groupIndex - (GROUP_ORDER.length - 1) / 2) * barWidth - barWidth / 2;
                const middle = x + barWidth / 2;
                return (
                  <g key={group}>
                    <title>{`${formatMonth(month.month)}, ${GROUP_LABELS[group]}: ${formatRateInterval(rate)}`}</title>
                    <rect
                      x={x + 1}
                      // A zero rate still shows its colour: a bar of MIN_BAR_HEIGHT on the axis.
                      y={Math.min(y(rate.estimate), y(0) - MIN_BAR_HEIGHT)}
                      width={barWidth - 2}
                      height={Math.max(MIN_BAR_HEIGHT, y(0) - y(rate.estimate))}
                      fill={GROUP_COLORS[group]}
                      rx={2}
                    />
                    <line x1={middle} x2={middle} y1={y(rate.low)} y2={y(rate.high)} stroke={WHISKER} />
                    {[rate.low, rate.high].map((bound, index) => (
                      <line
                        key={index}
                        x1={middle - 3}
                        x2={middle + 3}
                        y1={y(bound)}
                        y2={y(bound)}
                        stroke={WHISKER}
                      />
                    ))}
                  </g>
                );
              })}
              <text x={centre} y={HEIGHT - 8} textAnchor="middle" fontSize={11} fill={AXIS_TEXT}>
                {formatMonth(month.month)}
              </text>
            </g>
          );
        })}
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} stroke={AXIS_TEXT} />
      </svg>
    </BlockStack>
  );
}
