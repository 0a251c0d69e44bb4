import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, DataTable, Layout, Link, Page, Text } from "@shopify/polaris";
import { listPrivacyRequests } from "~/domain/privacy";
import { requireAdmin } from "~/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const requests = await listPrivacyRequests(shop);
  return {
    requests: requests.map((item) => ({
      id: item.id,
      kind: item.kind,
      shopifyRequestId: item.shopifyRequestId,
      receivedAt: item.receivedAt.toISOString(),
      completedAt: item.completedAt?.toISOString() ?? null,
      rows: item.summary ? Object.values(item.summary).reduce((sum, count) => sum + count, 0) : null,
      hasExport: item.hasExport,
    })),
  };
};

const KIND_LABELS: Record<string, string> = {
  DATA_REQUEST: "Customer data request",
  CUSTOMER_REDACT: "Customer data erasure",
};

const when = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso))
    : "In progress";

export default function PrivacyRequests() {
  const { requests } = useLoaderData<typeof loader>();
  return (
    <Page title="Privacy requests">
      <TitleBar title="Privacy requests" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p" tone="subdued">
                Shopify sends these when a shopper asks for their data or asks to be forgotten. Data requests
                are answered with an export you can download and pass on; erasures remove the shopper&apos;s
                personal data and keep only anonymous counts.
              </Text>
              {requests.length === 0 ? (
                <Text as="p">
                  No privacy requests yet. When a shopper asks for their data, the export appears here.
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric", "text"]}
                  headings={["Request", "Received", "Completed", "Rows", "Export"]}
                  rows={requests.map((item) => [
                    <BlockStack key={item.id} gap="100">
                      <Text as="span">{KIND_LABELS[item.kind] ?? item.kind}</Text>
                      {item.shopifyRequestId ? (
                        <Text as="span" tone="subdued">
                          Shopify request {item.shopifyRequestId}
                        </Text>
                      ) : null}
                    </BlockStack>,
                    when(item.receivedAt),
                    item.completedAt ? when(item.completedAt) : <Badge tone="attention">In progress</Badge>,
                    item.rows ?? "—",
                    item.hasExport ? (
                      <Link url={`/app/privacy/${item.id}/download`} target="_self">
                        Download JSON
                      </Link>
                    ) : (
                      "—"
                    ),
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
