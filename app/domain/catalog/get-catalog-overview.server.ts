import { prisma } from "~/db.server";
import { toCatalogStatus, type CatalogOverview } from "./catalog-overview";
import { isSyncInFlight } from "./catalog-sync";

/** The shop's catalog as the merchant sees it; a shop that never synced is IDLE with nothing. */
export async function getCatalogOverview(shop: string, { now }: { now: Date }): Promise<CatalogOverview> {
  const state = await prisma.catalogState.findUnique({
    where: { shop },
    select: {
      syncStatus: true,
      productCount: true,
      lastSyncedAt: true,
      syncError: true,
      syncStartedAt: true,
      leaseUntil: true,
    },
  });
  return {
    status: toCatalogStatus(state?.syncStatus),
    productCount: state?.productCount ?? 0,
    lastSyncedAt: state?.lastSyncedAt?.toISOString() ?? null,
    error: state?.syncError ?? null,
    isSyncing: state ? isSyncInFlight(state, now) : false,
  };
}
