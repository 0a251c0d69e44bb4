import { prisma } from "~/db.server";
import { claimStep, DEFAULT_LEASE_MS } from "./claim-step.server";
import { ENROLLMENT_STATUS } from "./outcomes";
import { repairEnrollment } from "./record-step-outcome.server";
import { sendClaimedStep, type SendDependencies } from "./send-claimed-step.server";
import type { ShopContext } from "./shop-context.server";

export interface DueStepOptions extends SendDependencies {
  /** Wall-clock time after which no new step is claimed. */
  deadline: number;
  limit?: number;
  /** Steps in flight at once: sending is mostly waiting for the provider. */
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

/** Claims and sends a shop's due steps, oldest first, in a bounded batch. */
export async function processDueSteps(
  context: ShopContext,
  options: DueStepOptions,
): Promise<Record<string, number>> {
  const { now, limit = 200, concurrency = 8, leaseMs = DEFAULT_LEASE_MS, deadline } = options;
  const counts: Record<string, number> = {};
  const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  const due = await prisma.enrollment.findMany({
    where: {
      shop: context.shop,
      status: ENROLLMENT_STATUS.ACTIVE,
      dueAt: { lte: now },
      nextStep: { not: null },
    },
    orderBy: { dueAt: "asc" },
    take: limit,
    select: { id: true, shop: true, checkoutId: true, emailHash: true, nextStep: true, anchorAt: true },
  });
  await forEachConcurrently(
    due,
    concurrency,
    () => Date.now() > deadline,
    async (enrollment) => {
      const claimed = await claimStep(
        { ...enrollment, nextStep: enrollment.nextStep as number },
        { now, leaseMs },
      );
      if (!claimed.claimed) {
        if (claimed.why === "ALREADY_DONE") {
          await repairEnrollment(enrollment.id, {
            step: enrollment.nextStep as number,
            settings: context.settings,
            anchorAt: enrollment.anchorAt,
          });
        }
        count(claimed.why);
        return;
      }
      const log = options.log.child({ checkoutId: enrollment.checkoutId, step: claimed.claim.step });
      try {
        count(await sendClaimedStep(claimed.claim, context, { ...options, log }));
      } catch (error) {
        // The claim stays; its lease lapses and a later tick retries the step with the same idempotency key.
        log.error({ err: error }, "recovery step failed unexpectedly");
        count("ERROR");
      }
    },
  );
  return counts;
}
