import { maxAttemptsFor, type RetryDelays } from "~/lib/retry-delays";

/**
 * The life of a catalog sync, one per shop at a time (CatalogState):
 *
 *   IDLE/COMPLETED/FAILED --start--> REQUESTED --bulkOperationRunQuery--> RUNNING
 *   RUNNING --bulk_operations/finish or a poll--> READY (completed) | FAILED (failed, canceled, expired)
 *   READY --a tick claims it--> IMPORTING --streamed JSONL written--> COMPLETED
 *
 * A start or an import that fails for a reason worth retrying goes back to REQUESTED or READY with the reason
 * and a later not-before time; after MAX_SYNC_ATTEMPTS it stays FAILED with the reason, for the merchant.
 */
export const CATALOG_SYNC_STATUS = {
  IDLE: "IDLE",
  REQUESTED: "REQUESTED",
  RUNNING: "RUNNING",
  READY: "READY",
  IMPORTING: "IMPORTING",
  COMPLETED: "COMPLETED",
  FAILED: "FAILED",
} as const;
export type CatalogSyncStatus = (typeof CATALOG_SYNC_STATUS)[keyof typeof CATALOG_SYNC_STATUS];

export function isCatalogSyncStatus(value: string): value is CatalogSyncStatus {
  return value in CATALOG_SYNC_STATUS;
}

/**
 * Waits between attempts at starting the export, and separately at importing it: 1 minute, then 5. After
 * the last attempt the sync is left FAILED with the reason.
 */
export const CATALOG_SYNC_RETRY_DELAYS: RetryDelays = [60_000, 5 * 60_000];
/** Attempts at starting the export, and separately at importing it, before the sync is left FAILED. */
export const MAX_SYNC_ATTEMPTS = maxAttemptsFor(CATALOG_SYNC_RETRY_DELAYS);

/** How long a worker may hold a start or an import before another may take it over; renewed per batch. */
export const SYNC_LEASE_MS = 5 * 60 * 1000;

/** Webhooks can be late or lost: a RUNNING export is polled once it is this old. */
export const POLL_RUNNING_AFTER_MS = 5 * 60 * 1000;

/**
 * An export RUNNING for longer than this is taken for lost and a new sync may start over it. Polling keeps
 * the status truthful meanwhile, so this only matters when polling cannot reach Shopify.
 */
export const RUNNING_FRESH_MS = 2 * 60 * 60 * 1000;

/** Shopify gives up on a bulk operation after 10 days; past that nothing will ever report it finished. */
export const MAX_RUNNING_MS = 11 * 24 * 60 * 60 * 1000;

/** The CatalogState columns that tell whether a sync is under way. */
export interface SyncSnapshot {
  syncStatus: string;
  syncStartedAt: Date | null;
  leaseUntil: Date | null;
  syncError: string | null;
}

/**
 * Whether a sync is under way and a new one would only duplicate it: an export running (recently enough to
 * be believed), results waiting for or being imported, or a start that a worker is making right now. A
 * start waiting to retry after a failure is not: the merchant asking again tries at once.
 */
export function isSyncInFlight(state: SyncSnapshot, now: Date): boolean {
  const isLeased = state.leaseUntil !== null && state.leaseUntil > now;
  switch (state.syncStatus) {
    case CATALOG_SYNC_STATUS.REQUESTED:
      return isLeased && state.syncError === null;
    case CATALOG_SYNC_STATUS.RUNNING:
      return state.syncStartedAt !== null && now.getTime() - state.syncStartedAt.getTime() < RUNNING_FRESH_MS;
    case CATALOG_SYNC_STATUS.READY:
      return true;
    case CATALOG_SYNC_STATUS.IMPORTING:
      return isLeased;
    default:
      return false;
  }
}

const BULK_ERROR_REASONS: Record<string, string> = {
  ACCESS_DENIED: "Shopify denied access to the products; the app may be missing the read_products permission",
  INTERNAL_SERVER_ERROR: "Shopify had an internal error while exporting the products",
  TIMEOUT: "Shopify timed out while exporting the products",
};

/** A sentence for the merchant about a bulk operation that ended without results. */
export function describeBulkOperationFailure(status: string, errorCode: string | null | undefined): string {
  const code = errorCode?.toUpperCase();
  if (code) return BULK_ERROR_REASONS[code] ?? `Shopify's product export failed (${code.toLowerCase()})`;
  switch (status.toUpperCase()) {
    case "CANCELED":
    case "CANCELING":
      return "The product export was canceled in Shopify";
    case "EXPIRED":
      return "The product export's results expired before they were imported";
    default:
      return `Shopify's product export ended with status ${status.toLowerCase()}`;
  }
}
