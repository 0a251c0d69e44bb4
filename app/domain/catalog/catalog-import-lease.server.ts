import { prisma, type DbTransaction } from "~/db.server";
import type { Logger } from "~/lib/logger.server";
import { CATALOG_SYNC_STATUS, SYNC_LEASE_MS } from "./catalog-sync";
import { startStopwatch } from "~/lib/clock.server";

/** One worker's import of one sync, while it holds the lease. */
export interface ImportRun {
  shop: string;
  syncId: string;
  bulkOperationId: string;
  syncStartedAt: Date;
  /** This attempt's number, this one included. */
  attempts: number;
  /** The lease as stored; it doubles as this worker's token, since a takeover stores another. */
  lease: Date;
  /** The tick's `now`, moving on with real time: an import of a large catalog lasts minutes. */
  clock: () => Date;
  log: Logger;
}

export class LeaseLostError extends Error {
  constructor() {
    super("another worker took over this import");
    this.name = "LeaseLostError";
  }
}

/**
 * Takes a READY sync (whose retry wait, if any, is over) or an IMPORTING one whose worker let its lease
 * expire. The conditional update is the claim: of two ticks racing, one updates the row and the other
 * finds nothing to update. Each claim counts as an attempt, so an import that crashes its worker every time
 * still ends FAILED instead of being taken over forever.
 */
export async function claimCatalogImport(
  sync: { shop: string; syncId: string },
  { now, log }: { now: Date; log: Logger },
): Promise<ImportRun | null> {
  const lease = new Date(now.getTime() + SYNC_LEASE_MS);
  const { count } = await prisma.catalogState.updateMany({
    where: {
      shop: sync.shop,
      syncId: sync.syncId,
      bulkOperationId: { not: null },
      OR: [
        { syncStatus: CATALOG_SYNC_STATUS.READY, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
        { syncStatus: CATALOG_SYNC_STATUS.IMPORTING, leaseUntil: { lte: now } },
      ],
    },
    data: { syncStatus: CATALOG_SYNC_STATUS.IMPORTING, leaseUntil: lease, syncAttempts: { increment: 1 } },
  });
  if (count !== 1) return null;
  const claimed = await prisma.catalogState.findUniqueOrThrow({
    where: { shop: sync.shop },
    select: { bulkOperationId: true, syncStartedAt: true, syncAttempts: true },
  });
  const elapsedMs = startStopwatch();
  return {
    shop: sync.shop,
    syncId: sync.syncId,
    bulkOperationId: claimed.bulkOperationId as string,
    syncStartedAt: claimed.syncStartedAt ?? now,
    attempts: claimed.syncAttempts,
    lease,
    clock: () => new Date(now.getTime() + Math.round(elapsedMs())),
    log: log.child({ syncId: sync.syncId, attempt: claimed.syncAttempts }),
  };
}

// Batches are small, but on SQLite a transaction may wait for webhooks' transactions to finish first.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 60_000 };

/**
 * Runs `work` in a transaction that first renews the lease, so nothing is written by a worker that lost it.
 * The new lease is adopted only once the transaction committed.
 */
export async function withImportLease<T>(
  run: ImportRun,
  work: (tx: DbTransaction) => Promise<T>,
): Promise<T> {
  const [result, lease] = await prisma.$transaction(async (tx) => {
    const next = new Date(Math.max(run.clock().getTime() + SYNC_LEASE_MS, run.lease.getTime() + 1));
    const { count } = await tx.catalogState.updateMany({
      where: {
        shop: run.shop,
        syncId: run.syncId,
        syncStatus: CATALOG_SYNC_STATUS.IMPORTING,
        leaseUntil: run.lease,
      },
      data: { leaseUntil: next },
    });
    if (count !== 1) throw new LeaseLostError();
    return [await work(tx), next] as const;
  }, TRANSACTION_OPTIONS);
  run.lease = lease;
  return result;
}
