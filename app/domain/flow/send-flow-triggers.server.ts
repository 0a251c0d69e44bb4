import { prisma } from "~/db.server";
import { FlowTriggerReceive } from "~/graphql/flow-trigger-receive";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { runOutbox, type OutboxAttempt } from "~/lib/durable-outbox.server";
import { logger } from "~/lib/logger.server";
import { isShopReauthRequired, REAUTH_RECHECK_MS, SKIPPED_REAUTH_REQUIRED } from "~/lib/shop-reauth-required";
import { FLOW_RETRY_DELAYS } from "./flow-triggers";
import type { Deadline } from "~/lib/clock.server";

/** A claimed trigger is someone's for this long; a crashed tick's claim then comes back. */
const CLAIM_LEASE_MS = 5 * 60_000;
const BATCH = 100;

interface DueTrigger {
  id: string;
  shop: string;
  handle: string;
  payload: string;
  attempts: number;
}

const triggerLog = (trigger: DueTrigger) =>
  logger.child({ shop: trigger.shop, unit: "flow", handle: trigger.handle });

const warnUndelivered = (trigger: DueTrigger, attempts: number, reason: string, willRetry: boolean) =>
  triggerLog(trigger).warn({ attempts, reason, willRetry }, "flow trigger not delivered");

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
  return runOutbox<DueTrigger>({
    now,
    deadline,
    limit: BATCH,
    leaseMs: CLAIM_LEASE_MS,
    retryDelays: FLOW_RETRY_DELAYS,
    outcomes: { done: "SENT", retrying: "RETRY_LATER", gaveUp: "FAILED" },
    findDue: (limit) =>
      prisma.flowTrigger.findMany({
        where: { sentAt: null, failedAt: null, nextAttemptAt: { lte: now } },
        orderBy: { nextAttemptAt: "asc" },
        take: limit,
        select: { id: true, shop: true, handle: true, payload: true, attempts: true },
      }),
    attemptsOf: (trigger) => trigger.attempts,
    claim: async (trigger, { attempt, leaseUntil }) => {
      const { count } = await prisma.flowTrigger.updateMany({
        where: { id: trigger.id, attempts: trigger.attempts, sentAt: null, failedAt: null },
        data: { attempts: attempt, nextAttemptAt: leaseUntil },
      });
      return count === 1;
    },
    work: (trigger) => sendTrigger(trigger, { now, adminFor, retry }),
    recordDone: async (trigger) => {
      await prisma.flowTrigger.update({ where: { id: trigger.id }, data: { sentAt: now, lastError: null } });
    },
    recordRetry: async (trigger, { attempt, reason, retryAt }) => {
      await prisma.flowTrigger.update({
        where: { id: trigger.id },
        data: { nextAttemptAt: retryAt, lastError: reason.slice(0, 500) },
      });
      warnUndelivered(trigger, attempt, reason, true);
    },
    recordGiveUp: async (trigger, { attempt, reason }) => {
      await prisma.flowTrigger.update({
        where: { id: trigger.id },
        data: { failedAt: now, lastError: reason.slice(0, 500) },
      });
      warnUndelivered(trigger, attempt, reason, false);
    },
  });
}

async function sendTrigger(
  trigger: DueTrigger,
  { now, adminFor, retry }: { now: Date; adminFor(shop: string): Promise<AdminGraphql>; retry: RunOptions },
): Promise<OutboxAttempt> {
  try {
    const result = await runAdminOperation(
      await adminFor(trigger.shop),
      FlowTriggerReceive,
      { handle: trigger.handle, payload: JSON.parse(trigger.payload) as unknown },
      { logger: triggerLog(trigger), ...retry },
    );
    if (!result.ok) return { kind: "FAILED", retryable: result.retryable, reason: result.reason };
    const userErrors = result.data.flowTriggerReceive?.userErrors ?? [];
    if (userErrors.length > 0)
      return {
        kind: "FAILED",
        retryable: false,
        reason: userErrors.map((error) => error.message).join("; "),
      };
    return { kind: "DONE" };
  } catch (error) {
    if (isShopReauthRequired(error)) return waitForReauth(trigger, now, error.reason);
    // No offline session, or the session could not be refreshed: worth another try later.
    return {
      kind: "FAILED",
      retryable: true,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * The shop must re-authorise before anything reaches its Flow: the trigger stays queued, its claim undone
 * (the attempt it counted is given back, so waiting never gives it up), and is looked at again later.
 */
async function waitForReauth(trigger: DueTrigger, now: Date, reason: string): Promise<OutboxAttempt> {
  await prisma.flowTrigger.update({
    where: { id: trigger.id },
    data: {
      attempts: trigger.attempts,
      nextAttemptAt: new Date(now.getTime() + REAUTH_RECHECK_MS),
      lastError: `waiting for the merchant to re-authorise: ${reason}`.slice(0, 500),
    },
  });
  return { kind: "SETTLED", outcome: SKIPPED_REAUTH_REQUIRED };
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
