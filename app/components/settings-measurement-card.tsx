import { Checkbox, FormLayout, TextField } from "@shopify/polaris";
import { CHECKED, FIELD, type SettingsForm } from "~/domain/shops/settings-form";
import { SettingsSectionForm, useSectionForm } from "./settings-section";

type MeasurementValues = SettingsForm["measurement"];

const pickMeasurement = (form: SettingsForm): MeasurementValues => form.measurement;

const HOLDOUT_HELP =
  "This share of abandoned checkouts gets no email at all. Comparing how often those carts are recovered " +
  "anyway with the emailed ones measures the recoveries the emails really cause (the incremental lift), " +
  "rather than counting every order that follows an email. Each held-out checkout is an email not sent, so " +
  "keep it small; the lift is shown once at least 30 checkouts are held out. 0 turns it off; at most 50%.";

/** AI-written copy, and how results are measured and how long personal data is kept. */
export function SettingsMeasurementCard({ loaded, headingId }: { loaded: SettingsForm; headingId: string }) {
  const form = useSectionForm("measurement", loaded, pickMeasurement);
  const { values, setValues, errorOf } = form;
  const update = (change: Partial<MeasurementValues>) => setValues((current) => ({ ...current, ...change }));

  return (
    <SettingsSectionForm form={form} title="AI copy, measurement and data" headingId={headingId}>
      <FormLayout>
        <Checkbox
          label="Write the email text with AI"
          helpText="Gemini writes the text from the cart and your shop, in the shopper's language. If it fails, is slow or writes in another language, the built-in template is used."
          name={FIELD.aiCopyEnabled}
          value={CHECKED}
          checked={values.aiCopyEnabled}
          onChange={(aiCopyEnabled) => update({ aiCopyEnabled })}
        />
        <TextField
          label="Holdout share"
          type="number"
          name={FIELD.holdoutPercent}
          value={values.holdoutPercent}
          onChange={(holdoutPercent) => update({ holdoutPercent })}
          suffix="%"
          autoComplete="off"
          helpText={HOLDOUT_HELP}
          error={errorOf(FIELD.holdoutPercent)}
        />
        <TextField
          label="Attribution window"
          type="number"
          name={FIELD.attributionWindowDays}
          value={values.attributionWindowDays}
          onChange={(attributionWindowDays) => update({ attributionWindowDays })}
          suffix="days"
          autoComplete="off"
          helpText="An order within this many days after the sequence counts as recovered by it; the holdout group is measured over the same window (1–30)."
          error={errorOf(FIELD.attributionWindowDays)}
        />
        <TextField
          label="Keep personal data for"
          type="number"
          name={FIELD.retentionDays}
          value={values.retentionDays}
          onChange={(retentionDays) => update({ retentionDays })}
          suffix="days"
          autoComplete="off"
          helpText="After this, shoppers' emails, names and checkout links are deleted; anonymous counts and amounts stay for reports (7–730)."
          error={errorOf(FIELD.retentionDays)}
        />
      </FormLayout>
    </SettingsSectionForm>
  );
}
