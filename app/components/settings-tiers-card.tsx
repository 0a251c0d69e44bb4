import {
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Checkbox,
  FormLayout,
  InlineError,
  List,
  Text,
  TextField,
} from "@shopify/polaris";
import { OFFER_ARM_LABELS, OFFER_ARMS, type OfferArm } from "~/domain/discounts/offer-arms";
import {
  CHECKED,
  FIELD,
  MAX_TIERS,
  newTierRow,
  offerArmField,
  tierField,
  type SettingsForm,
  type TierForm,
} from "~/domain/shops/settings-form";
import { tierExamples, tiersFromForm } from "~/domain/shops/tier-examples";
import {
  SettingsRow,
  SettingsSectionForm,
  useSectionForm,
  withRowKeys,
  type Keyed,
} from "./settings-section";

interface TiersValues {
  tiers: Keyed<TierForm>[];
  codeLifetimeHours: string;
  offerArms: Record<OfferArm, boolean>;
}

const pickTiers = (form: SettingsForm): TiersValues => ({
  tiers: withRowKeys(form.tiers.tiers),
  codeLifetimeHours: form.tiers.codeLifetimeHours,
  offerArms: form.tiers.offerArms,
});

const OFFER_TEST_HELP =
  "Split the checkouts that get emails between two or three offers, drawn at random for each checkout, so " +
  "the dashboard can say which earns you more profit. Leave every box clear for no test. Free shipping only " +
  "goes to carts that reach a tier. Segments have their own test, on their page.";

/** Discount tiers by cart subtotal, with a live example of what carts of a few sizes get. */
export function SettingsTiersCard({
  loaded,
  currency,
  headingId,
}: {
  loaded: SettingsForm;
  currency: string;
  headingId: string;
}) {
  const form = useSectionForm("tiers", loaded, pickTiers);
  const { values, setValues, errorOf } = form;

  const updateTier = (position: number, change: Partial<TierForm>) =>
    setValues((current) => ({
      ...current,
      tiers: current.tiers.map((tier, index) => (index === position ? { ...tier, ...change } : tier)),
    }));
  const reshape = (change: (tiers: Keyed<TierForm>[]) => Keyed<TierForm>[]) => {
    form.clearErrors();
    setValues((current) => ({ ...current, tiers: change(current.tiers) }));
  };
  const move = (position: number, by: -1 | 1) =>
    reshape((tiers) => {
      const next = [...tiers];
      const [moved] = next.splice(position, 1);
      if (moved) next.splice(position + by, 0, moved);
      return next;
    });

  const typedTiers = tiersFromForm(values.tiers, currency);
  const examples = typedTiers ? tierExamples(typedTiers, currency) : null;

  return (
    <SettingsSectionForm form={form} title="Discount tiers" headingId={headingId}>
      {values.tiers.length === 0 ? (
        <Text as="p" tone="subdued">
          No tiers: emails that carry the offer have no discount.
        </Text>
      ) : null}
      {values.tiers.map((tier, position) => (
        <SettingsRow key={tier.rowKey} legend={`Tier ${position + 1}`}>
          <FormLayout>
            <FormLayout.Group condensed>
              <TextField
                label="Minimum cart subtotal"
                name={tierField(position, "minimumSubtotal")}
                value={tier.minimumSubtotal}
                onChange={(minimumSubtotal) => updateTier(position, { minimumSubtotal })}
                suffix={currency}
                inputMode="decimal"
                autoComplete="off"
                error={errorOf(tierField(position, "minimumSubtotal"))}
              />
              <TextField
                label="Percent off"
                type="number"
                name={tierField(position, "percentOff")}
                value={tier.percentOff}
                onChange={(percentOff) => updateTier(position, { percentOff })}
                suffix="%"
                autoComplete="off"
                error={errorOf(tierField(position, "percentOff"))}
              />
            </FormLayout.Group>
            <Checkbox
              label="Free shipping"
              name={tierField(position, "freeShipping")}
              value={CHECKED}
              checked={tier.freeShipping}
              onChange={(freeShipping) => updateTier(position, { freeShipping })}
              error={errorOf(tierField(position, "freeShipping"))}
            />
            <ButtonGroup>
              <Button
                onClick={() => move(position, -1)}
                disabled={position === 0}
                accessibilityLabel={`Move up: tier ${position + 1}`}
              >
                Move up
              </Button>
              <Button
                onClick={() => move(position, 1)}
                disabled={position === values.tiers.length - 1}
                accessibilityLabel={`Move down: tier ${position + 1}`}
              >
                Move down
              </Button>
              <Button
                tone="critical"
                onClick={() => reshape((tiers) => tiers.filter((_, index) => index !== position))}
                accessibilityLabel={`Remove tier ${position + 1}`}
              >
                Remove
              </Button>
            </ButtonGroup>
          </FormLayout>
        </SettingsRow>
      ))}
      <InlineAdd
        disabled={values.tiers.length >= MAX_TIERS}
        onAdd={() => reshape((tiers) => [...tiers, ...withRowKeys([newTierRow(tiers, currency)])])}
      />
      <TextField
        label="Discount code lifetime"
        type="number"
        name={FIELD.codeLifetimeHours}
        value={values.codeLifetimeHours}
        onChange={(codeLifetimeHours) => setValues((current) => ({ ...current, codeLifetimeHours }))}
        suffix="hours"
        autoComplete="off"
        helpText="How long a code stays valid after the email that carries it."
        error={errorOf(FIELD.codeLifetimeHours)}
      />
      <OfferTestFields
        values={values.offerArms}
        onChange={(arm, checked) =>
          setValues((current) => ({ ...current, offerArms: { ...current.offerArms, [arm]: checked } }))
        }
        error={errorOf(FIELD.offerArms)}
      />
      <Box background="bg-surface-secondary" padding="300" borderRadius="200">
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            What carts get
          </Text>
          {examples ? (
            <List type="bullet">
              {examples.map((example) => (
                <List.Item key={example.cartMinor}>{example.text}</List.Item>
              ))}
            </List>
          ) : (
            <Text as="p" tone="subdued">
              Enter a valid subtotal and percentage for every tier to see examples.
            </Text>
          )}
        </BlockStack>
      </Box>
    </SettingsSectionForm>
  );
}

/** "Everyone else"'s offer test: one checkbox per offer; none (no test), two or three. */
function OfferTestFields({
  values,
  onChange,
  error,
}: {
  values: Record<OfferArm, boolean>;
  onChange: (arm: OfferArm, checked: boolean) => void;
  error: string | undefined;
}) {
  return (
    <SettingsRow legend="Offer test">
      <BlockStack gap="100">
        <Text as="p" tone="subdued" id="settings-offer-test-help">
          {OFFER_TEST_HELP}
        </Text>
        {OFFER_ARMS.map((arm) => (
          <Checkbox
            key={arm}
            label={OFFER_ARM_LABELS[arm]}
            name={offerArmField(arm)}
            value={CHECKED}
            checked={values[arm]}
            onChange={(checked) => onChange(arm, checked)}
          />
        ))}
        {error ? <InlineError message={error} fieldID="settings-offer-test-help" /> : null}
      </BlockStack>
    </SettingsRow>
  );
}

function InlineAdd({ disabled, onAdd }: { disabled: boolean; onAdd: () => void }) {
  return (
    <div>
      <Button onClick={onAdd} disabled={disabled}>
        Add tier
      </Button>
      {disabled ? (
        <Text as="p" tone="subdued">
          {`At most ${MAX_TIERS} tiers.`}
        </Text>
      ) : null}
    </div>
  );
}
