import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, DataTable, Layout, Link, Page, Text } from "@shopify/polaris";
import { Fragment, type ReactNode } from "react";
import type { CohortCell, PooledWindow, RepeatCohorts } from "~/domain/analytics";
import { RepeatRateChart } from "./customer-value-chart";
import {
  chartWindowOf,
  formatMonth,
  GROUP_LABELS,
  GROUP_ORDER,
  monthsFromFirstBuyer,
  NOT_YET,
  summarizeTotals,
  windowParts,
  type WindowParts,
} from "./customer-value-format";
import { formatCount } from "./dashboard-format";

/**
 * What recovered customers are worth later: the honest comparison in words, the pooled figures, the repeat
 * rate per cohort month as a chart, and every cohort's figures as a table. Rendered on the server from the
 * loader's data (RepeatCohorts); nothing loads after hydration.
 */
export function CustomerValuePage({ data }: { data: RepeatCohorts }) {
  return (
    <Page>
      <TitleBar title="Customer value" />
      <Text as="h1" visuallyHidden>
        Customer value
      </Text>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <IntroCard data={data} />
            <RetentionNotice data={data} />
            {data.hasBuyers ? (
              <>
                <ChartCard data={data} />
                <CohortTableCard data={data} />
              </>
            ) : (
              <EmptyCard />
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function IntroCard({ data }: { data: RepeatCohorts }) {
  const summary = data.hasBuyers ? summarizeTotals(data) : [];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingLg">
          What recovered customers are worth later
        </Text>
        <Text as="p">
          Buyers are grouped by the month of their first order in each group ({data.timezone} time) and
          followed for 30, 60 and 90 days: the share who ordered again, and what those later orders brought
          per buyer. The fair comparison for shoppers recovered by email is the holdout: shoppers picked at
          random and sent nothing, who came back on their own. Buyers who never abandoned a checkout differ in
          other ways (they did not hesitate), so read their figures as context, not as a target.
        </Text>
        {summary.map((sentence) => (
          <Text as="p" key={sentence} fontWeight={sentence === summary[0] ? "medium" : undefined}>
            {sentence}
          </Text>
        ))}
        <Text as="p" tone="subdued" variant="bodySm">
          Percentages in brackets are 95% intervals (Wilson): the range the true share likely lies in. A
          month&apos;s window shows once it has ended for the month&apos;s last buyer; until then it reads
          &ldquo;{NOT_YET}&rdquo;. Test orders and erased customers are left out.
        </Text>
      </BlockStack>
    </Card>
  );
}

function RetentionNotice({ data }: { data: RepeatCohorts }) {
  const { retentionDays } = data;
  const tooShort = data.retentionNeeded.filter((needed) => needed.retentionDays > retentionDays);
  if (!data.hasErasedMonths && tooShort.length === 0) return null;
  return (
    <Banner
      tone="info"
      title={`Buyers can be followed for as long as their data is kept: ${retentionDays} days`}
    >
      <BlockStack gap="100">
        <p>
          Cartback removes shoppers&apos; email addresses after {retentionDays} days, and with them the link
          between a buyer&apos;s orders.
          {data.hasErasedMonths
            ? ` Months that began more than ${retentionDays} days ago are not shown.`
            : ""}
          {tooShort.length > 0
            ? ` A month's ${tooShort.map((needed) => `${needed.days}-day`).join(" and ")} figures need up to ${tooShort
                .map((needed) => `${needed.retentionDays}`)
                .join(" and ")} days of data, so most months cannot show them.`
            : ""}
        </p>
        <p>
          How long data is kept is set in{" "}
          <Link url="/app/settings" removeUnderline={false}>
            Settings
          </Link>
          .
        </p>
      </BlockStack>
    </Banner>
  );
}

function EmptyCard() {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          No buyers to follow yet
        </Text>
        <Text as="p">
          Once orders arrive (recovered ones, the holdout&apos;s and everyone else&apos;s), each month&apos;s
          buyers appear here, and 30 days after the month ends, the first figures of what they bought next.
        </Text>
      </BlockStack>
    </Card>
  );
}

function ChartCard({ data }: { data: RepeatCohorts }) {
  const chosen = chartWindowOf(data);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {chosen ? `Bought again within ${chosen.days} days` : "Bought again"}
        </Text>
        {chosen ? (
          <>
            <Text as="p" tone="subdued" variant="bodySm">
              By month of first order; each bar&apos;s line is its 95% interval. The longest window that has
              ended for at least one month is shown.
            </Text>
            <RepeatRateChart cohorts={data} windowIndex={chosen.index} />
          </>
        ) : (
          <Text as="p">
            No month&apos;s first 30 days are over yet: the chart starts 30 days after the first month ends.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

/** DataTable keeps cells on one line; a cohort's lines wrap instead, so the table fits without scrolling. */
function Wrapping({ children }: { children: ReactNode }) {
  return <div style={{ whiteSpace: "normal" }}>{children}</div>;
}

const buyerCount = (buyers: number) => (buyers === 1 ? "1 buyer" : `${formatCount(buyers)} buyers`);

/** The windows as a small grid: "30 days | 35% (18.1–56.7%) | $22.47", aligned from one line to the next. */
function WindowLines({ windows }: { windows: WindowParts[] }) {
  return (
    <div
      style={{
        display: "grid",
        // A minimum for the rate, so "not yet" and the rates line up from one cell to the next.
        gridTemplateColumns: "max-content minmax(7.5rem, max-content) max-content",
        justifyContent: "start",
        columnGap: "0.75rem",
        rowGap: "0.125rem",
      }}
    >
      {windows.map((parts) => (
        <Fragment key={parts.label}>
          <Text as="span" variant="bodySm" tone="subdued">
            {parts.label}
          </Text>
          <Text as="span" variant="bodySm" tone={parts.isPending ? "subdued" : undefined}>
            {parts.rate}
          </Text>
          <Text as="span" variant="bodySm" alignment="end">
            {parts.revenue}
          </Text>
        </Fragment>
      ))}
    </div>
  );
}

function CellFigures({ cell, currency }: { cell: CohortCell; currency: string }) {
  return (
    <BlockStack gap="100">
      <Text as="span" fontWeight="semibold">
        {cell.buyers === 0 ? "No buyers" : buyerCount(cell.buyers)}
      </Text>
      {cell.buyers > 0 ? (
        <WindowLines windows={cell.windows.map((window) => windowParts(window, currency))} />
      ) : null}
    </BlockStack>
  );
}

/** Each window pools its own months, so each line has its own buyers. */
function PooledFigures({ pooled, currency }: { pooled: PooledWindow[]; currency: string }) {
  return (
    <BlockStack gap="100">
      <WindowLines windows={pooled.map((window) => windowParts(window, currency))} />
      <Wrapping>
        <Text as="span" tone="subdued" variant="bodySm">
          {`Buyers: ${pooled
            .flatMap((window) =>
              window.figures ? [`${formatCount(window.figures.buyers)} (${window.days} days)`] : [],
            )
            .join(", ")}`}
        </Text>
      </Wrapping>
    </BlockStack>
  );
}

function CohortTableCard({ data }: { data: RepeatCohorts }) {
  const { currency } = data;
  const months = monthsFromFirstBuyer(data);
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Cohorts by month of first order
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            For 30, 60 and 90 days after each buyer&apos;s first order: the share of the month&apos;s buyers
            who ordered again (its 95% interval in brackets), and the later orders&apos; revenue per buyer.
            The last row pools every month whose window is over.
          </Text>
        </BlockStack>
        <DataTable
          columnContentTypes={["text", "text", "text", "text"]}
          headings={[
            "Month",
            ...GROUP_ORDER.map((group) => <Wrapping key={group}>{GROUP_LABELS[group]}</Wrapping>),
          ]}
          verticalAlign="top"
          rows={[
            ...months.map((month) => [
              formatMonth(month.month),
              ...GROUP_ORDER.map((group) => (
                <CellFigures key={group} cell={month.cells[group]} currency={currency} />
              )),
            ]),
            [
              <Wrapping key="all">
                <Text as="span" fontWeight="semibold">
                  All months, window over
                </Text>
              </Wrapping>,
              ...GROUP_ORDER.map((group) => (
                <PooledFigures key={group} pooled={data.totals[group]} currency={currency} />
              )),
            ],
          ]}
        />
      </BlockStack>
    </Card>
  );
}
