import { BlockStack, Checkbox, ChoiceList, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { CHECKED, FIELD, type SettingsForm } from "~/domain/shops/settings-form";
import { SettingsSectionForm, useSectionForm } from "./settings-section";

type ExperimentsValues = SettingsForm["experiments"];

const pickExperiments = (form: SettingsForm): ExperimentsValues => form.experiments;

const RULES: { label: string; value: ExperimentsValues["rule"]; helpText: string }[] = [
  {
    label: "Confidence: the always-valid interval is above zero",
    value: "CONFIDENCE",
    helpText:
      "The leading variant's recoveries per email, less each other variant's, with a margin of error that stays " +
      "honest however often the dashboard is read, are above zero at the level below.",
  },
  {
    label: "Probability: the chance it is best",
    value: "PROBABILITY",
    helpText: "The chance that the leading variant recovers the most per email is at least the level below.",
  },
];

const LEVELS = ["90", "95", "99"].map((level) => ({ label: `${level}%`, value: level }));

/** When a variant of an email wins its content experiment, and the control share of send-time optimisation. */
export function SettingsExperimentsCard({ loaded, headingId }: { loaded: SettingsForm; headingId: string }) {
  const form = useSectionForm("experiments", loaded, pickExperiments);
  const { values, setValues, errorOf } = form;
  const update = (change: Partial<ExperimentsValues>) => setValues((current) => ({ ...current, ...change }));
  const control = /^\d{1,2}$/.test(values.sendTimeControlPercent.trim())
    ? values.sendTimeControlPercent.trim()
    : "N";

  return (
    <SettingsSectionForm form={form} title="Experiments" headingId={headingId}>
      <BlockStack gap="500">
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            Variants of an email
          </Text>
          <FormLayout>
            <Checkbox
              label="Promote a winning variant automatically"
              helpText="When the rule below holds, every shopper gets the winning variant from then on. Off: the dashboard offers a Promote button when it holds, and nothing changes by itself."
              name={FIELD.autoPromote}
              value={CHECKED}
              checked={values.autoPromote}
              onChange={(autoPromote) => update({ autoPromote })}
            />
            <TextField
              label="Minimum sends per variant"
              type="number"
              name={FIELD.minSendsPerVariant}
              value={values.minSendsPerVariant}
              onChange={(minSendsPerVariant) => update({ minSendsPerVariant })}
              suffix="emails"
              autoComplete="off"
              helpText="No winner is named before every variant of the email has gone out this many times (50–100,000)."
              error={errorOf(FIELD.minSendsPerVariant)}
            />
            <ChoiceList
              title="A variant wins when"
              name={FIELD.experimentRule}
              choices={RULES}
              selected={[values.rule]}
              onChange={([rule]) => update({ rule: rule as ExperimentsValues["rule"] })}
              error={errorOf(FIELD.experimentRule)}
            />
            <Select
              label="Level"
              name={FIELD.experimentLevel}
              options={LEVELS}
              value={values.levelPercent}
              onChange={(levelPercent) => update({ levelPercent })}
              helpText="How sure the rule must be. A higher level waits for more emails and names a wrong winner less often."
              error={errorOf(FIELD.experimentLevel)}
            />
          </FormLayout>
        </BlockStack>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {"Sending at the shopper's best hour"}
          </Text>
          <TextField
            label="Control share"
            type="number"
            name={FIELD.sendTimeControlPercent}
            value={values.sendTimeControlPercent}
            onChange={(sendTimeControlPercent) => update({ sendTimeControlPercent })}
            suffix="%"
            autoComplete="off"
            helpText={`Send ${control}% of shoppers at the plain delay, to measure whether holding pays. Only emails set to wait for the shopper's best hour are held (0–50).`}
            error={errorOf(FIELD.sendTimeControlPercent)}
          />
        </BlockStack>
      </BlockStack>
    </SettingsSectionForm>
  );
}
