import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { StepFunnelRow } from "~/domain/analytics";
import { formatAmount, formatCount, formatRate } from "./dashboard-format";

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
