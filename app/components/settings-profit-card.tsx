import { Checkbox, FormLayout, TextField } from "@shopify/polaris";
import { CHECKED, FIELD, type SettingsForm } from "~/domain/shops/settings-form";
import { SettingsSectionForm, useSectionForm } from "./settings-section";

type ProfitValues = SettingsForm["profit"];

const pickProfit = (form: SettingsForm): ProfitValues => form.profit;

const MARGIN_HELP =
  "Your gross margin on products whose cost Shopify does not have (a product's cost per item, read with the " +
  "read_inventory permission). Profit on a recovered order is its merchandise times this margin, less the " +
  "discount; changing it recalculates past orders that used it (1–100).";

const FLOOR_HELP =
  "No offer may take a cart's margin, after its discount, below this. The email then carries the largest " +
  "discount that keeps it (or free shipping, or no offer), and the checkout's timeline says so. Free shipping " +
  "counts as costing no margin, except for a cart already below the floor. Empty: no floor (0–95).";

const CUSTOMER_BOUND_HELP =
  "Only the shopper's own Shopify customer account can use the code, so a code shared on a coupon site is " +
  "refused. Guest checkouts' codes stay open: Shopify can limit a code to a customer only.";

/** Margins for profit and the margin floor, and whether codes are bound to the checkout's customer. */
export function SettingsProfitCard({ loaded, headingId }: { loaded: SettingsForm; headingId: string }) {
  const form = useSectionForm("profit", loaded, pickProfit);
  const { values, setValues, errorOf } = form;
  const update = (change: Partial<ProfitValues>) => setValues((current) => ({ ...current, ...change }));

  return (
    <SettingsSectionForm form={form} title="Profit" headingId={headingId}>
      <FormLayout>
        <TextField
          label="Default margin"
          type="number"
          name={FIELD.defaultMarginPercent}
          value={values.defaultMarginPercent}
          onChange={(defaultMarginPercent) => update({ defaultMarginPercent })}
          suffix="%"
          autoComplete="off"
          helpText={MARGIN_HELP}
          error={errorOf(FIELD.defaultMarginPercent)}
        />
        <TextField
          label="Margin floor"
          type="number"
          name={FIELD.marginFloorPercent}
          value={values.marginFloorPercent}
          onChange={(marginFloorPercent) => update({ marginFloorPercent })}
          suffix="%"
          placeholder="None"
          autoComplete="off"
          helpText={FLOOR_HELP}
          error={errorOf(FIELD.marginFloorPercent)}
        />
        <Checkbox
          label="Only the checkout's customer may use the code"
          helpText={CUSTOMER_BOUND_HELP}
          name={FIELD.customerBoundCodes}
          value={CHECKED}
          checked={values.customerBoundCodes}
          onChange={(customerBoundCodes) => update({ customerBoundCodes })}
        />
      </FormLayout>
    </SettingsSectionForm>
  );
}
