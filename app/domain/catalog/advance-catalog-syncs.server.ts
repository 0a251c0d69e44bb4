import { prisma } from "~/db.server";
import type { AdminGraphql, RunOptions } from "~/lib/admin-graphql.server";
import { logger, type Logger } from "~/lib/logger.server";
import { isShopReauthRequired, SKIPPED_REAUTH_REQUIRED } from "~/lib/shop-reauth-required";
import { claimCatalogImport } from "./catalog-import-lease.server";
import { CATALOG_SYNC_STATUS, POLL_RUNNING_AFTER_MS } from "./catalog-sync";
import { importCatalogSync } from "./import-catalog-sync.server";
import { pollCatalogExport } from "./poll-catalog-export.server";
import { resumeCatalogSyncStart } from "./start-catalog-sync.server";
import type { Deadline } from "~/lib/clock.server";

export interface AdvanceCatalogSyncsOptions {
  now: Date;
  /** The Admin `graphql` function for a shop; in production from `unauthenticated.admin(shop)`. */
  adminFor: (shop: string) => AdminGraphql | Promise<AdminGraphql>;
  retry?: RunOptions;
  /** Starts retried and exports polled per call. */
  maxChecks?: number;
  /** Imports per call; one of a large catalog takes a minute or more. */
  maxImports?: number;
  batchSize?: number;
  /** After it, no new step starts; a running import finishes, holding its lease. */
  deadline?: Deadline;
}

export type CatalogSyncStep =
  | { shop: string; step: "START"; outcome: string; reason?: string }
  | { shop: string; step: "POLL"; outcome: string }
  | { shop: string; step: "IMPORT"; outcome: string; reason?: string; products?: number; deleted?: number };

// The value of INSTALL_STATE.INSTALLED in domain/shops, which imports this domain (so this one cannot).
const INSTALLED = "INSTALLED";

async function onlyInstalled<Row extends { shop: string }>(rows: Row[]): Promise<Row[]> {
  if (rows.length === 0) return rows;
  const installed = await prisma.shop.findMany({
    where: { domain: { in: rows.map((row) => row.shop) }, installState: INSTALLED },
    select: { domain: true },
  });
  const domains = new Set(installed.map((shop) => shop.domain));
  return rows.filter((row) => domains.has(row.shop));
}

const isPastDeadline = (options: AdvanceCatalogSyncsOptions) => options.deadline?.isPast() === true;

/** The shop's Admin API, or why its sync waits: it must re-authorise (counted), or no access (not counted). */
async function adminOrNull(
  options: AdvanceCatalogSyncsOptions,
  shop: string,
  log: Logger,
): Promise<AdminGraphql | typeof SKIPPED_REAUTH_REQUIRED | null> {
  try {
    return await options.adminFor(shop);
  } catch (error) {
    if (isShopReauthRequired(error)) return SKIPPED_REAUTH_REQUIRED;
    log.warn({ err: error }, "no Admin API access for this shop; its catalog sync waits");
    return null;
  }
}

async function retryStarts(options: AdvanceCatalogSyncsOptions, limit: number): Promise<CatalogSyncStep[]> {
  const { now, retry } = options;
  const due = await prisma.catalogState.findMany({
    where: {
      syncStatus: CATALOG_SYNC_STATUS.REQUESTED,
      syncId: { not: null },
      OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }],
    },
    select: { shop: true, syncId: true, leaseUntil: true, syncAttempts: true },
    orderBy: { updatedAt: "asc" },
    take: limit,
  });
  const steps: CatalogSyncStep[] = [];
  for (const sync of await onlyInstalled(due)) {
    if (isPastDeadline(options)) break;
    const log = logger.child({ shop: sync.shop, unit: "catalog-sync" });
    const graphql = await adminOrNull(options, sync.shop, log);
    if (graphql === SKIPPED_REAUTH_REQUIRED) steps.push({ shop: sync.shop, step: "START", outcome: graphql });
    if (!graphql || graphql === SKIPPED_REAUTH_REQUIRED) continue;
    const start = await resumeCatalogSyncStart(
      { ...sync, syncId: sync.syncId as string },
      { graphql, now, retry },
    );
    steps.push({
      shop: sync.shop,
      step: "START",
      outcome: start?.outcome ?? "CLAIMED_ELSEWHERE",
      reason: start?.reason,
    });
  }
  return steps;
}

