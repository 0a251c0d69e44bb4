import { useNavigation, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, Form, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { DashboardPeriod, PeriodSelection } from "~/domain/analytics";
import { formatDateRange } from "./dashboard-format";

const OPTIONS: { label: string; value: PeriodSelection }[] = [
  { label: "Last 7 days", value: "7" },
  { label: "Last 30 days", value: "30" },
  { label: "Last 90 days", value: "90" },
  { label: "Custom dates", value: "custom" },
];

/** The server allows a year and a leap day (MAX_SERIES_DAYS); the form says so before a round trip. */
const MAX_CUSTOM_DAYS = 366;
const DAY_MS = 86_400_000;

type FieldError = { field: "from" | "to"; message: string } | null;

function customRangeError(from: string, to: string): FieldError {
  if (!from) return { field: "from", message: "Enter the first day." };
  if (!to) return { field: "to", message: "Enter the last day." };
  if (from > to) return { field: "to", message: "The last day must be on or after the first day." };
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_CUSTOM_DAYS)
    return { field: "to", message: `Choose at most ${MAX_CUSTOM_DAYS} days.` };
  return null;
}

/**
 * The period of the figures below. It lives in the URL (?period=30, or ?from=…&to=…), so a reload or a shared
 * link shows the same figures; the admin's own parameters (host, shop, embedded) are kept. Re-mount it
 * (key) when the period changes, so its fields start from the period shown.
 */
export function DashboardPeriodPicker({
  period,
  notice,
}: {
  period: DashboardPeriod;
  /** Why the period in the URL was not used, shown as an error next to the picker. */
  notice: string | null;
}) {
  const [searchParams, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const [selection, setSelection] = useState<PeriodSelection>(period.selection);
  const [from, setFrom] = useState(period.firstDate);
  const [to, setTo] = useState(period.lastDate);
  const [showErrors, setShowErrors] = useState(false);
  const error = selection === "custom" ? customRangeError(from, to) : null;
  const isUpdating = navigation.state === "loading" && navigation.location.pathname === "/app";

  const show = (next: Record<string, string>) => {
    const params = new URLSearchParams(searchParams);
    // The document load's id_token expires within a minute; App Bridge sends a fresh one with each request,
    // so a stale copy is not carried into new URLs (and the browser history).
    for (const key of ["period", "from", "to", "id_token"]) params.delete(key);
    for (const [key, value] of Object.entries(next)) params.set(key, value);
    setSearchParams(params, { preventScrollReset: true });
  };

  return (
    <BlockStack gap="300">
      <InlineStack gap="400" align="space-between" blockAlign="end" wrap>
        <BlockStack gap="100">
          <Text as="h2" variant="headingLg">
            Results
          </Text>
          <Text as="p" tone="subdued">
            {formatDateRange(period.firstDate, period.lastDate)} · {period.dayCount}{" "}
            {period.dayCount === 1 ? "day" : "days"} in the shop&apos;s time zone ({period.timeZone})
          </Text>
        </BlockStack>
        <InlineStack gap="300" blockAlign="end" wrap>
          <span aria-live="polite">
            {isUpdating ? (
              <Text as="span" tone="subdued">
                Updating…
              </Text>
            ) : null}
          </span>
          <Select
            label="Period"
            options={OPTIONS}
            value={selection}
            onChange={(value) => {
              const next = value as PeriodSelection;
              setSelection(next);
              setShowErrors(false);
              if (next !== "custom") show({ period: next });
            }}
          />
        </InlineStack>
      </InlineStack>
      {selection === "custom" ? (
        <Form
          onSubmit={() => {
            setShowErrors(true);
            if (!error) show({ from, to });
          }}
        >
          <InlineStack gap="300" blockAlign="end" wrap>
            <TextField
              label="From"
              type="date"
              value={from}
              onChange={setFrom}
              autoComplete="off"
              error={showErrors && error?.field === "from" ? error.message : undefined}
            />
            <TextField
              label="To"
              type="date"
              value={to}
              onChange={setTo}
              autoComplete="off"
              error={showErrors && error?.field === "to" ? error.message : undefined}
            />
            <Button submit>Apply</Button>
          </InlineStack>
        </Form>
      ) : null}
      {notice ? (
        <Text as="p" tone="critical">
          {notice}
        </Text>
      ) : null}
    </BlockStack>
  );
}
