import { prisma } from "~/db.server";
import { readSenderReputation } from "~/domain/sending";
import { AppError } from "~/lib/app-error";
import { describeSendingStatus, type SendingStatusView } from "./sending-status";
import { toSettingsForm, type SettingsForm } from "./settings-form";
import { findActiveShop } from "./shop-lifecycle.server";
import { getShopSettings } from "./shop-settings.server";

export interface SettingsPage {
  shop: { name: string | null; currency: string; timezone: string };
  form: SettingsForm;
  /** With when it was paused, in the shop's time zone (formatted here, so server and browser agree). */
  sending: SendingStatusView & { pausedAtText: string | null };
}

function formatInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
  } catch {
    return date.toISOString();
  }
}

/** Everything the Settings page shows for one shop: its settings in form shape, and its sending state. */
export async function getSettingsPage(shop: string, { now }: { now: Date }): Promise<SettingsPage> {
  const active = await findActiveShop(shop, { now });
  if (!active) throw new AppError("NOT_FOUND", `shop ${shop} is not installed`);
  const [settings, row, reputation] = await Promise.all([
    getShopSettings(shop),
    prisma.shop.findUnique({ where: { domain: shop }, select: { name: true } }),
    readSenderReputation(shop, now),
  ]);
  return {
    shop: { name: row?.name ?? null, currency: active.currency, timezone: active.timezone },
    form: toSettingsForm(settings, active.currency),
    sending: {
      ...describeSendingStatus(settings.sending, reputation),
      pausedAtText: settings.sending.pausedAt
        ? formatInZone(settings.sending.pausedAt, active.timezone)
        : null,
    },
  };
}
