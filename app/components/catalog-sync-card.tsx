import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import {
  CATALOG_STATUS_LABELS,
  describeProductCosts,
  type CatalogOverview,
} from "~/domain/catalog/catalog-overview";

type BadgeTone = "success" | "critical" | "attention" | "info" | undefined;

const STATUS_TONES: Record<CatalogOverview["status"], BadgeTone> = {
  IDLE: undefined,
  REQUESTED: "info",
  RUNNING: "info",
  READY: "info",
  IMPORTING: "info",
  COMPLETED: "success",
  FAILED: "critical",
};

interface SyncAnswer {
  outcome?: string;
  reason?: string;
  message?: string;
}

function formatTime(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(
      new Date(iso),
    );
  } catch {
    return new Date(iso).toISOString();
  }
}

/** The catalog recommendations draw from: its size, the last sync, and a way to sync again. */
export function CatalogSyncCard({ catalog, timeZone }: { catalog: CatalogOverview; timeZone: string }) {
  const fetcher = useFetcher<SyncAnswer>();
  const isSubmitting = fetcher.state !== "idle";
  const answer = fetcher.data;
  const answerText =
    answer?.outcome === "ALREADY_RUNNING"
      ? "A sync is already under way."
      : (answer?.reason ?? answer?.message);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Product catalog
          </Text>
          <Badge tone={STATUS_TONES[catalog.status]}>{CATALOG_STATUS_LABELS[catalog.status]}</Badge>
        </InlineStack>
        <Text as="p" tone="subdued">
          {catalog.productCount.toLocaleString("en")} products
          {catalog.lastSyncedAt
            ? ` · Last synced ${formatTime(catalog.lastSyncedAt, timeZone)}`
            : " · Never synced"}
        </Text>
        <Text as="p" tone="subdued">
          {describeProductCosts(catalog.productCosts)}
        </Text>
        {catalog.error ? (
          <Text as="p" tone={catalog.status === "FAILED" ? "critical" : "subdued"}>
            {catalog.error}
          </Text>
        ) : null}
        {answerText ? (
          <Text as="p" tone={answer?.outcome === "FAILED" ? "critical" : "subdued"}>
            {answerText}
          </Text>
        ) : null}
        <fetcher.Form method="post" action="/app/catalog/sync">
          <Button submit loading={isSubmitting} disabled={catalog.isSyncing}>
            Sync now
          </Button>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}
