import { reportSendsToShopify } from "~/domain/abandonment-reports";
import { advanceCatalogSyncs } from "~/domain/catalog";
import { syncUnsubscribesToShopify } from "~/domain/consent";
import { deleteExpiredDiscountCodes } from "~/domain/discounts";
import { evaluateDueExperiments } from "~/domain/experiments";
import { pruneFlowTriggers, sendFlowTriggers } from "~/domain/flow";
import { runCustomerRedactions, runShopErasures } from "~/domain/privacy";
import { reconcileShops } from "~/domain/reconciliation";
import type { MessageChannel } from "~/domain/messages";
import { runRecovery } from "~/domain/sequences";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { deadlineAfter, startStopwatch, type Deadline } from "~/lib/clock.server";
import { recordJobFinished, recordJobStarted, TICK_JOB } from "~/lib/job-heartbeat.server";
import { logger } from "~/lib/logger.server";
import { pruneWebhookDeliveries } from "~/lib/webhook-deliveries.server";
import { pruneDeletionTombstones } from "~/lib/erased-identifiers.server";

/**
 * One scheduled tick: every piece of background work, in order, within a time budget. Each task is safe to
 * run in several ticks at once (they claim their rows), so any cron may call the tick every minute and an
 * overlap costs nothing but a little duplicated reading.
 */

export interface TickDependencies {
  now: Date;
  /** The Admin GraphQL function for a shop's offline session. */
  adminFor(shop: string): Promise<AdminGraphql>;
  mailer: MessageChannel;
  /** The app's public URL, for tracked links. */
  appUrl: string;
  /** Milliseconds the whole tick may take; tasks stop taking new work past it. Default 25 s. */
  budgetMs?: number;
}

export interface TickContext extends Required<Omit<TickDependencies, "budgetMs">> {
  /** When a task stops taking new work: real elapsed time, whatever the work's own (maybe simulated) `now`. */
  deadline: Deadline;
}

export type TickTask = (context: TickContext) => Promise<Record<string, number>>;

export interface TickReport {
  startedAt: string;
  durationMs: number;
  /** Counts per outcome, per task. */
  tasks: Record<string, Record<string, number>>;
  /** Tasks that threw; the others still ran. */
  errors: Record<string, string>;
}

export const DEFAULT_TICK_BUDGET_MS = 25_000;

/** Counts of each value of `key` in a list of step results: [{ outcome: "IMPORTED" }, …] -> { IMPORTED: 1 }. */
function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

// Customer redactions still under way first, so nothing is sent to a shopper being erased; then recovery: its
// steps are due at a time, and a long catalog import may use the rest of the budget. Shop erasures last: those
// shops are uninstalled, and a large one takes every tick's remaining budget until it is done.
export const tickTasks: Array<[name: string, task: TickTask]> = [
  ["customerRedactions", ({ now, deadline }) => runCustomerRedactions({ now, deadline })],
  // Before recovery, so a checkout the webhooks missed is enrolled in the same tick that finds it.
  ["reconciliation", ({ now, adminFor, deadline }) => reconcileShops({ now, adminFor, deadline })],
  ["recovery", (context) => runRecovery(context)],
  // Once an hour at most: promotes content experiments' winners, which the next tick's sends then use.
  ["experiments", ({ now, deadline }) => evaluateDueExperiments({ now, deadline })],
  ["unsubscribes", ({ now, adminFor, deadline }) => syncUnsubscribesToShopify({ now, adminFor, deadline })],
  [
    "abandonmentReports",
    ({ now, adminFor, appUrl, deadline }) => reportSendsToShopify({ now, adminFor, appUrl, deadline }),
  ],
  [
    "flowTriggers",
    async ({ now, adminFor, deadline }) => ({
      ...(await sendFlowTriggers({ now, adminFor, deadline })),
      pruned: await pruneFlowTriggers(now),
    }),
  ],
  [
    "catalog",
    async ({ now, adminFor, deadline }) =>
      countBy(
        await advanceCatalogSyncs({ now, adminFor, deadline }),
        (step) => `${step.step}_${step.outcome}`,
      ),
  ],
  ["discountCodes", ({ now, adminFor, deadline }) => deleteExpiredDiscountCodes({ now, adminFor, deadline })],
  ["webhookDeliveries", async ({ now }) => ({ pruned: await pruneWebhookDeliveries(now) })],
  ["deletionTombstones", async ({ now }) => ({ pruned: await pruneDeletionTombstones(now) })],
  ["shopErasures", ({ now, deadline }) => runShopErasures({ now, deadline })],
];

export async function runTick(dependencies: TickDependencies, tasks = tickTasks): Promise<TickReport> {
  const elapsedMs = startStopwatch();
  const context: TickContext = {
    now: dependencies.now,
    adminFor: dependencies.adminFor,
    mailer: dependencies.mailer,
    appUrl: dependencies.appUrl,
    deadline: deadlineAfter(dependencies.budgetMs ?? DEFAULT_TICK_BUDGET_MS),
  };
  const log = logger.child({ unit: "tick" });
  const report: TickReport = {
    startedAt: dependencies.now.toISOString(),
    durationMs: 0,
    tasks: {},
    errors: {},
  };
  // The heartbeat shows a stopped scheduler on the admin home and in the deep health check; failing to write
  // it must not stop the work itself.
  await recordJobStarted(TICK_JOB, dependencies.now).catch((error: unknown) =>
    log.error({ err: error }, "tick heartbeat not recorded"),
  );
  for (const [name, task] of tasks) {
    try {
      report.tasks[name] = await task(context);
    } catch (error) {
      log.error({ err: error, task: name }, "tick task failed");
      report.errors[name] = error instanceof Error ? error.message : String(error);
    }
  }
  report.durationMs = Math.round(elapsedMs());
  // Finished at the tick's own time plus the real time it took, so a simulated clock (the demo) stays coherent.
  await recordJobFinished(TICK_JOB, {
    startedAt: dependencies.now,
    finishedAt: new Date(dependencies.now.getTime() + report.durationMs),
    report: { durationMs: report.durationMs, tasks: report.tasks, failed: Object.keys(report.errors) },
  }).catch((error: unknown) => log.error({ err: error }, "tick heartbeat not recorded"));
  log.info(
    { durationMs: report.durationMs, tasks: report.tasks, failed: Object.keys(report.errors) },
    "tick finished",
  );
  return report;
}
