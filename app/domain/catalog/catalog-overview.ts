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
  productCosts: ProductCostsOverview;
}

/** The access scope the export needs to read variants' unit costs (InventoryItem.unitCost). */
export const PRODUCT_COSTS_SCOPE = "read_inventory";

/** Whether profit can use real product costs, or stands in the merchant's default margin for them. */
export interface ProductCostsOverview {
  /** The shop granted PRODUCT_COSTS_SCOPE, so a sync imports the costs Shopify has. */
  isGranted: boolean;
  /** Variants whose unit cost the catalog keeps (as the last complete sync found them). */
  known: number;
}

/**
 * One sentence for the merchant: how many variants' costs profit uses, or why none. Without a cost, a
 * variant's profit comes from the default margin (Settings, Profit).
 */
export function describeProductCosts({ isGranted, known }: ProductCostsOverview): string {
  if (!isGranted)
    return (
      `Product costs: not available: grant ${PRODUCT_COSTS_SCOPE} (approve the updated permissions when Shopify ` +
      "asks, then Sync now). Profit uses your default margin meanwhile."
    );
  if (known === 0)
    return (
      "Product costs: none yet. Sync now to import them (Shopify has a cost for variants with a cost per " +
      "item); profit uses your default margin for the others."
    );
  return `Product costs: ${known.toLocaleString("en")} ${known === 1 ? "variant" : "variants"}; the others use your default margin.`;
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
