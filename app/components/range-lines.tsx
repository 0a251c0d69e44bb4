import { Text } from "@shopify/polaris";

/**
 * "+$3.20 (+$1.32 to +$5.08)" with its range in brackets on a second, quieter line, so a table of intervals
 * fits the page without scrolling (the text reads the same). Text without a range is shown as it is.
 */
export function RangeLines({ text }: { text: string }) {
  const at = text.indexOf(" (");
  if (at === -1) return <>{text}</>;
  return (
    <div style={{ whiteSpace: "normal" }}>
      {text.slice(0, at)}{" "}
      <Text as="span" tone="subdued" variant="bodySm">
        {text.slice(at + 1)}
      </Text>
    </div>
  );
}
