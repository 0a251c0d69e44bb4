import { Text } from "@shopify/polaris";

/** What a dashboard action answers: a sentence for the merchant, or the reason it refused. */
export type ActionAnswer = { ok: true; message: string } | { ok: false; reason: string };

/** The action's answer under its button (nothing before it answered). */
export function ActionAnswerLine({ answer }: { answer: ActionAnswer | undefined }) {
  if (!answer) return null;
  return (
    <Text as="p" tone={answer.ok ? "success" : "critical"}>
      {answer.ok ? answer.message : answer.reason}
    </Text>
  );
}
