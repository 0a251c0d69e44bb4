import { z } from "zod";
import { prisma } from "~/db.server";
import { AppError } from "~/lib/app-error";
import { logger } from "~/lib/logger.server";
import { parseSettingsSection, type FormFields } from "./parse-settings-form";
import { recomputeDefaultMarginProfits } from "./recompute-default-margin-profits.server";
import { ShopSettingsSchema } from "./settings";
import { INTENT_FIELD, SETTINGS_SECTIONS, toSettingsForm, type SettingsSaveResult } from "./settings-form";
import { findActiveShop } from "./shop-lifecycle.server";
import { getShopSettings, SETTINGS_VERSION } from "./shop-settings.server";

const SectionSchema = z.enum(SETTINGS_SECTIONS);
/** Each retry means another save landed in between; a handful covers the save bar submitting every section. */
const MAX_ATTEMPTS = 5;

/**
 * Saves one section of the Settings page for `shop` (the session's shop; the form cannot name another) and
 * leaves every other section as stored. The write is a compare-and-swap on the stored document: the save bar
 * submits several sections at once, and an automatic pause may land at any time, so a plain read-then-write
 * would put back what another request had just changed. When the document moved, the section is merged into
 * the newer one and validated again.
 */
export async function saveSettingsSection(
  shop: string,
  form: FormFields,
  { now }: { now: Date },
): Promise<SettingsSaveResult> {
  const intent = SectionSchema.safeParse(form.get(INTENT_FIELD));
  if (!intent.success) throw new AppError("BAD_REQUEST", "unknown settings section");
  const section = intent.data;
  const active = await findActiveShop(shop, { now });
  if (!active) throw new AppError("NOT_FOUND", `shop ${shop} is not installed`);
  await getShopSettings(shop);

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop }, select: { data: true } });
    const stored = ShopSettingsSchema.safeParse(JSON.parse(row.data));
    if (!stored.success) throw new AppError("UNPROCESSABLE", `stored settings of ${shop} are invalid`);
    const parsed = parseSettingsSection(section, form, {
      current: stored.data,
      currency: active.currency,
      now,
    });
    if (!parsed.ok) return { section, ok: false, errors: parsed.errors };
    const data = JSON.stringify(parsed.settings);
    if (data !== row.data) {
      const marginPercent = parsed.settings.defaultMarginPercent;
      const isMarginChanged = marginPercent !== stored.data.defaultMarginPercent;
      // A new default margin and the profits made with it change together, or neither does.
      const count = await prisma.$transaction(async (tx) => {
        const saved = await tx.shopSettings.updateMany({
          where: { shop, data: row.data },
          data: { data, version: SETTINGS_VERSION },
        });
        if (saved.count === 1 && isMarginChanged)
          await recomputeDefaultMarginProfits(tx, shop, { marginPercent, now });
        return saved.count;
      });
      if (count === 0) continue;
      logger.info({ shop, section }, "settings saved");
    }
    return {
      section,
      ok: true,
      form: toSettingsForm(parsed.settings, active.currency),
      warnings: parsed.warnings,
    };
  }
  throw new AppError("CONFLICT", "The settings changed while saving; please save again.");
}
