import { Badge, BlockStack, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { DashboardSubjectTest, StepFunnelRow } from "~/domain/analytics";
import { describeSubjectVerdict, formatAmount, formatCount, formatRate } from "./dashboard-format";

/**
 * Per email of the sequence: the emails sent in the period and their clicks, and the period's orders
 * recovered by email, each at the email sent last before it, so the column adds up to the card's figure.
 */
export function DashboardStepFunnel({ funnel, currency }: { funnel: StepFunnelRow[]; currency: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Emails by step
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            Sent and clicked: the emails sent in this period. Recovered: the orders recovered by email placed
            in this period, each once, for the last email sent before it (possibly an email of an earlier
            period); they add up to the orders recovered by email above. Rates are per email sent.
          </Text>
        </BlockStack>
        {funnel.length === 0 ? (
          <Text as="p">No recovery email was sent in this period.</Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
            headings={[
              "Email",
              "Sent",
              "Clicked",
              "Click rate",
              "Recovered",
              "Recovered per email",
              "Revenue",
            ]}
            rows={funnel.map((row) => [
              `Email ${row.step}`,
              formatCount(row.sent),
              formatCount(row.clicked),
              formatRate(row.clickRate),
              formatCount(row.recovered),
              formatRate(row.recoveryRate),
              formatAmount(row.revenueMinor, currency),
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}

function SubjectTestResult({ test }: { test: DashboardSubjectTest }) {
  const verdict = describeSubjectVerdict(test);
  const row = (variant: "A" | "B") => {
    const figures = test.variants[variant];
    return [
      `Subject ${variant}`,
      test.currentSubjects[variant] ?? "(no longer set)",
      formatCount(figures.sends),
      formatRate(figures.clickRate),
      formatRate(figures.recoveryRate),
    ];
  };
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          Email {test.step}
        </Text>
        <Badge tone={verdict.tone}>{verdict.badge}</Badge>
      </InlineStack>
      <Text as="p">{verdict.text}</Text>
      <DataTable
        columnContentTypes={["text", "text", "numeric", "numeric", "numeric"]}
        headings={["Variant", "Subject line (current)", "Sent", "Click rate", "Orders after it, per email"]}
        rows={[row("A"), row("B")]}
      />
    </BlockStack>
  );
}

/** The A/B tests of subject lines: each step's two subjects, and whether one is proven better. */
export function DashboardSubjectTests({ tests }: { tests: DashboardSubjectTest[] }) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Subject line tests
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            Emails with a second subject line send each one to half the shoppers. A winner is named only when
            the difference is unlikely to be chance (5% level), on recoveries when there are enough, otherwise
            on clicks.
          </Text>
        </BlockStack>
        {tests.length === 0 ? (
          <Text as="p">
            No subject line test ran in this period. Add a second subject to an email in Settings to start
            one.
          </Text>
        ) : (
          tests.map((test) => <SubjectTestResult key={test.step} test={test} />)
        )}
      </BlockStack>
    </Card>
  );
}
