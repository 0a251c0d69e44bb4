import { prisma, type DbTransaction } from "~/db.server";
import { INSTALL_STATE } from "~/domain/shops";
import { logger, type Logger } from "~/lib/logger.server";
import { addErasedCounts, eraseShopBatch, type ErasedCounts } from "./erase-shop-data.server";
import {
  ERASURE_BATCH_SIZE,
  ERASURE_LEASE_MS,
  ERASURE_TRANSACTION_OPTIONS,
  unleased,
} from "./erasure-batches";
import type { RunErasuresOptions } from "./run-customer-redactions.server";

type BatchStep = "CONTINUES" | "COMPLETED" | "STOPPED_REINSTALLED" | "LEASE_LOST";

/** One batch of one shop's erasure, in the caller's transaction, while `lease` is still this worker's. */
async function eraseShopStep(
  tx: DbTransaction,
  shop: string,
  { lease, limit, log }: { lease: Date; limit: number; log: Logger },
): Promise<BatchStep> {
  // Also the lock: a worker that lost its lease changes nothing.
  const held = await tx.shopErasure.updateMany({
    where: { shop, leaseUntil: lease },
    data: { batches: { increment: 1 } },
  });
  if (held.count !== 1) return "LEASE_LOST";
  const job = await tx.shopErasure.findUniqueOrThrow({ where: { shop } });
  const current = await tx.shop.findUnique({
    where: { domain: shop },
    select: { installState: true, installedAt: true },
  });
  // Shopify cancels a shop redaction when the merchant reinstalls; one that comes back mid-way keeps what is
  // left (its own shop, settings and session go last, so they are all still there).
  if (current?.installState === INSTALL_STATE.INSTALLED && current.installedAt > job.triggeredAt) {
    await tx.shopErasure.delete({ where: { shop } });
    log.warn(
      { erased: JSON.parse(job.erased) as unknown },
      "shop reinstalled during its erasure; erasure stopped",
    );
    return "STOPPED_REINSTALLED";
  }
  const batch = await eraseShopBatch(tx, shop, { limit });
  const erased = addErasedCounts(JSON.parse(job.erased) as ErasedCounts, batch.erased);
  if (batch.isComplete) {
    await tx.shopErasure.delete({ where: { shop } });
    log.info({ erased, batches: job.batches }, "shop data erased");
    return "COMPLETED";
  }
  await tx.shopErasure.update({ where: { shop }, data: { erased: JSON.stringify(erased) } });
  return "CONTINUES";
}

/**
 * The tick's share of shop/redact: each recorded erasure is carried on, a bounded batch per transaction, until
 * the shop's last row is gone (its ShopErasure row goes in the same transaction) or the tick's deadline passes.
 * An erasure is claimed with a lease first and each batch re-checks it, so two ticks never erase one shop at
 * once; a tick that dies mid-way leaves it to the next once the lease lapses, and a failed batch rolled back
 * whole, so nothing is lost or counted twice. Runs last in the tick: a shop being erased is uninstalled and
 * has nothing else waiting on it, while other shops' emails do.
 */
export async function runShopErasures({
  now,
  deadline,
  batchSize = ERASURE_BATCH_SIZE,
}: RunErasuresOptions): Promise<Record<string, number>> {
  const counts = { batches: 0, completed: 0, stopped: 0, failed: 0 };
  const due = await prisma.shopErasure.findMany({
    where: unleased(now),
    orderBy: [{ requestedAt: "asc" }, { shop: "asc" }],
    select: { shop: true },
    take: 10,
  });
  for (const { shop } of due) {
    if (deadline.isPast()) break;
    const lease = new Date(now.getTime() + ERASURE_LEASE_MS);
    const claimed = await prisma.shopErasure.updateMany({
      where: { shop, ...unleased(now) },
      data: { leaseUntil: lease },
    });
    if (claimed.count !== 1) continue;
    const log = logger.child({ shop, unit: "shop-erasure" });
    try {
      let step: BatchStep = "CONTINUES";
      while (step === "CONTINUES" && !deadline.isPast()) {
        step = await prisma.$transaction(
          (tx) => eraseShopStep(tx, shop, { lease, limit: batchSize, log }),
          ERASURE_TRANSACTION_OPTIONS,
        );
        if (step !== "LEASE_LOST") counts.batches += 1;
      }
      if (step === "COMPLETED") counts.completed += 1;
      if (step === "STOPPED_REINSTALLED") counts.stopped += 1;
      // Out of time: released, so the next tick goes on at once.
      if (step === "CONTINUES")
        await prisma.shopErasure.updateMany({
          where: { shop, leaseUntil: lease },
          data: { leaseUntil: null },
        });
    } catch (error) {
      counts.failed += 1;
      log.error({ err: error }, "shop erasure batch failed; taken up again once its lease lapses");
    }
  }
  return counts;
}
