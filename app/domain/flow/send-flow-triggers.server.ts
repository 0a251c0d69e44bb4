import { prisma } from "~/db.server";
import { FlowTriggerReceive } from "~/graphql/flow-trigger-receive";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { logger } from "~/lib/logger.server";
import { MAX_FLOW_ATTEMPTS, nextFlowAttemptAt } from "./flow-triggers";
import type { Deadline } from "~/lib/clock.server";

/** A claimed trigger is someone's for this long; a crashed tick's claim then comes back. */
const CLAIM_LEASE_MS = 5 * 60_000;
const BATCH = 100;

/**
 * The tick's Flow task: sends due triggers with flowTriggerReceive, each claimed first (a conditional update
 * of its attempt count, so two ticks never send one twice). A failure Shopify may get over (throttling, 5xx,
 * the network) is retried later with backoff and never holds up the rest of the tick; one it will not
 * (userErrors: the trigger is not deployed, a field is wrong) is kept with its reason and not retried.
 */
export async function sendFlowTriggers({
  now,
  adminFor,
  deadline,
  retry = { maxAttempts: 1 },
}: {
  now: Date;
  adminFor(shop: string): Promise<AdminGraphql>;
  deadline: Deadline;
  retry?: RunOptions;
}): Promise<Record<string, number>> {
  const due = await prisma.flowTrigger.findMany({
    where: { sentAt: null, failedAt: null, nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: BATCH,
    select: { id: true, shop: true, handle: true, payload: true, attempts: true },
  });
  const counts: Record<string, number> = {};
  const count = (outcome: string) => (counts[outcome] = (counts[outcome] ?? 0) + 1);
  for (const trigger of due) {
    if (deadline.isPast()) break;
    const attempts = trigger.attempts + 1;
    const { count: claimed } = await prisma.flowTrigger.updateMany({
      where: { id: trigger.id, attempts: trigger.attempts, sentAt: null, failedAt: null },
      data: { attempts, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) },
    });
    if (claimed !== 1) {
      count("CLAIMED_ELSEWHERE");
      continue;
    }
    const log = logger.child({ shop: trigger.shop, unit: "flow", handle: trigger.handle });
    let failure: { retryable: boolean; reason: string } | null = null;
    try {
      const result = await runAdminOperation(
        await adminFor(trigger.shop),
        FlowTriggerReceive,
        { handle: trigger.handle, payload: JSON.parse(trigger.payload) as unknown },
        { logger: log, ...retry },
      );
      const userErrors = result.ok ? (result.data.flowTriggerReceive?.userErrors ?? []) : [];
      if (!result.ok) failure = { retryable: result.retryable, reason: result.reason };
      else if (userErrors.length > 0)
        failure = { retryable: false, reason: userErrors.map((error) => error.message).join("; ") };
    } catch (error) {
      // No offline session, or the session could not be refreshed: worth another try later.
      failure = { retryable: true, reason: error instanceof Error ? error.message : String(error) };
    }
    if (!failure) {
      await prisma.flowTrigger.update({ where: { id: trigger.id }, data: { sentAt: now, lastError: null } });
      count("SENT");
      continue;
    }
    const retryAt =
      failure.retryable && attempts < MAX_FLOW_ATTEMPTS ? nextFlowAttemptAt(attempts, now) : null;
    await prisma.flowTrigger.update({
      where: { id: trigger.id },
      data: retryAt
        ? { nextAttemptAt: retryAt, lastError: failure.reason.slice(0, 500) }
        : { failedAt: now, lastError: failure.reason.slice(0, 500) },
    });
    log.warn({ attempts, reason: failure.reason, willRetry: retryAt !== null }, "flow trigger not delivered");
    count(retryAt ? "RETRY_LATER" : "FAILED");
  }
  return counts;
}

/** Sent and given-up triggers are kept this long (for support questions), then deleted. */
export const FLOW_TRIGGER_RETENTION_MS = 30 * 24 * 3_600_000;

export async function pruneFlowTriggers(now: Date): Promise<number> {
  const before = new Date(now.getTime() - FLOW_TRIGGER_RETENTION_MS);
  const { count } = await prisma.flowTrigger.deleteMany({
    where: { OR: [{ sentAt: { lt: before } }, { failedAt: { lt: before } }] },
  });
  return count;
}
