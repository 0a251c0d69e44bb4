import { isUniqueViolation, prisma } from "~/db.server";

/**
 * When scheduled work last ran, one row per job: the admin home and the deep health check tell a stopped
 * scheduler from a quiet shop with it. Times are the job's own `now` (simulated in the demo), never the
 * database's clock. One small upsert at each end of a run.
 */

/** The scheduled tick's row (app/domain/scheduler/run-tick.server.ts). */
export const TICK_JOB = "tick";

export interface JobHeartbeat {
  lastStartedAt: Date;
  lastFinishedAt: Date | null;
  /** The last finished run's report (counts), as the job wrote it. */
  lastReport: unknown;
}

export async function recordJobStarted(name: string, now: Date): Promise<void> {
  await prisma.jobHeartbeat.upsert({
    where: { name },
    create: { name, lastStartedAt: now },
    update: { lastStartedAt: now },
  });
}

export async function recordJobFinished(
  name: string,
  { startedAt, finishedAt, report }: { startedAt: Date; finishedAt: Date; report: unknown },
): Promise<void> {
  const lastReport = JSON.stringify(report);
  await prisma.jobHeartbeat.upsert({
    where: { name },
    create: { name, lastStartedAt: startedAt, lastFinishedAt: finishedAt, lastReport },
    update: { lastFinishedAt: finishedAt, lastReport },
  });
}

export async function findJobHeartbeat(name: string): Promise<JobHeartbeat | null> {
  const row = await prisma.jobHeartbeat.findUnique({
    where: { name },
    select: { lastStartedAt: true, lastFinishedAt: true, lastReport: true },
  });
  if (!row) return null;
  let lastReport: unknown = null;
  try {
    lastReport = row.lastReport === null ? null : JSON.parse(row.lastReport);
  } catch {
    // A report is only ever written by recordJobFinished; an unreadable one is shown as absent.
  }
  return { lastStartedAt: row.lastStartedAt, lastFinishedAt: row.lastFinishedAt, lastReport };
}

/**
 * Claims a periodic job's run at `now` when its last start is at least `everyMs` old (or in the future: a
 * clock moved back, as the demo's and tests' may): a conditional update, so of two ticks at once only one
 * runs it. The first run creates the row; a concurrent creation loses on the primary key and does not run.
 */
export async function claimJobRun(
  name: string,
  { now, everyMs }: { now: Date; everyMs: number },
): Promise<boolean> {
  const { count } = await prisma.jobHeartbeat.updateMany({
    where: {
      name,
      OR: [{ lastStartedAt: { lte: new Date(now.getTime() - everyMs) } }, { lastStartedAt: { gt: now } }],
    },
    data: { lastStartedAt: now },
  });
  if (count === 1) return true;
  if (await prisma.jobHeartbeat.findUnique({ where: { name }, select: { name: true } })) return false;
  try {
    await prisma.jobHeartbeat.create({ data: { name, lastStartedAt: now } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
