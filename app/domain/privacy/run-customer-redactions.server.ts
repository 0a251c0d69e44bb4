import { prisma } from "~/db.server";
import type { Deadline } from "~/lib/clock.server";
import { logger } from "~/lib/logger.server";
import {
  ERASURE_BATCH_SIZE,
  ERASURE_LEASE_MS,
  ERASURE_TRANSACTION_OPTIONS,
  unleased,
} from "./erasure-batches";
import { PRIVACY_REQUEST_KIND } from "./privacy-request";
import { PENDING_REDACTION_SELECT, redactCustomerBatch } from "./redact-customer-batch.server";

export interface RunErasuresOptions {
  now: Date;
  /** Past it, no new batch starts. */
  deadline: Deadline;
  /** Rows per batch; tests make it small. */
  batchSize?: number;
}

type BatchStep = "CONTINUES" | "COMPLETED" | "LEASE_LOST";

/**
 * The tick's share of customers/redact: the redactions too large to finish while their webhook was answered
 * are carried on, a batch per transaction, until each completes or the tick's deadline passes. A redaction is
 * claimed with a lease first, and each batch re-checks it in its own transaction, so two ticks never work on
 * one redaction at once; a tick that dies mid-way leaves it to the next once the lease lapses. Runs before the
 * recovery engine, though the first batch already stopped the shopper's running sequences.
 */
export async function runCustomerRedactions({
  now,
  deadline,
  batchSize = ERASURE_BATCH_SIZE,
}: RunErasuresOptions): Promise<Record<string, number>> {
  const counts = { batches: 0, completed: 0, failed: 0 };
  const due = await prisma.privacyRequest.findMany({
    where: { kind: PRIVACY_REQUEST_KIND.CUSTOMER_REDACT, completedAt: null, ...unleased(now) },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    select: { id: true, shop: true },
    take: 20,
  });
  for (const { id, shop } of due) {
    if (deadline.isPast()) break;
    const lease = new Date(now.getTime() + ERASURE_LEASE_MS);
    const claimed = await prisma.privacyRequest.updateMany({
      where: { id, shop, completedAt: null, ...unleased(now) },
      data: { leaseUntil: lease },
    });
    if (claimed.count !== 1) continue;
    const log = logger.child({ shop, unit: "customer-redaction", privacyRequestId: id });
    try {
      let step: BatchStep = "CONTINUES";
      while (step === "CONTINUES" && !deadline.isPast()) {
        step = await prisma.$transaction(async (tx): Promise<BatchStep> => {
          // Also the lock: a worker that lost its lease changes nothing.
          const held = await tx.privacyRequest.updateMany({
            where: { id, shop, completedAt: null, leaseUntil: lease },
            data: { leaseUntil: lease },
          });
          if (held.count !== 1) return "LEASE_LOST";
          const request = await tx.privacyRequest.findUniqueOrThrow({
            where: { id, shop },
            select: PENDING_REDACTION_SELECT,
          });
          const { isComplete, summary } = await redactCustomerBatch(tx, shop, request, {
            now,
            limit: batchSize,
          });
          if (!isComplete) return "CONTINUES";
          log.info({ summary }, "customer data redacted");
          return "COMPLETED";
        }, ERASURE_TRANSACTION_OPTIONS);
        if (step !== "LEASE_LOST") counts.batches += 1;
      }
      if (step === "COMPLETED") counts.completed += 1;
      // Out of time: released, so the next tick goes on at once.
      if (step === "CONTINUES")
        await prisma.privacyRequest.updateMany({
          where: { id, shop, leaseUntil: lease },
          data: { leaseUntil: null },
        });
    } catch (error) {
      counts.failed += 1;
      log.error({ err: error }, "customer redaction batch failed; taken up again once its lease lapses");
    }
  }
  return counts;
}
