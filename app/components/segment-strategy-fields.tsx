import {
  BlockStack,
  Box,
  Button,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineError,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { OFFER_ARM_LABELS, OFFER_ARMS } from "~/domain/discounts/offer-arms";
import {
  newStepDraft,
  nextRowKey,
  pickOfferArms,
  type DelayUnit,
  type StepDraft,
  type StrategyDraft,
  type TierDraft,
} from "~/domain/segments/segment-editor-form";
import { StepContentFields } from "./step-content-fields";

const MAX_STEPS = 5;
const MAX_TIERS = 10;

const UNITS: { label: string; value: DelayUnit }[] = [
  { label: "minutes", value: "minutes" },
  { label: "hours", value: "hours" },
  { label: "days", value: "days" },
];

const DISCOUNTS = [
  { label: "No discount", value: "NONE" },
  { label: "Discount tiers by cart subtotal", value: "TIERS" },
];

/**
 * A segment's own sequence: 1-5 emails (each with its design, tone, send window and variants), its discount
 * tiers or none, its offer test, and its holdout share.
 */
export function SegmentStrategyFields({
  strategy,
  currency,
  segmentTitle,
  errorOf,
  listErrorOf,
  onChange,
}: {
  strategy: StrategyDraft;
  currency: string;
  segmentTitle: string;
  errorOf(field: string): string | undefined;
  /** The error of a whole list (`steps`: the order of the delays), not of one of its rows. */
  listErrorOf(list: "steps" | "tiers"): string | undefined;
  onChange(next: StrategyDraft): void;
}) {
  const setStep = (index: number, change: Partial<StepDraft>) =>
    onChange({
      ...strategy,
      steps: strategy.steps.map((step, at) => (at === index ? { ...step, ...change } : step)),
    });
  const setTier = (index: number, change: Partial<TierDraft>) =>
    onChange({
      ...strategy,
      tiers: strategy.tiers.map((tier, at) => (at === index ? { ...tier, ...change } : tier)),
    });
  // Messages about a whole list (order of delays or thresholds), not one field.
  const stepsError = listErrorOf("steps");
  const tiersError = listErrorOf("tiers");

  const addStep = () => onChange({ ...strategy, steps: [...strategy.steps, newStepDraft(strategy.steps)] });
  const addTier = () =>
    onChange({
      ...strategy,
      tiers: [
        ...strategy.tiers,
        { rowKey: nextRowKey(), minimumSubtotal: "", percentOff: "10", freeShipping: false },
      ],
    });

  return (
    <BlockStack gap="400">
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          Emails
        </Text>
        {stepsError ? <InlineError message={stepsError} fieldID="" /> : null}
        {strategy.steps.map((step, index) => (
          <Box key={step.rowKey} borderColor="border" borderWidth="025" borderRadius="200" padding="300">
            <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
              <legend style={{ padding: 0, marginBottom: "var(--p-space-200)" }}>
                <Text as="span" variant="headingSm">{`Email ${index + 1}`}</Text>
              </legend>
              <FormLayout>
                <FormLayout.Group condensed>
                  <TextField
                    label="Send after"
                    value={step.delay}
                    onChange={(delay) => setStep(index, { delay })}
                    inputMode="decimal"
                    autoComplete="off"
                    error={errorOf(`steps.${index}.delayMinutes`)}
                    connectedRight={
                      <Select
                        label="Unit"
                        labelHidden
                        options={UNITS}
                        value={step.delayUnit}
                        onChange={(unit) => setStep(index, { delayUnit: unit as DelayUnit })}
                      />
                    }
                  />
                  <TextField
                    label="Subject"
                    value={step.subject}
                    onChange={(subject) => setStep(index, { subject })}
                    autoComplete="off"
                    error={errorOf(`steps.${index}.subject`)}
                  />
                </FormLayout.Group>
                <Checkbox
                  label="Include the discount offer"
                  checked={step.offer}
                  onChange={(offer) => setStep(index, { offer })}
                />
                <StepContentFields
                  step={step}
                  stepLabel={`email ${index + 1} of ${segmentTitle}`}
                  errorOf={(path) => errorOf(`steps.${index}.${path}`)}
                  onChange={(change) => setStep(index, change)}
                />
                <InlineStack align="end">
                  <Button
                    variant="plain"
                    tone="critical"
                    disabled={strategy.steps.length <= 1}
                    onClick={() =>
                      onChange({ ...strategy, steps: strategy.steps.filter((_, at) => at !== index) })
                    }
                    accessibilityLabel={`Remove email ${index + 1} of ${segmentTitle}`}
                  >
                    Remove email
                  </Button>
                </InlineStack>
              </FormLayout>
            </fieldset>
          </Box>
        ))}
        <div>
          <Button
            onClick={addStep}
            disabled={strategy.steps.length >= MAX_STEPS}
            accessibilityLabel={`Add email to ${segmentTitle}`}
          >
            Add email
          </Button>
        </div>
      </BlockStack>
      <BlockStack gap="300">
        <Select
          label="Discount"
          options={DISCOUNTS}
          value={strategy.discount}
          onChange={(discount) =>
            onChange({
              ...strategy,
              discount: discount as StrategyDraft["discount"],
              tiers:
                discount === "TIERS" && strategy.tiers.length === 0
                  ? [{ rowKey: nextRowKey(), minimumSubtotal: "0", percentOff: "10", freeShipping: false }]
                  : strategy.tiers,
            })
          }
          helpText={
            strategy.discount === "NONE"
              ? "Emails of this segment carry no discount code, whatever the emails' offer boxes say."
              : `A cart gets the highest tier its subtotal (in ${currency}) reaches.`
          }
        />
        {strategy.discount === "TIERS" ? (
          <BlockStack gap="300">
            {tiersError ? <InlineError message={tiersError} fieldID="" /> : null}
            {strategy.tiers.map((tier, index) => (
              <fieldset key={tier.rowKey} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
                <legend style={{ padding: 0, marginBottom: "var(--p-space-100)" }}>
                  <Text as="span" variant="headingSm">{`Tier ${index + 1}`}</Text>
                </legend>
                <FormLayout>
                  <FormLayout.Group condensed>
                    <TextField
                      label="Minimum cart subtotal"
                      value={tier.minimumSubtotal}
                      onChange={(minimumSubtotal) => setTier(index, { minimumSubtotal })}
                      suffix={currency}
                      inputMode="decimal"
                      autoComplete="off"
                      error={errorOf(`tiers.${index}.minimumSubtotalMinor`)}
                    />
                    <TextField
                      label="Percent off"
                      value={tier.percentOff}
                      onChange={(percentOff) => setTier(index, { percentOff })}
                      suffix="%"
                      inputMode="numeric"
                      autoComplete="off"
                      error={errorOf(`tiers.${index}.percentOff`)}
                    />
                  </FormLayout.Group>
                  <InlineStack align="space-between" blockAlign="center">
                    <Checkbox
                      label="Free shipping"
                      checked={tier.freeShipping}
                      onChange={(freeShipping) => setTier(index, { freeShipping })}
                    />
                    <Button
                      variant="plain"
                      tone="critical"
                      onClick={() =>
                        onChange({ ...strategy, tiers: strategy.tiers.filter((_, at) => at !== index) })
                      }
                      accessibilityLabel={`Remove tier ${index + 1} of ${segmentTitle}`}
                    >
                      Remove tier
                    </Button>
                  </InlineStack>
                </FormLayout>
              </fieldset>
            ))}
            <div>
              <Button
                onClick={addTier}
                disabled={strategy.tiers.length >= MAX_TIERS}
                accessibilityLabel={`Add tier to ${segmentTitle}`}
              >
                Add tier
              </Button>
            </div>
          </BlockStack>
        ) : null}
      </BlockStack>
      <BlockStack gap="100">
        <ChoiceList
          title="Offer test"
          allowMultiple
          choices={OFFER_ARMS.map((arm) => ({
            label: OFFER_ARM_LABELS[arm],
            value: arm,
            disabled: strategy.discount === "NONE",
          }))}
          selected={strategy.offerArms}
          onChange={(ticked) => onChange({ ...strategy, offerArms: pickOfferArms(ticked) })}
          error={errorOf("offerArms")}
        />
        <Text as="p" tone="subdued">
          {strategy.discount === "NONE"
            ? "An offer test compares discounts, so it needs discount tiers."
            : "Each checkout in the sequence gets one of the chosen offers at random; the dashboard compares their profit against the holdout."}
        </Text>
      </BlockStack>
      <TextField
        label="Holdout share"
        value={strategy.holdoutPercent}
        onChange={(holdoutPercent) => onChange({ ...strategy, holdoutPercent })}
        suffix="%"
        inputMode="numeric"
        autoComplete="off"
        helpText="Checkouts of this segment that get no email, to measure what the emails add (0 to 50)."
        error={errorOf("holdoutPercent")}
      />
    </BlockStack>
  );
}
