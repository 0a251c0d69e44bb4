import { isUniqueViolation, prisma, upsertRacing, type DbTransaction } from "~/db.server";
import { AppError } from "~/lib/app-error";
import { defaultShopSettings, ShopSettingsSchema, type ShopSettings } from "./settings";

/** Current settings version; bump when a change needs a data migration rather than new defaults. */
export const SETTINGS_VERSION = 1;

/**
 * The shop's settings, created with defaults on first need. Two first requests may race; the loser's
 * insert fails on the primary key and it reads the winner's row instead. Inside a transaction, pass it as
 * `db` (the global client would wait for the transaction to end: a deadlock on SQLite's one connection).
 */
export async function getShopSettings(shop: string, db: DbTransaction = prisma): Promise<ShopSettings> {
  const row = await db.shopSettings.findUnique({ where: { shop }, select: { data: true } });
  if (row) return parseStoredSettings(shop, row.data);
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { currency: true } });
  if (!shopRow) throw new AppError("NOT_FOUND", `shop ${shop} is not known`);
  const settings = defaultShopSettings(shopRow.currency);
  try {
    await db.shopSettings.create({
      data: { shop, data: JSON.stringify(settings), version: SETTINGS_VERSION },
    });
    return settings;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.shopSettings.findUniqueOrThrow({ where: { shop }, select: { data: true } });
    return parseStoredSettings(shop, winner.data);
  }
}

/** Validates and stores a whole settings document; returns the stored (normalised) form. */
export async function saveShopSettings(shop: string, settings: unknown): Promise<ShopSettings> {
  const parsed = ShopSettingsSchema.parse(settings);
  const data = JSON.stringify(parsed);
  await upsertRacing(() =>
    prisma.shopSettings.upsert({
      where: { shop },
      create: { shop, data, version: SETTINGS_VERSION },
      update: { data, version: SETTINGS_VERSION },
    }),
  );
  return parsed;
}

function parseStoredSettings(shop: string, data: string): ShopSettings {
  const parsed = ShopSettingsSchema.safeParse(JSON.parse(data));
  if (!parsed.success) {
    throw new AppError(
      "UNPROCESSABLE",
      `stored settings of ${shop} are invalid: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

/**
 * Changes a shop's settings with `change`, as a compare-and-swap on the stored document: if another request
 * saved in between, the change is applied again to the newer document, so neither write undoes the other.
 */
export async function updateShopSettings(
  shop: string,
  change: (current: ShopSettings) => ShopSettings,
): Promise<ShopSettings> {
  await getShopSettings(shop);
  for (let attempt = 1; attempt <= 5; attempt++) {
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop }, select: { data: true } });
    const next = ShopSettingsSchema.parse(change(parseStoredSettings(shop, row.data)));
    const data = JSON.stringify(next);
    if (data === row.data) return next;
    const { count } = await prisma.shopSettings.updateMany({
      where: { shop, data: row.data },
      data: { data, version: SETTINGS_VERSION },
    });
    if (count === 1) return next;
  }
  throw new AppError("CONFLICT", `the settings of ${shop} kept changing; try again`);
}
