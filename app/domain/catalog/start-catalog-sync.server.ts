import crypto from "node:crypto";
import { prisma, upsertRacing } from "~/db.server";
import {
  PRODUCTS_BULK_QUERY,
  PRODUCTS_WITH_COSTS_BULK_QUERY,
  RunProductsBulkQuery,
  type RunProductsBulkQueryData,
} from "~/graphql/run-products-bulk-query";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { findGrantedScopes } from "~/lib/granted-scopes.server";
import { logger, type Logger } from "~/lib/logger.server";
import { nextRetryAt } from "~/lib/retry-delays";
import { PRODUCT_COSTS_SCOPE } from "./catalog-overview";
import {
  CATALOG_SYNC_RETRY_DELAYS,
  CATALOG_SYNC_STATUS,
  isSyncInFlight,
  SYNC_LEASE_MS,
} from "./catalog-sync";

export type CatalogSyncStartOutcome =
  "STARTED" | "ALREADY_RUNNING" | "ALREADY_SYNCED" | "DEFERRED" | "FAILED";

export interface CatalogSyncStart {
  outcome: CatalogSyncStartOutcome;
  /** Why a start was deferred or failed, as the merchant sees it. */
  reason?: string;
}

export interface StartCatalogSyncOptions {
  graphql: AdminGraphql;
  now: Date;
  retry?: RunOptions;
  /** Leave a catalog that has completed a sync alone: webhooks keep it current (a re-authentication). */
  skipIfSynced?: boolean;
}

/**
 * Starts a full catalog sync: a bulk export of every product, imported by a later tick once Shopify has
 * written it. Failures to start are values, never throws: a retryable one leaves the sync REQUESTED with the
 * reason for a tick to retry, anything else leaves it FAILED with the reason for the merchant.
 */
export async function startCatalogSync(
  shop: string,
  { graphql, now, retry, skipIfSynced = false }: StartCatalogSyncOptions,
): Promise<CatalogSyncStart> {
  const log = logger.child({ shop, unit: "catalog-sync" });
  const state = await upsertRacing(() =>
    prisma.catalogState.upsert({
      where: { shop },
      create: { shop },
      update: {},
      select: {
        syncStatus: true,
        syncId: true,
        syncStartedAt: true,
        leaseUntil: true,
        syncError: true,
        lastSyncedAt: true,
      },
    }),
  );
  if (isSyncInFlight(state, now)) return { outcome: "ALREADY_RUNNING" };
  if (skipIfSynced && state.lastSyncedAt) return { outcome: "ALREADY_SYNCED" };
  const syncId = crypto.randomUUID();
  const leaseUntil = new Date(now.getTime() + SYNC_LEASE_MS);
  // Conditional on the state just read, so two simultaneous starts (an install and a click) make one export.
  const { count } = await prisma.catalogState.updateMany({
    where: { shop, syncStatus: state.syncStatus, syncId: state.syncId },
    data: {
      syncStatus: CATALOG_SYNC_STATUS.REQUESTED,
      syncId,
      bulkOperationId: null,
      syncStartedAt: now,
      syncFinishedAt: null,
      syncError: null,
      syncAttempts: 0,
      leaseUntil,
    },
  });
  if (count !== 1) return { outcome: "ALREADY_RUNNING" };
  log.info({ syncId }, "catalog sync requested");
  return requestProductsExport({ shop, syncId, leaseUntil, attempts: 0 }, { graphql, now, retry, log });
}

/**
 * A tick retrying a REQUESTED sync whose last start failed (or whose starter died): it takes the start's
 * lease first, so two ticks never start two exports. Null when another worker holds it.
 */
export async function resumeCatalogSyncStart(
  sync: { shop: string; syncId: string; leaseUntil: Date | null; syncAttempts: number },
  { graphql, now, retry }: { graphql: AdminGraphql; now: Date; retry?: RunOptions },
): Promise<CatalogSyncStart | null> {
  const leaseUntil = new Date(now.getTime() + SYNC_LEASE_MS);
  const { count } = await prisma.catalogState.updateMany({
    where: {
      shop: sync.shop,
      syncId: sync.syncId,
      syncStatus: CATALOG_SYNC_STATUS.REQUESTED,
      leaseUntil: sync.leaseUntil,
    },
    data: { leaseUntil },
  });
  if (count !== 1) return null;
  const log = logger.child({ shop: sync.shop, unit: "catalog-sync", syncId: sync.syncId });
  return requestProductsExport(
    { shop: sync.shop, syncId: sync.syncId, leaseUntil, attempts: sync.syncAttempts },
    { graphql, now, retry, log },
  );
}

