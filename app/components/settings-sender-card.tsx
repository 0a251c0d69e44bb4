import { FormLayout, TextField } from "@shopify/polaris";
import { FIELD, type SettingsForm } from "~/domain/shops/settings-form";
import { SettingsSectionForm, useSectionForm } from "./settings-section";

type SenderValues = SettingsForm["sender"];

const pickSender = (form: SettingsForm): SenderValues => form.sender;

const HEX_COLOUR = /^#?[0-9a-fA-F]{6}$/;
const asHex = (value: string) => (value.startsWith("#") ? value : `#${value}`);

/** A square of the typed colour; empty while the text is not a colour yet. Decorative: the text says it all. */
function ColourSwatch({ colour }: { colour: string }) {
  const isColour = HEX_COLOUR.test(colour.trim());
  return (
    <span
      aria-hidden="true"
      style={{
        display: "block",
        width: "1.25rem",
        height: "1.25rem",
        borderRadius: "var(--p-border-radius-100)",
        border: "var(--p-border-width-025) solid var(--p-color-border)",
        background: isColour ? asHex(colour.trim()) : "transparent",
      }}
    />
  );
}

/** How the recovery emails present the shop: From name, reply address, logo and accent colour. */
export function SettingsSenderCard({
  loaded,
  shopName,
  headingId,
}: {
  loaded: SettingsForm;
  shopName: string | null;
  headingId: string;
}) {
  const form = useSectionForm("sender", loaded, pickSender);
  const { values, setValues, errorOf } = form;
  const update = (change: Partial<SenderValues>) => setValues((current) => ({ ...current, ...change }));
  const accent = values.accentColor.trim();

  return (
    <SettingsSectionForm form={form} title="Sender" headingId={headingId}>
      <FormLayout>
        <TextField
          label="Sender name"
          name={FIELD.displayName}
          value={values.displayName}
          onChange={(displayName) => update({ displayName })}
          autoComplete="off"
          helpText={`Shown as who the email is from. Leave empty to use the shop's name${shopName ? ` (${shopName})` : ""}.`}
          error={errorOf(FIELD.displayName)}
        />
        <TextField
          label="Reply-to address"
          type="email"
          name={FIELD.replyTo}
          value={values.replyTo}
          onChange={(replyTo) => update({ replyTo })}
          autoComplete="email"
          helpText="Where shoppers' replies go. Leave empty to use the shop's contact email."
          error={errorOf(FIELD.replyTo)}
        />
        <TextField
          label="Logo URL"
          type="url"
          name={FIELD.logoUrl}
          value={values.logoUrl}
          onChange={(logoUrl) => update({ logoUrl })}
          autoComplete="url"
          placeholder="https://"
          helpText="An https address of your logo image, shown at the top of the email. Leave empty to show the shop's name."
          error={errorOf(FIELD.logoUrl)}
        />
        <TextField
          label="Accent colour"
          name={FIELD.accentColor}
          value={values.accentColor}
          onChange={(accentColor) => update({ accentColor })}
          autoComplete="off"
          monospaced
          prefix={<ColourSwatch colour={values.accentColor} />}
          helpText="Buttons and links in the email use it. A hex colour such as #008060."
          error={errorOf(FIELD.accentColor)}
          connectedRight={
            <input
              type="color"
              aria-label="Pick the accent colour"
              value={HEX_COLOUR.test(accent) ? asHex(accent).toLowerCase() : "#000000"}
              onChange={(event) => update({ accentColor: event.target.value })}
              style={{ height: "100%", minHeight: "2rem", width: "3rem", cursor: "pointer" }}
            />
          }
        />
      </FormLayout>
    </SettingsSectionForm>
  );
}