async function pollExports(options: AdvanceCatalogSyncsOptions, limit: number): Promise<CatalogSyncStep[]> {
  const { now, retry } = options;
  const due = await prisma.catalogState.findMany({
    where: {
      syncStatus: CATALOG_SYNC_STATUS.RUNNING,
      syncId: { not: null },
      bulkOperationId: { not: null },
      syncStartedAt: { lte: new Date(now.getTime() - POLL_RUNNING_AFTER_MS) },
    },
    select: { shop: true, syncId: true, bulkOperationId: true, syncStartedAt: true },
    orderBy: { syncStartedAt: "asc" },
    take: limit,
  });
  const steps: CatalogSyncStep[] = [];
  for (const sync of await onlyInstalled(due)) {
    if (isPastDeadline(options)) break;
    const log = logger.child({ shop: sync.shop, unit: "catalog-sync", syncId: sync.syncId });
    const graphql = await adminOrNull(options, sync.shop, log);
    if (graphql === SKIPPED_REAUTH_REQUIRED) steps.push({ shop: sync.shop, step: "POLL", outcome: graphql });
    if (!graphql || graphql === SKIPPED_REAUTH_REQUIRED) continue;
    const outcome = await pollCatalogExport(
      {
        shop: sync.shop,
        syncId: sync.syncId as string,
        bulkOperationId: sync.bulkOperationId as string,
        syncStartedAt: sync.syncStartedAt ?? now,
      },
      { graphql, now, retry, log },
    );
    steps.push({ shop: sync.shop, step: "POLL", outcome });
  }
  return steps;
}

async function runImports(options: AdvanceCatalogSyncsOptions, limit: number): Promise<CatalogSyncStep[]> {
  const { now, retry, batchSize } = options;
  const due = await prisma.catalogState.findMany({
    where: {
      syncId: { not: null },
      OR: [
        { syncStatus: CATALOG_SYNC_STATUS.READY, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
        { syncStatus: CATALOG_SYNC_STATUS.IMPORTING, leaseUntil: { lte: now } },
      ],
    },
    select: { shop: true, syncId: true },
    orderBy: { updatedAt: "asc" },
    // Some may be claimed by a concurrent tick first; the next ones are tried instead.
    take: limit * 3,
  });
  const steps: CatalogSyncStep[] = [];
  for (const sync of await onlyInstalled(due)) {
    if (steps.length >= limit || isPastDeadline(options)) break;
    const log = logger.child({ shop: sync.shop, unit: "catalog-import" });
    const graphql = await adminOrNull(options, sync.shop, log);
    if (graphql === SKIPPED_REAUTH_REQUIRED)
      steps.push({ shop: sync.shop, step: "IMPORT", outcome: graphql });
    if (!graphql || graphql === SKIPPED_REAUTH_REQUIRED) continue;
    const run = await claimCatalogImport({ shop: sync.shop, syncId: sync.syncId as string }, { now, log });
    if (!run) continue;
    const result = await importCatalogSync(run, { graphql, retry, batchSize });
    steps.push({
      shop: sync.shop,
      step: "IMPORT",
      outcome: result.outcome,
      reason: result.reason,
      products: result.tally?.products,
      deleted: result.deleted,
    });
  }
  return steps;
}

/**
 * The catalog's share of the scheduled tick: retries starts that failed, polls exports whose
 * bulk_operations/finish has not come, then imports finished exports (a poll that finds one finished lets
 * the same tick import it). Every step claims its row first, so concurrent ticks never do one twice.
 */
export async function advanceCatalogSyncs(options: AdvanceCatalogSyncsOptions): Promise<CatalogSyncStep[]> {
  const { maxChecks = 20, maxImports = 1 } = options;
  const starts = await retryStarts(options, maxChecks);
  const polls = await pollExports(options, maxChecks);
  const imports = await runImports(options, maxImports);
  return [...starts, ...polls, ...imports];
}
