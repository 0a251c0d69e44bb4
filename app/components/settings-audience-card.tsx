import { BlockStack, Checkbox, ChoiceList, FormLayout, Text, TextField } from "@shopify/polaris";
import { CHECKED, FIELD, type SettingsForm } from "~/domain/shops/settings-form";
import { SettingsRow, SettingsSectionForm, useSectionForm } from "./settings-section";

type AudienceValues = SettingsForm["audience"];

const pickAudience = (form: SettingsForm): AudienceValues => form.audience;

const MODES = [
  {
    label: "Only shoppers who accepted email marketing",
    value: "SUBSCRIBERS",
    helpText: "The safe choice in the EU, the UK and Canada, where marketing email needs consent.",
  },
  {
    label: "Everyone who left an email address",
    value: "ALL",
    helpText: "Only where the law lets you email shoppers about their own checkout without consent.",
  },
];

/** Who is emailed, when not (quiet hours, frequency), and who never (blocklists). */
export function SettingsAudienceCard({
  loaded,
  timezone,
  headingId,
}: {
  loaded: SettingsForm;
  timezone: string;
  headingId: string;
}) {
  const form = useSectionForm("audience", loaded, pickAudience);
  const { values, setValues, errorOf } = form;
  const update = (change: Partial<AudienceValues>) => setValues((current) => ({ ...current, ...change }));
  const updateQuiet = (change: Partial<AudienceValues["quietHours"]>) =>
    setValues((current) => ({ ...current, quietHours: { ...current.quietHours, ...change } }));

  return (
    <SettingsSectionForm form={form} title="Audience" headingId={headingId}>
      <ChoiceList
        title="Who gets recovery emails"
        name={FIELD.audienceMode}
        choices={MODES}
        selected={[values.mode]}
        onChange={([mode]) => update({ mode: mode === "ALL" ? "ALL" : "SUBSCRIBERS" })}
        error={errorOf(FIELD.audienceMode)}
      />
      <Checkbox
        label="Skip test checkouts"
        helpText="Addresses at example.com, .test and similar test domains are never emailed."
        name={FIELD.excludeTestCheckouts}
        value={CHECKED}
        checked={values.excludeTestCheckouts}
        onChange={(excludeTestCheckouts) => update({ excludeTestCheckouts })}
      />
      <SettingsRow legend="Quiet hours">
        <BlockStack gap="200">
          <Checkbox
            label="Hold emails during quiet hours"
            helpText={`Times are in the shop's time zone, ${timezone}. An email due in the quiet hours goes out when they end.`}
            name={FIELD.quietHoursEnabled}
            value={CHECKED}
            checked={values.quietHours.enabled}
            onChange={(enabled) => updateQuiet({ enabled })}
          />
          <FormLayout>
            <FormLayout.Group condensed>
              <TextField
                label="Quiet from"
                type="time"
                name={FIELD.quietHoursStart}
                value={values.quietHours.start}
                onChange={(start) => updateQuiet({ start })}
                autoComplete="off"
                helpText={`Shop time, ${timezone}`}
                error={errorOf(FIELD.quietHoursStart)}
              />
              <TextField
                label="Quiet until"
                type="time"
                name={FIELD.quietHoursEnd}
                value={values.quietHours.end}
                onChange={(end) => updateQuiet({ end })}
                autoComplete="off"
                helpText={`Shop time, ${timezone}`}
                error={errorOf(FIELD.quietHoursEnd)}
              />
            </FormLayout.Group>
          </FormLayout>
        </BlockStack>
      </SettingsRow>
      <SettingsRow legend="How often">
        <FormLayout>
          <FormLayout.Group condensed>
            <TextField
              label="One sequence per shopper every"
              type="number"
              name={FIELD.sequenceCooldownDays}
              value={values.sequenceCooldownDays}
              onChange={(sequenceCooldownDays) => update({ sequenceCooldownDays })}
              suffix="days"
              autoComplete="off"
              helpText="0 lets every abandoned checkout start a sequence."
              error={errorOf(FIELD.sequenceCooldownDays)}
            />
            <TextField
              label="At least this long between two emails"
              type="number"
              name={FIELD.minHoursBetweenEmails}
              value={values.minHoursBetweenEmails}
              onChange={(minHoursBetweenEmails) => update({ minHoursBetweenEmails })}
              suffix="hours"
              autoComplete="off"
              helpText="Across all of a shopper's checkouts."
              error={errorOf(FIELD.minHoursBetweenEmails)}
            />
          </FormLayout.Group>
          <TextField
            label="Ignore checkouts older than"
            type="number"
            name={FIELD.maxCheckoutAgeDays}
            value={values.maxCheckoutAgeDays}
            onChange={(maxCheckoutAgeDays) => update({ maxCheckoutAgeDays })}
            suffix="days"
            autoComplete="off"
            helpText="Counted from the last activity, so old carts are never emailed (also right after installing)."
            error={errorOf(FIELD.maxCheckoutAgeDays)}
          />
        </FormLayout>
      </SettingsRow>
      <SettingsRow legend="Never email">
        <FormLayout>
          <TextField
            label="Blocked email addresses"
            multiline={4}
            name={FIELD.blockedEmails}
            value={values.blockedEmails}
            onChange={(blockedEmails) => update({ blockedEmails })}
            autoComplete="off"
            spellCheck={false}
            helpText="One address per line."
            error={errorOf(FIELD.blockedEmails)}
          />
          <TextField
            label="Blocked domains"
            multiline={4}
            name={FIELD.blockedDomains}
            value={values.blockedDomains}
            onChange={(blockedDomains) => update({ blockedDomains })}
            autoComplete="off"
            spellCheck={false}
            helpText="One domain per line, such as example.com; its subdomains are blocked too."
            error={errorOf(FIELD.blockedDomains)}
          />
        </FormLayout>
      </SettingsRow>
      <Text as="p" tone="subdued">
        Unsubscribed, bounced and complaining addresses are never emailed, whatever is set here.
      </Text>
    </SettingsSectionForm>
  );
}
