import { prisma, upsertRacing } from "~/db.server";
import { startCatalogSync } from "~/domain/catalog";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { logger } from "~/lib/logger.server";
import { createTtlCache } from "~/lib/ttl-cache";
import { GetShopDetails } from "~/graphql/get-shop-details";
import { getShopSettings } from "./shop-settings.server";

export const INSTALL_STATE = { INSTALLED: "INSTALLED", UNINSTALLED: "UNINSTALLED" } as const;

// A merchant is waiting on the admin page during install: one quick retry, then the defaults stand and the
// details are fetched again at the next install or catalog sync.
const INSTALL_RETRY: RunOptions = { maxAttempts: 2, baseDelayMs: 300 };

/**
 * Called after Shopify authenticates an install (or a reinstall): marks the shop installed, refreshes its
 * name, currency and time zone from the Admin API, makes sure it has settings, and starts the catalog sync.
 */
export async function recordShopInstall(
  shop: string,
  { now, graphql, retry = INSTALL_RETRY }: { now: Date; graphql: AdminGraphql; retry?: RunOptions },
) {
  const log = logger.child({ shop, unit: "install" });
  const details = await runAdminOperation(graphql, GetShopDetails, undefined, { logger: log, ...retry });
  const known = details.ok
    ? {
        name: details.data.shop.name,
        contactEmail: details.data.shop.contactEmail ?? details.data.shop.email ?? null,
        primaryDomain: details.data.shop.primaryDomain?.url ?? null,
        address: details.data.shop.billingAddress?.formatted.filter(Boolean).join(", ") || null,
        currency: details.data.shop.currencyCode,
        timezone: details.data.shop.ianaTimezone,
      }
    : {};
  if (!details.ok)
    log.warn({ reason: details.reason }, "shop details unavailable; keeping defaults until the next install");
  const existing = await prisma.shop.findUnique({ where: { domain: shop }, select: { installState: true } });
  await upsertRacing(() =>
    prisma.shop.upsert({
      where: { domain: shop },
      create: { domain: shop, installState: INSTALL_STATE.INSTALLED, installedAt: now, ...known },
      update: {
        ...known,
        // Only a real reinstall moves installedAt; re-authenticating an installed shop keeps it.
        ...(existing?.installState === INSTALL_STATE.INSTALLED
          ? {}
          : { installState: INSTALL_STATE.INSTALLED, installedAt: now }),
        uninstalledAt: null,
      },
    }),
  );
  await getShopSettings(shop);
  forgetShop(shop);
  const wasInstalled = existing?.installState === INSTALL_STATE.INSTALLED;
  log.info({ reinstall: existing !== null && !wasInstalled }, "shop installed");
  // An install or a reinstall exports the whole catalog (products changed unseen while the app was away); an
  // installed shop re-authenticating keeps its catalog, which webhooks keep current.
  try {
    const sync = await startCatalogSync(shop, { graphql, now, retry, skipIfSynced: wasInstalled });
    log.info({ outcome: sync.outcome, reason: sync.reason }, "catalog sync on install");
  } catch (error) {
    // The install stands; the merchant can start the sync from the app home.
    log.error({ err: error }, "catalog sync could not be requested on install");
  }
}

export type UninstallOutcome = "UNINSTALLED" | "IGNORED_STALE";

/**
 * app/uninstalled: delete the shop's sessions and mark it uninstalled, so nothing is sent for it from now on.
 * Shopify retries deliveries for hours; an uninstall triggered before the shop's latest install is stale
 * and must not log out the reinstalled shop.
 */
export async function markShopUninstalled(
  shop: string,
  { now, triggeredAt }: { now: Date; triggeredAt: Date | null },
): Promise<UninstallOutcome> {
  const existing = await prisma.shop.findUnique({ where: { domain: shop }, select: { installedAt: true } });
  if (existing && triggeredAt && triggeredAt < existing.installedAt) return "IGNORED_STALE";
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop } }),
    prisma.shop.upsert({
      where: { domain: shop },
      create: { domain: shop, installState: INSTALL_STATE.UNINSTALLED, installedAt: now, uninstalledAt: now },
      update: { installState: INSTALL_STATE.UNINSTALLED, uninstalledAt: now },
    }),
  ]);
  forgetShop(shop);
  return "UNINSTALLED";
}

/** app/scopes_update: keep the stored sessions' scopes in line with what the merchant granted. */
export async function updateShopScopes(shop: string, scopes: string[]): Promise<number> {
  const { count } = await prisma.session.updateMany({ where: { shop }, data: { scope: scopes.join(",") } });
  return count;
}

/** Whether the app may act for this shop: it has an offline session and is not marked uninstalled. */
export async function isShopInstalled(shop: string): Promise<boolean> {
  const [session, row] = await Promise.all([
    prisma.session.findFirst({ where: { shop, isOnline: false }, select: { id: true } }),
    prisma.shop.findUnique({ where: { domain: shop }, select: { installState: true } }),
  ]);
  return session !== null && row?.installState !== INSTALL_STATE.UNINSTALLED;
}

export interface ActiveShop {
  domain: string;
  currency: string;
  timezone: string;
}

// Every webhook asks whether its shop is installed. The answer changes only on install and uninstall, which
// clear this process's entry; other processes see an uninstall within the TTL, and nothing is ever sent for
// an uninstalled shop anyway (the sender re-checks).
const activeShops = createTtlCache<string, ActiveShop>({ ttlMs: 10_000 });

/** Forgets what this process knows about a shop (install, uninstall, redaction). */
export function forgetShop(shop: string) {
  activeShops.delete(shop);
}

/**
 * For webhooks: the shop's row, created lazily (with settings) when a shop has a session but was never
 * recorded, or null when the app has no session for it (uninstalled), in which case the webhook is ignored.
 */
export async function findActiveShop(shop: string, { now }: { now: Date }): Promise<ActiveShop | null> {
  const cached = activeShops.get(shop, now.getTime());
  if (cached) return cached;
  if (!(await isShopInstalled(shop))) return null;
  const select = { domain: true, currency: true, timezone: true } as const;
  let row = await prisma.shop.findUnique({ where: { domain: shop }, select });
  if (!row) {
    row = await upsertRacing(() =>
      prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {}, select }),
    );
    await getShopSettings(shop);
  }
  activeShops.set(shop, row, now.getTime());
  return row;
}
