import {
  BlockStack,
  Box,
  Button,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { SegmentEditorPage, ValueTier } from "~/domain/segments";
import {
  CONDITION_GROUPS,
  newConditionDraft,
  type Comparison,
  type ConditionDraft,
  type ConditionKind,
} from "~/domain/segments/segment-editor-form";
import { formatMoney } from "~/lib/money";
import type { ShopifySegmentsState } from "./segment-card";
import { SegmentValuesPicker } from "./segment-values-picker";

const KIND_OPTIONS = CONDITION_GROUPS.map((group) => ({
  title: group.title,
  options: group.kinds.map(({ kind, label }) => ({ label, value: kind })),
}));

const COMPARISONS: { label: string; value: Comparison }[] = [
  { label: "at least", value: "AT_LEAST" },
  { label: "at most", value: "AT_MOST" },
];

const ADDRESSES = [
  { label: "Shipping address", value: "SHIPPING" },
  { label: "Billing address", value: "BILLING" },
];

const CODE_HINTS: Partial<Record<ConditionKind, { label: string; help: string }>> = {
  COUNTRY: { label: "Country codes", help: "Two-letter codes, separated by commas: US, CA, GB." },
  PROVINCE: {
    label: "Province or state codes",
    help: "Country and province, separated by commas: US-CA, CA-QC.",
  },
  LOCALE: { label: "Language codes", help: "The checkout's language, separated by commas: FR, DE, ES." },
  CURRENCY: {
    label: "Currency codes",
    help: "The checkout's currency (its market), separated by commas: EUR, GBP.",
  },
};

/** Which of the shop's catalog lists an affinity condition picks from. */
const CATALOG_OF: Partial<
  Record<ConditionKind, { list: keyof SegmentEditorPage["catalog"]; label: string }>
> = {
  CART_PRODUCT_TYPE: { list: "productTypes", label: "Product types" },
  FAVOURITE_PRODUCT_TYPE: { list: "productTypes", label: "Product types" },
  CART_VENDOR: { list: "vendors", label: "Vendors" },
  FAVOURITE_VENDOR: { list: "vendors", label: "Vendors" },
  CART_TAG: { list: "tags", label: "Product tags" },
  CART_COLLECTION: { list: "collections", label: "Collections" },
};

/** One condition: its kind, picked from a grouped list, the inputs that kind needs, and "not". */
export function SegmentConditionRow({
  condition,
  number,
  segmentTitle,
  page,
  shopify,
  errorOf,
  onChange,
  onRemove,
}: {
  condition: ConditionDraft;
  number: number;
  segmentTitle: string;
  page: SegmentEditorPage;
  shopify: ShopifySegmentsState;
  errorOf(field: string): string | undefined;
  onChange(next: ConditionDraft): void;
  onRemove: (() => void) | undefined;
}) {
  const set = (change: Partial<ConditionDraft>) => onChange({ ...condition, ...change });
  return (
    <Box borderColor="border" borderWidth="025" borderRadius="200" padding="300">
      <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        <legend style={{ padding: 0, marginBottom: "var(--p-space-200)" }}>
          <Text as="span" variant="headingSm">
            {`Condition ${number}`}
          </Text>
        </legend>
        <FormLayout>
          <Select
            label="Condition"
            options={KIND_OPTIONS}
            value={condition.kind}
            // A new kind starts from its own defaults: the old kind's values mean nothing to it.
            onChange={(kind) =>
              onChange({ ...newConditionDraft(kind as ConditionKind), rowKey: condition.rowKey })
            }
            error={errorOf("kind")}
          />
          <ConditionInputs condition={condition} page={page} shopify={shopify} errorOf={errorOf} set={set} />
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Checkbox
              label="Not: the checkout is in the segment when this does not hold"
              checked={condition.negate}
              onChange={(negate) => set({ negate })}
            />
            {onRemove ? (
              <Button
                tone="critical"
                variant="plain"
                onClick={onRemove}
                accessibilityLabel={`Remove condition ${number} of ${segmentTitle}`}
              >
                Remove condition
              </Button>
            ) : null}
          </InlineStack>
        </FormLayout>
      </fieldset>
    </Box>
  );
}

function ConditionInputs({
  condition,
  page,
  shopify,
  errorOf,
  set,
}: {
  condition: ConditionDraft;
  page: SegmentEditorPage;
  shopify: ShopifySegmentsState;
  errorOf(field: string): string | undefined;
  set(change: Partial<ConditionDraft>): void;
}) {
  const { currency } = page;
  const comparison = (
    <Select
      label="Comparison"
      labelHidden
      options={COMPARISONS}
      value={condition.comparison}
      onChange={(value) => set({ comparison: value as Comparison })}
    />
  );
  const amountField = (label: string, field: string, extra: { suffix?: string; helpText?: string } = {}) => (
    <TextField
      label={label}
      value={condition.amount}
      onChange={(amount) => set({ amount })}
      inputMode={field === "amountMinor" ? "decimal" : "numeric"}
      autoComplete="off"
      connectedLeft={field === "withinDays" ? undefined : comparison}
      error={errorOf(field)}
      {...extra}
    />
  );

  switch (condition.kind) {
    case "CUSTOMER_TYPE":
      return (
        <Select
          label="Customer"
          options={[
            { label: "New: no earlier order", value: "NEW" },
            { label: "Returning: ordered before", value: "RETURNING" },
          ]}
          value={condition.customerType}
          onChange={(value) => set({ customerType: value as ConditionDraft["customerType"] })}
          error={errorOf("value")}
        />
      );
    case "ORDER_COUNT":
      return amountField("Orders before this checkout", "value");
    case "TOTAL_SPENT":
      return amountField("Total spent", "amountMinor", { suffix: currency });
    case "CART_SUBTOTAL":
      return amountField("Cart subtotal", "amountMinor", { suffix: currency });
    case "DAYS_SINCE_LAST_ORDER":
      return amountField("Days since the last order", "days", { suffix: "days" });
    case "ABANDONED_BEFORE":
      return amountField("Abandoned another checkout within", "withinDays", {
        suffix: "days",
        helpText:
          "Repeat abandoners: an earlier checkout of the same shopper was abandoned in this many days.",
      });
    case "VALUE_TIER":
      return (
        <ChoiceList
          title="Value tiers"
          allowMultiple
          choices={valueTierChoices(page)}
          selected={condition.tiers}
          onChange={(tiers) => set({ tiers: tiers as ValueTier[] })}
          error={errorOf("tiers")}
        />
      );
    case "COUNTRY":
    case "PROVINCE":
    case "LOCALE":
    case "CURRENCY": {
      const hint = CODE_HINTS[condition.kind] as { label: string; help: string };
      return (
        <BlockStack gap="200">
          {condition.kind === "COUNTRY" || condition.kind === "PROVINCE" ? (
            <Select
              label="Address"
              options={ADDRESSES}
              value={condition.address}
              onChange={(address) => set({ address: address as ConditionDraft["address"] })}
            />
          ) : null}
          <TextField
            label={hint.label}
            value={condition.codes}
            onChange={(codes) => set({ codes })}
            autoComplete="off"
            helpText={hint.help}
            error={errorOf("codes")}
          />
        </BlockStack>
      );
    }
    case "CART_PRODUCT_TYPE":
    case "CART_VENDOR":
    case "CART_TAG":
    case "CART_COLLECTION":
    case "FAVOURITE_PRODUCT_TYPE":
    case "FAVOURITE_VENDOR": {
      const source = CATALOG_OF[condition.kind] as {
        list: keyof SegmentEditorPage["catalog"];
        label: string;
      };
      return (
        <SegmentValuesPicker
          label={source.label}
          options={page.catalog[source.list]}
          selected={condition.values}
          onChange={(values) => set({ values })}
          error={errorOf("values")}
        />
      );
    }
    case "SHOPIFY_SEGMENT":
      return <ShopifySegmentPicker condition={condition} shopify={shopify} errorOf={errorOf} set={set} />;
    case "CLICKED_BEFORE":
    case "RECOVERED_BEFORE":
      return null;
  }
}

function valueTierChoices(page: SegmentEditorPage) {
  const { highAtLeastMinor, customersCounted } = page.valueTiers;
  const high =
    highAtLeastMinor === null
      ? `High: nobody yet (needs at least 5 customers with orders; ${customersCounted} so far)`
      : `High: spent at least ${formatMoney({ amountMinor: highAtLeastMinor, currency: page.currency })} in the last year (about the top fifth of ${customersCounted.toLocaleString("en")} customers)`;
  return [
    { label: high, value: "HIGH" },
    {
      label:
        highAtLeastMinor === null
          ? "Medium: every customer with an earlier order"
          : `Medium: ordered before, spent less than ${formatMoney({ amountMinor: highAtLeastMinor, currency: page.currency })}`,
      value: "MEDIUM",
    },
    { label: "New: no earlier order", value: "NEW" },
  ];
}

function ShopifySegmentPicker({
  condition,
  shopify,
  errorOf,
  set,
}: {
  condition: ConditionDraft;
  shopify: ShopifySegmentsState;
  errorOf(field: string): string | undefined;
  set(change: Partial<ConditionDraft>): void;
}) {
  const chosen = condition.shopifySegment;
  const known = new Map(shopify.segments.map((segment) => [segment.id, segment.name]));
  if (chosen) known.set(chosen.id, chosen.name);
  const options = [
    { label: "Choose a segment", value: "", disabled: true },
    ...[...known].map(([id, name]) => ({ label: name, value: id })),
  ];
  return (
    <BlockStack gap="200">
      <Select
        label="Shopify customer segment"
        options={options}
        value={chosen?.id ?? ""}
        onChange={(id) => set({ shopifySegment: id ? { id, name: known.get(id) ?? id } : null })}
        error={errorOf("segmentId") ?? errorOf("name")}
        helpText="Segments you built in Shopify's Customers page. Membership is asked of Shopify when a checkout is enrolled."
      />
      {shopify.state !== "loaded" ? (
        <div>
          <Button onClick={shopify.load} loading={shopify.state === "loading"}>
            {chosen ? "Load the other Shopify segments" : "Load Shopify segments"}
          </Button>
        </div>
      ) : shopify.segments.length === 0 ? (
        <Text as="p" tone="subdued">
          This shop has no customer segments in Shopify yet.
        </Text>
      ) : null}
      {shopify.state === "failed" && shopify.message ? (
        <Text as="p" tone="critical">
          {shopify.message}
        </Text>
      ) : null}
    </BlockStack>
  );
}
