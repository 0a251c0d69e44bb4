import { BlockStack, Button, Checkbox, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import {
  CHECKED,
  MAX_EMAILS,
  newStepRow,
  stepField,
  stepPathField,
  type DelayUnit,
  type SettingsForm,
  type StepForm,
} from "~/domain/shops/settings-form";
import { StepContentFields } from "./step-content-fields";
import {
  SettingsRow,
  SettingsSectionForm,
  useSectionForm,
  withRowKeys,
  type Keyed,
} from "./settings-section";

interface StepsValues {
  steps: Keyed<StepForm>[];
}

const pickSteps = (form: SettingsForm): StepsValues => ({ steps: withRowKeys(form.steps.steps) });

const UNITS: { label: string; value: DelayUnit }[] = [
  { label: "minutes", value: "minutes" },
  { label: "hours", value: "hours" },
];

/**
 * The recovery emails: when each goes out, whether it carries the offer, its subject, design, tone and send
 * window, and its content experiment (variants B and C).
 */
export function SettingsStepsCard({ loaded, headingId }: { loaded: SettingsForm; headingId: string }) {
  const form = useSectionForm("steps", loaded, pickSteps);
  const { values, setValues, errorOf } = form;

  const updateStep = (position: number, change: Partial<StepForm>) =>
    setValues((current) => ({
      steps: current.steps.map((step, index) => (index === position ? { ...step, ...change } : step)),
    }));
  const reshape = (change: (steps: Keyed<StepForm>[]) => Keyed<StepForm>[]) => {
    form.clearErrors();
    setValues((current) => ({ steps: change(current.steps) }));
  };

  return (
    <SettingsSectionForm form={form} title="Recovery emails" headingId={headingId}>
      {values.steps.map((step, position) => (
        <SettingsRow key={step.rowKey} legend={`Email ${position + 1}`}>
          <FormLayout>
            <TextField
              label="Send after"
              name={stepField(position, "delay")}
              value={step.delay}
              onChange={(delay) => updateStep(position, { delay })}
              inputMode="decimal"
              autoComplete="off"
              helpText="Counted from the shopper's last activity in the checkout."
              error={errorOf(stepField(position, "delay")) ?? errorOf(stepField(position, "delayUnit"))}
              connectedRight={
                <Select
                  label="Unit"
                  labelHidden
                  name={stepField(position, "delayUnit")}
                  options={UNITS}
                  value={step.delayUnit}
                  onChange={(delayUnit) => updateStep(position, { delayUnit: delayUnit as DelayUnit })}
                  error={Boolean(errorOf(stepField(position, "delayUnit")))}
                />
              }
            />
            <Checkbox
              label="Include the discount offer"
              helpText="The cart's tier decides the discount."
              name={stepField(position, "offer")}
              value={CHECKED}
              checked={step.offer}
              onChange={(offer) => updateStep(position, { offer })}
            />
            <TextField
              label="Subject"
              name={stepField(position, "subject")}
              value={step.subject}
              onChange={(subject) => updateStep(position, { subject })}
              autoComplete="off"
              helpText="Sent as written to shoppers who read its language. Shoppers of another language get a subject in theirs (the AI's, or the built-in one)."
              error={errorOf(stepField(position, "subject"))}
            />
            <StepContentFields
              step={step}
              stepLabel={`email ${position + 1}`}
              nameOf={(path) => stepPathField(position, path)}
              errorOf={(path) => errorOf(stepPathField(position, path))}
              onChange={(change) => {
                // Errors are keyed by variant position: after adding or removing one they would point amiss.
                if (change.variants && change.variants.length !== step.variants.length) form.clearErrors();
                updateStep(position, change);
              }}
            />
            <div>
              <Button
                tone="critical"
                onClick={() => reshape((steps) => steps.filter((_, index) => index !== position))}
                disabled={values.steps.length <= 1}
                accessibilityLabel={`Remove email ${position + 1}`}
              >
                Remove email
              </Button>
            </div>
          </FormLayout>
        </SettingsRow>
      ))}
      <BlockStack gap="100">
        <div>
          <Button
            onClick={() => reshape((steps) => [...steps, ...withRowKeys([newStepRow(steps)])])}
            disabled={values.steps.length >= MAX_EMAILS}
          >
            Add email
          </Button>
        </div>
        <Text as="p" tone="subdued">
          {`From 1 to ${MAX_EMAILS} emails, each later than the one before.`}
        </Text>
      </BlockStack>
    </SettingsSectionForm>
  );
}
