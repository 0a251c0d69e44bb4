import { useActionData, useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { SendingStatusView } from "~/domain/shops";
import { FIELD, INTENT_FIELD } from "~/domain/shops/settings-form";
import { answerFor, type SettingsAnswer } from "./settings-section";

export type SendingCardState = SendingStatusView & { pausedAtText: string | null };

/**
 * Pause and resume: the current state, and why when the app paused it. Not under the save bar: it acts at
 * once, like any other button, and the page's data reloads with the new state.
 */
export function SettingsSendingCard({
  sending,
  headingId,
}: {
  sending: SendingCardState;
  headingId: string;
}) {
  const fetcher = useFetcher<SettingsAnswer>({ key: "settings-sending" });
  const isPaused = sending.status === "PAUSED";
  const posted = useActionData() as SettingsAnswer | undefined;
  const answer = fetcher.state === "idle" ? answerFor("sending", fetcher.data, posted) : undefined;
  const problem =
    answer && !("section" in answer)
      ? answer.message
      : answer && !answer.ok
        ? Object.values(answer.errors).join(" ")
        : null;

  return (
    <Card>
      <BlockStack gap="300">
        <div role="status">
          <BlockStack gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Badge tone={!isPaused ? "success" : sending.isAutomatic ? "critical" : "attention"}>
                {isPaused ? "Paused" : "Active"}
              </Badge>
              <Text as="p" fontWeight="semibold">
                {sending.title}
              </Text>
            </InlineStack>
            {sending.pausedAtText ? (
              <Text as="p" tone="subdued">
                {`Since ${sending.pausedAtText}`}
              </Text>
            ) : null}
          </BlockStack>
        </div>
        {sending.explanation ? (
          sending.isAutomatic ? (
            <Banner tone="critical">
              <p>{sending.explanation}</p>
            </Banner>
          ) : (
            <Text as="p">{sending.explanation}</Text>
          )
        ) : (
          <Text as="p" tone="subdued">
            Recovery emails go out as set below. Pausing stops every email until you resume.
          </Text>
        )}
        {problem ? (
          <Banner tone="critical" title="Sending was not changed">
            <p>{problem}</p>
          </Banner>
        ) : null}
        <fetcher.Form method="post" aria-labelledby={headingId}>
          <input type="hidden" name={INTENT_FIELD} value="sending" />
          <input type="hidden" name={FIELD.sendingAction} value={isPaused ? "resume" : "pause"} />
          <Button
            submit
            variant={isPaused ? "primary" : "secondary"}
            tone={isPaused ? undefined : "critical"}
            loading={fetcher.state !== "idle"}
          >
            {isPaused ? "Resume sending" : "Pause sending"}
          </Button>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}
