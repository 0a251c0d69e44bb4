import { claimBatchMates } from "./claim-batch-mates.server";
import { claimDueSteps, type ClaimedBatch, type DueRow } from "./claim-due-steps.server";
import { DEFAULT_LEASE_MS, type StepClaim } from "./claim-step.server";
import { loadSendFacts } from "./load-send-facts.server";
import { loadEnrollmentSequences } from "./enrollment-sequence.server";
import { createGroupedRecordSent, repairEnrollment } from "./record-step-outcome.server";
import { sendClaimedStep, type SendDependencies } from "./send-claimed-step.server";
import type { ShopContext } from "./shop-context.server";
import type { Deadline } from "~/lib/clock.server";

export interface DueStepOptions extends SendDependencies {
  /** After it, no new step is claimed. */
  deadline: Deadline;
  limit?: number;
  /**
   * Steps in flight at once: sending is mostly waiting for the provider, and the emails in flight together
   * are what fills one provider batch; by default a whole claim batch.
   */
  concurrency?: number;
  leaseMs?: number;
}

/** Runs `work` over `items` with at most `concurrency` at once, stopping new work once `shouldStop()`. */
export async function forEachConcurrently<T>(
  items: T[],
  concurrency: number,
  shouldStop: () => boolean,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !shouldStop()) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Due steps claimed, and their facts read, together: few enough that the facts are still fresh when sent (a
 * batch takes about 0.1 s at 500 sends a second; making a step's discount codes in Shopify takes longer).
 * 50 sent 540-583 a second in bench/tick.ts, 25 sent 505-528.
 */
const CLAIM_BATCH = 50;

/**
 * Claims and sends a shop's due steps, oldest first, up to `limit` per call and within the deadline. Steps
 * are claimed a batch at a time (claim-due-steps.server.ts), and their facts read for the whole batch; sends
 * run `concurrency` at once, but the steps of one address one after another, so the minimum gap between two
 * emails to an address holds within a batch too.
 */
export async function processDueSteps(
  context: ShopContext,
  options: DueStepOptions,
): Promise<Record<string, number>> {
  const { now, limit = 2_000, concurrency = CLAIM_BATCH, leaseMs = DEFAULT_LEASE_MS, deadline } = options;
  const providerGate = options.providerGate ?? { closedUntil: null };
  const counts: Record<string, number> = {};
  const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  // Past the deadline, or once the provider has asked to slow down, no more steps are claimed this tick.
  const pastDeadline = () => deadline.isPast() || providerGate.closedUntil !== null;
  // The steps delivered close together are recorded in one transaction.
  const recordSent = options.recordSent ?? createGroupedRecordSent();
  for await (const batch of claimDueSteps(context.shop, {
    now,
    leaseMs,
    limit,
    batchSize: CLAIM_BATCH,
    shouldStop: pastDeadline,
  })) {
    await sendBatch(batch, context, { ...options, leaseMs, concurrency, recordSent, providerGate }, count);
  }
  return counts;
}

async function sendBatch(
  { due, results }: ClaimedBatch,
  context: ShopContext,
  options: DueStepOptions & { leaseMs: number; concurrency: number },
  count: (key: string) => void,
) {
  const { now, leaseMs } = options;
  const claims: StepClaim[] = [];
  for (const [index, claimed] of results.entries()) {
    const enrollment = due[index] as DueRow;
    if (claimed.claimed) {
      claims.push(claimed.claim);
      continue;
    }
    if (claimed.why === "ALREADY_DONE") {
      const sequenceOf = await loadEnrollmentSequences(context, [enrollment.sequenceVersionId]);
      await repairEnrollment(enrollment.id, {
        step: enrollment.nextStep as number,
        steps: sequenceOf(enrollment.sequenceVersionId).steps,
        anchorAt: enrollment.anchorAt,
      });
    }
    count(claimed.why);
  }
  // A step an earlier attempt batched goes with its batch mates, or not now.
  const { claims: sendable, heldBatches } = await claimBatchMates(context.shop, claims, { now, leaseMs });
  for (const claim of claims)
    if (claim.batchKey && heldBatches.has(claim.batchKey)) count("BATCH_HELD_ELSEWHERE");
  const facts = await loadSendFacts(context, sendable, { now });
  // One address's steps in order, each seeing the one before it (its send time), so the gap rule holds.
  const byAddress = new Map<string, StepClaim[]>();
  for (const claim of sendable) {
    const key = facts.get(claim.sendId)?.checkout.emailHash ?? claim.sendId;
    byAddress.set(key, [...(byAddress.get(key) ?? []), claim]);
  }
  await forEachConcurrently(
    [...byAddress.values()],
    options.concurrency,
    () => false,
    async (sameAddress) => {
      let sentAt: Date | null = null;
      for (const claim of sameAddress) {
        const log = options.log.child({ checkoutId: claim.checkoutId, step: claim.step });
        const prefetched = facts.get(claim.sendId);
        const stepFacts =
          prefetched && sentAt
            ? { ...prefetched, lastEmailToAddressAt: laterOf(prefetched.lastEmailToAddressAt, sentAt) }
            : prefetched;
        try {
          const result = await sendClaimedStep(claim, context, { ...options, log }, stepFacts);
          if (result === "SENT" || result === "SENT_WITHOUT_OFFER") sentAt = now;
          count(result);
        } catch (error) {
          // The claim stays; its lease lapses and a later tick retries the step with the same idempotency key.
          log.error({ err: error }, "recovery step failed unexpectedly");
          count("ERROR");
        }
      }
    },
  );
}

const laterOf = (a: Date | null, b: Date) => (a && a > b ? a : b);
