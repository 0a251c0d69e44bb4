import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { Dashboard } from "~/domain/analytics";
import type { SendingStatusView, SetupStep } from "~/domain/shops";
import { formatInstant } from "./dashboard-format";

/**
 * The top of the app home: whether recovery emails are going out, and what is left to set up. A pause is a
 * banner that stays until sending resumes (never a toast that disappears): critical when the app paused
 * sending to protect deliverability, a warning when the merchant chose it. Bounces or complaints nearing the
 * pause level are a warning banner too, before anything pauses.
 */
export function DashboardStatus({
  shop,
  sending,
  setup,
}: {
  shop: Dashboard["shop"];
  sending: SendingStatusView;
  setup: SetupStep[];
}) {
  const isActive = sending.status === "ACTIVE";
  const remaining = setup.filter((step) => !step.isDone);
  return (
    <BlockStack gap="400">
      {isActive ? null : (
        <Banner
          tone={sending.isAutomatic ? "critical" : "warning"}
          title={sending.title}
          action={{ content: "Resume in Settings", url: "/app/settings" }}
        >
          <BlockStack gap="200">
            <Text as="p">{sending.explanation}</Text>
            {sending.pausedAt ? (
              <Text as="p">Paused {formatInstant(sending.pausedAt, shop.timezone)}.</Text>
            ) : null}
          </BlockStack>
        </Banner>
      )}
      {sending.warning ? (
        <Banner
          tone="warning"
          title={sending.warning.title}
          action={{ content: "Review who gets emails", url: "/app/settings" }}
        >
          <Text as="p">{sending.warning.explanation}</Text>
        </Banner>
      ) : null}
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Status
            </Text>
            {isActive ? (
              <Badge tone="success">Sending active</Badge>
            ) : (
              <Badge tone={sending.isAutomatic ? "critical" : "warning"}>Sending paused</Badge>
            )}
          </InlineStack>
          <Text as="p" tone="subdued">
            {shop.name ?? shop.domain} · amounts in {shop.currency}
          </Text>
          {remaining.length === 0 ? (
            <Text as="p" tone="subdued">
              Setup complete: {setup.map((step) => step.title.toLowerCase()).join(", ")}.
            </Text>
          ) : (
            <BlockStack gap="300">
              <Text as="p">
                {remaining.length} of {setup.length} setup steps left.
              </Text>
              <BlockStack as="ul" gap="300">
                {setup.map((step) => (
                  <Box as="li" key={step.id}>
                    <BlockStack gap="100">
                      <InlineStack gap="200" blockAlign="center">
                        {step.isDone ? (
                          <Badge tone="success">Done</Badge>
                        ) : (
                          <Badge tone="attention">To do</Badge>
                        )}
                        <Text as="span" fontWeight="semibold">
                          {step.title}
                        </Text>
                      </InlineStack>
                      <Text as="p" tone="subdued">
                        {step.detail}
                      </Text>
                      {(step.action && !step.isDone) || step.confirm ? (
                        <InlineStack gap="300" blockAlign="center">
                          {step.action && !step.isDone ? (
                            <Button
                              url={step.action.url}
                              variant="plain"
                              // Shopify admin's own pages open in the top frame, not inside the app.
                              target={step.action.url.startsWith("shopify:") ? "_top" : undefined}
                            >
                              {step.action.label}
                            </Button>
                          ) : null}
                          {step.confirm ? <ConfirmStep title={step.title} confirm={step.confirm} /> : null}
                        </InlineStack>
                      ) : null}
                    </BlockStack>
                  </Box>
                ))}
              </BlockStack>
            </BlockStack>
          )}
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

/** A step only the merchant can confirm: "Mark as done", and "Undo" once it is. */
function ConfirmStep({ title, confirm }: { title: string; confirm: NonNullable<SetupStep["confirm"]> }) {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post" action={confirm.url}>
      <input type="hidden" name="intent" value={confirm.isConfirmed ? "undo" : "done"} />
      <Button
        submit
        variant={confirm.isConfirmed ? "plain" : "secondary"}
        loading={fetcher.state !== "idle"}
        accessibilityLabel={`${confirm.isConfirmed ? "Undo" : "Mark as done"}: ${title}`}
      >
        {confirm.isConfirmed ? "Undo" : "Mark as done"}
      </Button>
    </fetcher.Form>
  );
}
