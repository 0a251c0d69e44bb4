import { useFetcher } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Text,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import type { AliveStatus } from "~/domain/analytics";
import { formatCount, formatInstant, formatTimeAgo } from "./dashboard-format";

/**
 * "Is Cartback working?": what stopped (banners that stay until it is fixed, in the style of the sending
 * banners), and when each kind of work last happened, with a way to ask for a reconciliation now.
 */

export function DashboardAliveWarnings({ alive }: { alive: AliveStatus }) {
  if (alive.warnings.length === 0) return null;
  return (
    <BlockStack gap="400">
      {alive.warnings.map((warning) => (
        <Banner key={warning.id} tone={warning.tone} title={warning.title}>
          <BlockStack gap="200">
            {warning.explanation.map((paragraph) => (
              <Text as="p" key={paragraph}>
                {paragraph}
              </Text>
            ))}
          </BlockStack>
        </Banner>
      ))}
    </BlockStack>
  );
}

type CheckAnswer = { outcome: "REQUESTED"; requestedAt: string } | { message?: string };

function When({
  at,
  now,
  timeZone,
  never,
}: {
  at: string | null;
  now: string;
  timeZone: string;
  never: string;
}) {
  if (!at)
    return (
      <Text as="span" tone="subdued">
        {never}
      </Text>
    );
  return (
    <Text as="span">
      {formatTimeAgo(at, now)}{" "}
      <Text as="span" tone="subdued">
        ({formatInstant(at, timeZone)})
      </Text>
    </Text>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="span" fontWeight="semibold">
        {label}
      </Text>
      <Box>{children}</Box>
    </BlockStack>
  );
}

function describeReconciliation(reconciliation: AliveStatus["reconciliation"]): {
  text: string;
  tone: "critical" | "subdued" | undefined;
} | null {
  const { lastOutcome, lastSeen, lastFound, totalFound, lastError } = reconciliation;
  if (lastOutcome === "MISSING_ACCESS")
    return {
      text: `No access: ${lastError ?? "Shopify refused to list abandoned checkouts."}`,
      tone: "critical",
    };
  if (lastOutcome === "FAILED")
    return {
      text: `It did not finish${lastError ? `: ${lastError}` : ""}. The next one starts where it stopped.`,
      tone: "critical",
    };
  if (lastOutcome === "OK")
    return {
      text:
        `Read ${formatCount(lastSeen)} abandoned ${lastSeen === 1 ? "checkout" : "checkouts"} from Shopify; ` +
        (lastFound === 0
          ? "the webhooks had brought them all"
          : `${formatCount(lastFound)} had not come by webhook and ${lastFound === 1 ? "was" : "were"} added`) +
        ` (${formatCount(totalFound)} found this way in all).`,
      tone: undefined,
    };
  return null;
}

export function DashboardAliveCard({ alive, timeZone }: { alive: AliveStatus; timeZone: string }) {
  const fetcher = useFetcher<CheckAnswer>();
  const answer = fetcher.data;
  const isRequested = alive.reconciliation.isCheckPending || (answer && "outcome" in answer);
  const failure =
    answer && !("outcome" in answer) ? (answer.message ?? "The check could not be requested.") : null;
  const now = alive.checkedAt;
  const reconciliation = describeReconciliation(alive.reconciliation);
  const hasProblem = alive.warnings.length > 0;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Is Cartback working?
          </Text>
          {hasProblem ? (
            <Badge
              tone={alive.warnings.some((warning) => warning.tone === "critical") ? "critical" : "warning"}
            >
              Needs attention
            </Badge>
          ) : (
            <Badge tone="success">Working</Badge>
          )}
        </InlineStack>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <Row label="Last checkout received">
            <When at={alive.lastCheckoutAt} now={now} timeZone={timeZone} never="None yet" />
          </Row>
          <Row label="Last scheduled run">
            <When at={alive.lastTickAt} now={now} timeZone={timeZone} never="Never" />
          </Row>
          <Row label="Last recovery email sent">
            <When at={alive.lastEmailAt} now={now} timeZone={timeZone} never="None yet" />
          </Row>
          <Row label="Last check with Shopify's abandoned checkouts">
            <BlockStack gap="100">
              <When
                at={alive.reconciliation.lastFinishedAt}
                now={now}
                timeZone={timeZone}
                never="Not run yet"
              />
              {reconciliation ? (
                <Text as="p" tone={reconciliation.tone}>
                  {reconciliation.text}
                </Text>
              ) : null}
            </BlockStack>
          </Row>
        </InlineGrid>
        <fetcher.Form method="post" action="/app/reconciliation/check">
          <InlineStack gap="300" blockAlign="center">
            <Button submit loading={fetcher.state !== "idle"} disabled={Boolean(isRequested)}>
              Check now
            </Button>
            {isRequested ? (
              <Text as="span" tone="subdued">
                Check requested: it runs with the next scheduled run, usually within a minute.
              </Text>
            ) : null}
            {failure ? (
              <Text as="span" tone="critical">
                {failure}
              </Text>
            ) : null}
          </InlineStack>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}
