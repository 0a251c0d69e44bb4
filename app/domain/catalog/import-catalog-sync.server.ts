import { prisma } from "~/db.server";
import { GetBulkOperation } from "~/graphql/get-bulk-operation";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { LeaseLostError, withImportLease, type ImportRun } from "./catalog-import-lease.server";
import { nextRetryAt } from "~/lib/retry-delays";
import { CATALOG_SYNC_RETRY_DELAYS, CATALOG_SYNC_STATUS, describeBulkOperationFailure } from "./catalog-sync";
import { CatalogImportError, downloadBulkExport } from "./download-bulk-export.server";
import { importProductLines, type ImportTally } from "./import-product-lines.server";
import { deleteUnseenVariantCosts } from "./write-variant-costs.server";

export type CatalogImportOutcome = "IMPORTED" | "RETRYING" | "FAILED" | "LEASE_LOST";

export interface CatalogImportResult {
  outcome: CatalogImportOutcome;
  reason?: string;
  tally?: ImportTally;
  deleted?: number;
}

interface ImportOptions {
  graphql: AdminGraphql;
  retry?: RunOptions;
  batchSize?: number;
}

/** The export's download URL, or null when Shopify found no products (a completed export without a file). */
async function locateExport(run: ImportRun, { graphql, retry }: ImportOptions): Promise<string | null> {
  const result = await runAdminOperation(
    graphql,
    GetBulkOperation,
    { id: run.bulkOperationId },
    { logger: run.log, ...retry },
  );
  if (!result.ok)
    throw new CatalogImportError(`could not reach Shopify (${result.reason})`, result.retryable);
  const operation = result.data.bulkOperation;
  if (!operation) throw new CatalogImportError("Shopify no longer knows the product export", false);
  if (operation.status.toUpperCase() !== "COMPLETED") {
    throw new CatalogImportError(describeBulkOperationFailure(operation.status, operation.errorCode), false);
  }
  if (operation.url) return operation.url;
  if (String(operation.objectCount ?? "0") === "0") return null;
  throw new CatalogImportError("Shopify's export has no download link yet", true);
}

async function* noLines(): AsyncGenerator<string> {}

/** Unit costs are kept in the shop's currency, as every amount Cartback compares with them. */
async function shopCurrencyOf(shop: string): Promise<string> {
  const row = await prisma.shop.findUnique({ where: { domain: shop }, select: { currency: true } });
  return row?.currency ?? "USD";
}

/**
 * Products not seen by a complete export were deleted in Shopify, unless a webhook wrote them after the sync
 * started (created while the export ran); so were the unit costs it did not see (deleted variants, cleared
 * costs, or none asked for). With unreadable lines the export is not complete: nothing is deleted.
 */
async function finishImport(run: ImportRun, tally: ImportTally): Promise<number> {
  return withImportLease(run, async (tx) => {
    const deleted =
      tally.unreadable > 0
        ? 0
        : (
            await tx.product.deleteMany({
              where: {
                shop: run.shop,
                OR: [{ syncId: null }, { syncId: { not: run.syncId } }],
                shopifyUpdatedAt: { lt: run.syncStartedAt },
              },
            })
          ).count;
    if (tally.unreadable === 0)
      await deleteUnseenVariantCosts(tx, { shop: run.shop, stamp: run.syncStartedAt });
    const productCount = await tx.product.count({ where: { shop: run.shop } });
    const finishedAt = run.clock();
    await tx.catalogState.update({
      where: { shop: run.shop },
      data: {
        syncStatus: CATALOG_SYNC_STATUS.COMPLETED,
        productCount,
        syncFinishedAt: finishedAt,
        lastSyncedAt: finishedAt,
        leaseUntil: null,
        syncError: null,
        syncAttempts: 0,
        ...(tally.changed + deleted > 0 ? { version: { increment: 1 } } : {}),
      },
    });
    return deleted;
  });
}

async function failAttempt(run: ImportRun, failure: CatalogImportError): Promise<CatalogImportResult> {
  const now = run.clock();
  const retryAt = failure.retryable ? nextRetryAt(CATALOG_SYNC_RETRY_DELAYS, run.attempts, now) : null;
  const isFinal = retryAt === null;
  const reason = isFinal
    ? `The product import failed${run.attempts > 1 ? ` after ${run.attempts} attempts` : ""}: ${failure.message}`
    : `Import attempt ${run.attempts} failed: ${failure.message}. Retrying shortly.`;
  const { count } = await prisma.catalogState.updateMany({
    where: {
      shop: run.shop,
      syncId: run.syncId,
      syncStatus: CATALOG_SYNC_STATUS.IMPORTING,
      leaseUntil: run.lease,
    },
    data: isFinal
      ? { syncStatus: CATALOG_SYNC_STATUS.FAILED, syncError: reason, syncFinishedAt: now, leaseUntil: null }
      : {
          syncStatus: CATALOG_SYNC_STATUS.READY,
          syncError: reason,
          // The retry's not-before time: no worker claims a READY sync before its lease ends.
          leaseUntil: retryAt,
        },
  });
  if (count !== 1) return { outcome: "LEASE_LOST" };
  run.log.warn({ reason: failure.message, attempts: run.attempts, isFinal }, "catalog import attempt failed");
  return { outcome: isFinal ? "FAILED" : "RETRYING", reason };
}

/**
 * Imports a claimed sync: asks Shopify where the export is, streams it line by line into the database in
 * batches, deletes what the export no longer has, and bumps the catalog version when anything changed.
 * Batches already written stay on failure; the retry rewrites them (it is idempotent) before deleting.
 */
export async function importCatalogSync(
  run: ImportRun,
  options: ImportOptions,
): Promise<CatalogImportResult> {
  try {
    const url = await locateExport(run, options);
    const tally = await importProductLines(url ? downloadBulkExport(url) : noLines(), run, {
      batchSize: options.batchSize,
      shopCurrency: await shopCurrencyOf(run.shop),
    });
    const deleted = await finishImport(run, tally);
    if (tally.unreadable > 0) {
      run.log.warn(
        { unreadable: tally.unreadable },
        "catalog export had unreadable lines; no product deleted",
      );
    }
    run.log.info({ ...tally, deleted }, "catalog imported");
    return { outcome: "IMPORTED", tally, deleted };
  } catch (error) {
    if (error instanceof LeaseLostError) {
      run.log.warn("catalog import lease lost; the other worker carries on");
      return { outcome: "LEASE_LOST" };
    }
    if (error instanceof CatalogImportError) return failAttempt(run, error);
    run.log.error({ err: error }, "catalog import failed unexpectedly");
    return failAttempt(run, new CatalogImportError("the import stopped on an unexpected error", true));
  }
}
