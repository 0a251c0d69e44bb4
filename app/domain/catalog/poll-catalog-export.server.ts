import { prisma } from "~/db.server";
import { GetBulkOperation } from "~/graphql/get-bulk-operation";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import type { Logger } from "~/lib/logger.server";
import { CATALOG_SYNC_STATUS, describeBulkOperationFailure, MAX_RUNNING_MS } from "./catalog-sync";

export type CatalogPollOutcome = "READY" | "FAILED" | "STILL_RUNNING" | "POLL_FAILED";

const FAILED_STATUSES = new Set(["FAILED", "CANCELED", "EXPIRED"]);

/**
 * The fallback for a lost or late bulk_operations/finish: asks Shopify how the export is doing and records
 * what the webhook would have. Every write is conditional on the sync still RUNNING this operation, so a
 * webhook that lands meanwhile wins cleanly.
 */
export async function pollCatalogExport(
  sync: { shop: string; syncId: string; bulkOperationId: string; syncStartedAt: Date },
  { graphql, now, retry, log }: { graphql: AdminGraphql; now: Date; retry?: RunOptions; log: Logger },
): Promise<CatalogPollOutcome> {
  const owned = {
    shop: sync.shop,
    syncId: sync.syncId,
    bulkOperationId: sync.bulkOperationId,
    syncStatus: CATALOG_SYNC_STATUS.RUNNING,
  };
  const fail = async (reason: string): Promise<CatalogPollOutcome> => {
    await prisma.catalogState.updateMany({
      where: owned,
      data: {
        syncStatus: CATALOG_SYNC_STATUS.FAILED,
        syncError: reason,
        syncFinishedAt: now,
        leaseUntil: null,
      },
    });
    log.warn({ reason }, "catalog export failed");
    return "FAILED";
  };
  const isOverdue = now.getTime() - sync.syncStartedAt.getTime() > MAX_RUNNING_MS;
  const result = await runAdminOperation(
    graphql,
    GetBulkOperation,
    { id: sync.bulkOperationId },
    { logger: log, ...retry },
  );
  if (!result.ok) {
    if (isOverdue) return fail("Shopify never reported the product export as finished");
    log.warn({ reason: result.reason }, "could not check the catalog export; will check again");
    return "POLL_FAILED";
  }
  const operation = result.data.bulkOperation;
  if (!operation) return fail("Shopify no longer knows the product export");
  const status = operation.status.toUpperCase();
  if (status === "COMPLETED") {
    await prisma.catalogState.updateMany({
      where: owned,
      data: { syncStatus: CATALOG_SYNC_STATUS.READY, syncAttempts: 0, syncError: null, leaseUntil: null },
    });
    return "READY";
  }
  if (FAILED_STATUSES.has(status)) return fail(describeBulkOperationFailure(status, operation.errorCode));
  if (isOverdue) return fail("Shopify never reported the product export as finished");
  return "STILL_RUNNING";
}
