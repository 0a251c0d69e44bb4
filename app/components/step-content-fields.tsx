import {
  BlockStack,
  Box,
  Button,
  Checkbox,
  FormLayout,
  InlineGrid,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import type { CopyTone, EmailTemplate } from "~/domain/messages";
import { CHECKED } from "~/domain/shops/settings-form";
import {
  MAX_VARIANTS,
  newVariantRow,
  sendWindowOptions,
  templateOptions,
  toneOptions,
  VARIANT_LETTERS,
  type StepAsVariant,
  type StepContentForm,
  type VariantForm,
} from "~/domain/shops/step-content-form";

const SEND_WINDOW_HELP =
  "Holds the email for the hour this shopper is most likely to read it, at most this long after its delay. " +
  "Quiet hours still hold, and a share of shoppers is sent at the plain delay to measure whether holding pays " +
  "(Settings, Experiments).";

const VARIANTS_HELP =
  "Each shopper gets one variant, drawn at random: A is this email as set above. The dashboard reports which " +
  "recovers more, and a winner is promoted by the rule in the Experiments card of Settings.";

/** A group of fields named for screen readers by its legend, set smaller than the email's own. */
function FieldGroup({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
      <legend style={{ padding: 0, marginBottom: "var(--p-space-200)" }}>
        <Text as="span" variant="headingXs">
          {legend}
        </Text>
      </legend>
      {children}
    </fieldset>
  );
}

/**
 * A design and a tone, of the step (A) or of a variant; `keyOf` gives each field's key within the step. The
 * design takes two thirds: its options say what each design is.
 */
function DesignAndTone({
  content,
  keyOf,
  nameOf,
  errorOf,
  onChange,
}: {
  content: { template: EmailTemplate; tone: CopyTone };
  keyOf(field: "template" | "tone"): string;
  nameOf?(key: string): string;
  errorOf(key: string): string | undefined;
  onChange(change: { template?: EmailTemplate; tone?: CopyTone }): void;
}) {
  return (
    <InlineGrid columns={{ xs: 1, sm: ["twoThirds", "oneThird"] }} gap="400">
      <Select
        label="Design"
        name={nameOf?.(keyOf("template"))}
        options={templateOptions}
        value={content.template}
        onChange={(template) => onChange({ template: template as EmailTemplate })}
        error={errorOf(keyOf("template"))}
      />
      <Select
        label="Tone"
        name={nameOf?.(keyOf("tone"))}
        options={toneOptions}
        value={content.tone}
        onChange={(tone) => onChange({ tone: tone as CopyTone })}
        error={errorOf(keyOf("tone"))}
      />
    </InlineGrid>
  );
}

/**
 * A step's design, tone, send window and content experiment (variants B and C), for both step editors: the
 * Settings page's recovery emails and each segment's emails. Field keys are relative to the step ("template",
 * "variants.0.subject"); `nameOf` gives a native form's field names (the Settings page submits a form, the
 * segment editor posts JSON and names none), `errorOf` the error shown at each. A variant's error as a whole
 * (the same as another) is shown at its subject, the field most often changed to set it apart.
 */
export function StepContentFields({
  step,
  stepLabel,
  nameOf,
  errorOf,
  onChange,
}: {
  /** The step as written (A), with its content. */
  step: StepAsVariant;
  /** The step as buttons name it mid-sentence: "email 2", "email 2 of Returning customers". */
  stepLabel: string;
  nameOf?(key: string): string;
  errorOf(key: string): string | undefined;
  onChange(change: Partial<StepContentForm>): void;
}) {
  const setVariant = (position: number, change: Partial<VariantForm>) =>
    onChange({
      variants: step.variants.map((variant, at) => (at === position ? { ...variant, ...change } : variant)),
    });
  const variantKey = (position: number, key?: keyof VariantForm) =>
    `variants.${position}${key ? `.${key}` : ""}`;

  return (
    <BlockStack gap="400">
      <FormLayout>
        <DesignAndTone
          content={step}
          keyOf={(field) => field}
          nameOf={nameOf}
          errorOf={errorOf}
          onChange={onChange}
        />
        <Select
          label="Send at the shopper's best hour"
          name={nameOf?.("sendWindowHours")}
          options={sendWindowOptions(step.sendWindowHours)}
          value={step.sendWindowHours}
          onChange={(sendWindowHours) => onChange({ sendWindowHours })}
          helpText={SEND_WINDOW_HELP}
          error={errorOf("sendWindowHours")}
        />
      </FormLayout>
      <FieldGroup legend="Test variants">
        <BlockStack gap="300">
          <Text as="p" tone="subdued">
            {VARIANTS_HELP}
          </Text>
          {step.variants.map((variant, position) => {
            const letter = VARIANT_LETTERS[position] ?? String(position + 2);
            return (
              <Box key={letter} borderColor="border" borderWidth="025" borderRadius="200" padding="300">
                <FieldGroup legend={`Variant ${letter}`}>
                  <FormLayout>
                    <TextField
                      label="Subject"
                      name={nameOf?.(variantKey(position, "subject"))}
                      value={variant.subject}
                      onChange={(subject) => setVariant(position, { subject })}
                      autoComplete="off"
                      error={errorOf(variantKey(position, "subject")) ?? errorOf(variantKey(position))}
                    />
                    <DesignAndTone
                      content={variant}
                      keyOf={(field) => variantKey(position, field)}
                      nameOf={nameOf}
                      errorOf={errorOf}
                      onChange={(change) => setVariant(position, change)}
                    />
                    <Checkbox
                      label="Include the discount offer"
                      name={nameOf?.(variantKey(position, "offer"))}
                      value={CHECKED}
                      checked={variant.offer}
                      onChange={(offer) => setVariant(position, { offer })}
                    />
                    <div>
                      <Button
                        tone="critical"
                        onClick={() =>
                          onChange({ variants: step.variants.filter((_, at) => at !== position) })
                        }
                        accessibilityLabel={`Remove variant ${letter} of ${stepLabel}`}
                      >
                        Remove variant
                      </Button>
                    </div>
                  </FormLayout>
                </FieldGroup>
              </Box>
            );
          })}
          <div>
            <Button
              onClick={() => onChange({ variants: [...step.variants, newVariantRow(step)] })}
              disabled={step.variants.length >= MAX_VARIANTS}
              accessibilityLabel={`Add variant to ${stepLabel}`}
            >
              Add variant
            </Button>
          </div>
        </BlockStack>
      </FieldGroup>
    </BlockStack>
  );
}
