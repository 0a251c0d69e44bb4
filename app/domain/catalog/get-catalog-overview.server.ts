import { prisma } from "~/db.server";
import { findGrantedScopes } from "~/lib/granted-scopes.server";
import { PRODUCT_COSTS_SCOPE, toCatalogStatus, type CatalogOverview } from "./catalog-overview";
import { isSyncInFlight } from "./catalog-sync";

/** The shop's catalog as the merchant sees it; a shop that never synced is IDLE with nothing. */
export async function getCatalogOverview(shop: string, { now }: { now: Date }): Promise<CatalogOverview> {
  const [state, scopes, knownCosts] = await Promise.all([
    prisma.catalogState.findUnique({
      where: { shop },
      select: {
        syncStatus: true,
        productCount: true,
        lastSyncedAt: true,
        syncError: true,
        syncStartedAt: true,
        leaseUntil: true,
      },
    }),
    findGrantedScopes(shop),
    prisma.variantCost.count({ where: { shop } }),
  ]);
  return {
    status: toCatalogStatus(state?.syncStatus),
    productCount: state?.productCount ?? 0,
    lastSyncedAt: state?.lastSyncedAt?.toISOString() ?? null,
    error: state?.syncError ?? null,
    isSyncing: state ? isSyncInFlight(state, now) : false,
    productCosts: { isGranted: scopes.includes(PRODUCT_COSTS_SCOPE), known: knownCosts },
  };
}
