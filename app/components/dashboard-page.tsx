import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Layout, Page, Text } from "@shopify/polaris";
import type { Dashboard } from "~/domain/analytics";
import type { ExperimentCards } from "~/domain/experiments";
import { CatalogSyncCard } from "./catalog-sync-card";
import { DashboardAliveCard, DashboardAliveWarnings } from "./dashboard-alive";
import { DashboardExperimentsCard } from "./dashboard-experiments-card";
import { DashboardLift, DashboardMetrics } from "./dashboard-metrics";
import { DashboardPeriodPicker } from "./dashboard-period-picker";
import { DashboardOfferTestsCard } from "./dashboard-offer-tests-card";
import { DashboardSegmentsCard } from "./dashboard-segments-card";
import { DashboardSendTimeCard } from "./dashboard-send-time-card";
import { DashboardStatus } from "./dashboard-status";
import { DashboardStepFunnel } from "./dashboard-tables";
import { DashboardTrend } from "./dashboard-trend";
import { LeakedCodesCard } from "./leaked-codes-card";

export type DashboardPageData = Dashboard & { periodNotice: string | null; experiments: ExperimentCards };

/**
 * The app home, top to bottom: is it working (what stopped, status, setup, when each kind of work last ran), what did it earn (the period's figures,
 * lift and figures per segment), how (per day, per email, the experiments on the emails' content and send time), and the catalog the emails recommend from. Everything is
 * rendered on the server from the loader's data except the two charts, which load after hydration into slots
 * of their final size.
 */
export function DashboardPage({ data }: { data: DashboardPageData }) {
  const { shop, period } = data;
  return (
    <Page>
      <TitleBar title="Cartback" />
      {/* The admin's title bar shows the page name visually; the document still needs its main heading. */}
      <Text as="h1" visuallyHidden>
        Cartback dashboard
      </Text>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <DashboardAliveWarnings alive={data.alive} />
            <DashboardStatus shop={shop} sending={data.sending} setup={data.setup} />
            <DashboardAliveCard alive={data.alive} timeZone={shop.timezone} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <DashboardPeriodPicker
              key={`${period.selection}:${period.firstDate}:${period.lastDate}`}
              period={period}
              notice={data.periodNotice}
            />
            <DashboardMetrics figures={data.figures} currency={shop.currency} />
            <LeakedCodesCard leakedCodes={data.leakedCodes} currency={shop.currency} />
            <DashboardLift
              lift={data.figures.lift}
              holdoutPercent={data.holdoutPercent}
              currency={shop.currency}
            />
            <DashboardSegmentsCard segments={data.segments} currency={shop.currency} />
            <DashboardOfferTestsCard segments={data.segments} currency={shop.currency} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <DashboardTrend days={data.daily} currency={shop.currency} />
        </Layout.Section>
        <Layout.Section>
          <DashboardStepFunnel funnel={data.funnel} currency={shop.currency} />
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <DashboardExperimentsCard
              experiments={data.experiments.content}
              currency={shop.currency}
              timeZone={shop.timezone}
            />
            <DashboardSendTimeCard sendTime={data.experiments.sendTime} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <CatalogSyncCard catalog={data.catalog} timeZone={shop.timezone} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