interface StartFailure {
  retryable: boolean;
  reason: string;
}

// Another export of this app still running, or the shop's limit reached: both pass with time.
const RETRYABLE_USER_ERRORS = new Set(["OPERATION_IN_PROGRESS", "LIMIT_REACHED"]);

function userErrorsFailure(data: RunProductsBulkQueryData): StartFailure {
  const errors = data.bulkOperationRunQuery?.userErrors ?? [];
  if (errors.length === 0) return { retryable: false, reason: "Shopify did not create the export" };
  return {
    retryable: errors.every((error) => RETRYABLE_USER_ERRORS.has(error.code ?? "")),
    reason: errors.map((error) => error.message).join("; "),
  };
}

async function requestProductsExport(
  claim: { shop: string; syncId: string; leaseUntil: Date; attempts: number },
  { graphql, now, retry, log }: { graphql: AdminGraphql; now: Date; retry?: RunOptions; log: Logger },
): Promise<CatalogSyncStart> {
  // Unit costs need read_inventory, which a shop that installed before it was asked for may not have granted:
  // asking for them then would fail the whole export, so such a shop syncs its products without costs.
  const withCosts = (await findGrantedScopes(claim.shop)).includes(PRODUCT_COSTS_SCOPE);
  const result = await runAdminOperation(
    graphql,
    RunProductsBulkQuery,
    { query: withCosts ? PRODUCTS_WITH_COSTS_BULK_QUERY : PRODUCTS_BULK_QUERY },
    { logger: log, ...retry },
  );
  const owned = {
    shop: claim.shop,
    syncId: claim.syncId,
    syncStatus: CATALOG_SYNC_STATUS.REQUESTED,
    leaseUntil: claim.leaseUntil,
  };
  const operation = result.ok ? result.data.bulkOperationRunQuery?.bulkOperation : null;
  if (operation) {
    const { count } = await prisma.catalogState.updateMany({
      where: owned,
      data: {
        syncStatus: CATALOG_SYNC_STATUS.RUNNING,
        bulkOperationId: operation.id,
        syncAttempts: 0,
        syncError: null,
        leaseUntil: null,
      },
    });
    if (count !== 1) {
      log.warn(
        { bulkOperationId: operation.id },
        "catalog export started after another sync replaced this one",
      );
      return { outcome: "ALREADY_RUNNING" };
    }
    log.info({ bulkOperationId: operation.id }, "catalog export started");
    return { outcome: "STARTED" };
  }
  const failure: StartFailure = result.ok ? userErrorsFailure(result.data) : result;
  const attempts = claim.attempts + 1;
  const detail = failure.reason.replace(/[.\s]+$/, "");
  const retryAt = failure.retryable ? nextRetryAt(CATALOG_SYNC_RETRY_DELAYS, attempts, now) : null;
  if (retryAt) {
    const reason = `Could not start the product sync: ${detail}. Retrying shortly.`;
    await prisma.catalogState.updateMany({
      where: owned,
      data: { syncError: reason, syncAttempts: attempts, leaseUntil: retryAt },
    });
    log.warn({ attempts, reason: failure.reason }, "catalog export not started; will retry");
    return { outcome: "DEFERRED", reason };
  }
  const reason = `Could not start the product sync: ${detail}`;
  await prisma.catalogState.updateMany({
    where: owned,
    data: {
      syncStatus: CATALOG_SYNC_STATUS.FAILED,
      syncError: reason,
      syncAttempts: attempts,
      syncFinishedAt: now,
      leaseUntil: null,
    },
  });
  log.warn({ attempts, reason: failure.reason }, "catalog export could not be started");
  return { outcome: "FAILED", reason };
}
