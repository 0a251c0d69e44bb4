import { CATALOG_SYNC_STATUS, isCatalogSyncStatus, type CatalogSyncStatus } from "./catalog-sync";

/** What the admin home shows about the catalog; plain data, safe to send to the browser. */
export interface CatalogOverview {
  status: CatalogSyncStatus;
  productCount: number;
  /** ISO timestamp of the last completed sync. */
  lastSyncedAt: string | null;
  /** Why the sync failed (FAILED), or why it is waiting to retry. */
  error: string | null;
  /** A sync is under way (isSyncInFlight); "Sync now" would not start another. */
  isSyncing: boolean;
}

export const CATALOG_STATUS_LABELS: Record<CatalogSyncStatus, string> = {
  IDLE: "Not synced yet",
  REQUESTED: "Starting",
  RUNNING: "Shopify is exporting",
  READY: "Export ready, importing soon",
  IMPORTING: "Importing",
  COMPLETED: "Synced",
  FAILED: "Failed",
};

export function toCatalogStatus(value: string | null | undefined): CatalogSyncStatus {
  return value && isCatalogSyncStatus(value) ? value : CATALOG_SYNC_STATUS.IDLE;
}
