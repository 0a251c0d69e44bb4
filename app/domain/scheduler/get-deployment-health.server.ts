import { prisma } from "~/db.server";
import { findJobHeartbeat, TICK_JOB } from "~/lib/job-heartbeat.server";

/**
 * The deep health check (GET /healthz?deep=1, behind the cron secret) for monitoring: is the tick running, is
 * recovery keeping up, is the email provider failing. Counts for the whole deployment only: no shop, no
 * address, no name, so the answer can go to any monitoring service.
 */

/** More than this since the last tick finished (or no tick ever) and the check answers 503. The tick is
 * called every minute; the admin home warns after the same 15 minutes. */
export const TICK_LAG_LIMIT_SECONDS = 15 * 60;
const PROVIDER_ERROR_WINDOW_MS = 60 * 60 * 1000;
const MAX_REASON_LENGTH = 200;

// Reasons the engine writes itself for failures that are not the provider's (app/domain/sequences).
const NOT_PROVIDER_REASONS = [
  "discount code:",
  "the recipient is not an email address",
  "the email could not be composed",
];

export interface DeploymentHealth {
  ok: boolean;
  tick: { lastFinishedAt: string | null; lagSeconds: number | null; limitSeconds: number };
  /** The longest-waiting recovery step that is due now: how far behind sending is. */
  oldestDueStep: { dueAt: string; ageSeconds: number } | null;
  dueSteps: number;
  /** Sends the email provider failed or asked to retry in the last hour, and the latest reason. */
  providerErrors: { lastHour: number; latestReason: string | null };
  installedShops: number;
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

/** A provider's message may quote the recipient ("Invalid `to`: ana@example.com"): addresses are masked. */
export function maskReason(reason: string): string {
  const masked = reason.replace(/[^\s@<>"'`]+@[^\s@<>"'`]+/g, "[address]");
  return masked.length > MAX_REASON_LENGTH ? `${masked.slice(0, MAX_REASON_LENGTH - 1)}…` : masked;
}

/**
 * `now` is the app's time (due steps are stamped with it); `stampsNow` is the machine's, for the sends'
 * `updatedAt`, which the database client stamps itself (they differ only in the demo's simulated month).
 */
export async function getDeploymentHealth({
  now,
  stampsNow,
}: {
  now: Date;
  stampsNow: Date;
}): Promise<DeploymentHealth> {
  const providerFailure = {
    status: { in: ["RETRY", "FAILED"] },
    updatedAt: { gte: new Date(stampsNow.getTime() - PROVIDER_ERROR_WINDOW_MS) },
    reason: { not: null },
    NOT: NOT_PROVIDER_REASONS.map((prefix) => ({ reason: { startsWith: prefix } })),
  };
  const due = { status: "ACTIVE", dueAt: { lte: now } };
  const [tick, oldest, dueSteps, errorCount, latestError, installedShops] = await Promise.all([
    findJobHeartbeat(TICK_JOB),
    prisma.enrollment.findFirst({ where: due, orderBy: { dueAt: "asc" }, select: { dueAt: true } }),
    prisma.enrollment.count({ where: due }),
    prisma.recoverySend.count({ where: providerFailure }),
    prisma.recoverySend.findFirst({
      where: providerFailure,
      orderBy: { updatedAt: "desc" },
      select: { reason: true },
    }),
    prisma.shop.count({ where: { installState: "INSTALLED" } }),
  ]);
  const lastFinishedAt = tick?.lastFinishedAt ?? null;
  const lagSeconds = lastFinishedAt ? seconds(now.getTime() - lastFinishedAt.getTime()) : null;
  return {
    ok: lagSeconds !== null && lagSeconds <= TICK_LAG_LIMIT_SECONDS,
    tick: {
      lastFinishedAt: lastFinishedAt?.toISOString() ?? null,
      lagSeconds,
      limitSeconds: TICK_LAG_LIMIT_SECONDS,
    },
    oldestDueStep: oldest?.dueAt
      ? { dueAt: oldest.dueAt.toISOString(), ageSeconds: seconds(now.getTime() - oldest.dueAt.getTime()) }
      : null,
    dueSteps,
    providerErrors: {
      lastHour: errorCount,
      latestReason: latestError?.reason ? maskReason(latestError.reason) : null,
    },
    installedShops,
  };
}
