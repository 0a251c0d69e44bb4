import { prisma } from "~/db.server";
import { getShopSettings } from "./shop-settings.server";

export interface ShopOverview {
  domain: string;
  name: string | null;
  currency: string;
  timezone: string;
  installedAt: string;
  sending: { status: "ACTIVE" | "PAUSED"; pausedReason: string | null };
}

/** What the app home needs to say about the shop itself. */
export async function getShopOverview(shop: string): Promise<ShopOverview | null> {
  const row = await prisma.shop.findUnique({
    where: { domain: shop },
    select: { domain: true, name: true, currency: true, timezone: true, installedAt: true },
  });
  if (!row) return null;
  const settings = await getShopSettings(shop);
  return {
    ...row,
    installedAt: row.installedAt.toISOString(),
    sending: { status: settings.sending.status, pausedReason: settings.sending.pausedReason },
  };
}
