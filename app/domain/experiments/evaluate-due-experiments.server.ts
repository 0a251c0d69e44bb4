import { findInstalledShops } from "~/domain/sequences";
import type { Deadline } from "~/lib/clock.server";
import { claimJobRun, recordJobFinished } from "~/lib/job-heartbeat.server";
import { logger } from "~/lib/logger.server";
import { evaluateExperiments } from "./decide-experiments.server";

/** The job's heartbeat row, and how often it runs: an hour is plenty for decisions that take weeks of emails. */
export const EXPERIMENTS_JOB = "experiments";
export const EVALUATE_EVERY_MS = 60 * 60 * 1000;

/**
 * The tick's share of content experiments: at most once an hour for the whole deployment (claimed on its
 * heartbeat row, so of two ticks at once one runs it), each installed shop's experiments are evaluated
 * (evaluateExperiments). A shop's failure is logged and counted; the others go on. Shops the tick's budget
 * does not reach wait for the next hour's run, which starts with a different shop (the order rotates by hour).
 */
export async function evaluateDueExperiments({
  now,
  deadline,
}: {
  now: Date;
  deadline: Deadline;
}): Promise<Record<string, number>> {
  if (!(await claimJobRun(EXPERIMENTS_JOB, { now, everyMs: EVALUATE_EVERY_MS }))) return {};
  const shops = await findInstalledShops();
  const start = shops.length === 0 ? 0 : Math.floor(now.getTime() / EVALUATE_EVERY_MS) % shops.length;
  const total: Record<string, number> = {};
  const add = (key: string, n: number) => (total[key] = (total[key] ?? 0) + n);
  for (const shop of [...shops.slice(start), ...shops.slice(0, start)]) {
    if (deadline.isPast()) {
      add("shops_deferred", 1);
      continue;
    }
    try {
      for (const [outcome, n] of Object.entries(await evaluateExperiments(shop, { now }))) add(outcome, n);
      add("shops", 1);
    } catch (error) {
      add("shops_failed", 1);
      logger.error({ shop, unit: "experiments", err: error }, "evaluating this shop's experiments failed");
    }
  }
  await recordJobFinished(EXPERIMENTS_JOB, { startedAt: now, finishedAt: now, report: total });
  return total;
}
