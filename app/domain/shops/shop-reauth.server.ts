import { prisma } from "~/db.server";

/**
 * A shop whose offline access could not be renewed (Shopify refused the refresh token, or the session has
 * none left): background work waits and the admin home says so, until the merchant opens the app again.
 */

export interface ReauthNeed {
  since: Date;
  /** In words, for the admin home; never a token. */
  reason: string;
}

const MAX_REASON_LENGTH = 300;

/**
 * Marks the shop once: a later failure while it is marked changes nothing, so `since` is when access was
 * first lost. True when this call set the mark.
 */
export async function markShopNeedsReauth(shop: string, reason: string, now: Date): Promise<boolean> {
  const { count } = await prisma.shop.updateMany({
    where: { domain: shop, reauthRequiredAt: null },
    data: { reauthRequiredAt: now, reauthReason: reason.slice(0, MAX_REASON_LENGTH) },
  });
  return count === 1;
}

/** The merchant authenticated again: access works, the work that waited goes on. */
export async function clearShopReauth(shop: string): Promise<void> {
  await prisma.shop.updateMany({
    where: { domain: shop, reauthRequiredAt: { not: null } },
    data: { reauthRequiredAt: null, reauthReason: null },
  });
}

export async function findReauthNeed(shop: string): Promise<ReauthNeed | null> {
  const row = await prisma.shop.findUnique({
    where: { domain: shop },
    select: { reauthRequiredAt: true, reauthReason: true },
  });
  if (!row?.reauthRequiredAt) return null;
  return { since: row.reauthRequiredAt, reason: row.reauthReason ?? "the app's access to the shop expired" };
}
