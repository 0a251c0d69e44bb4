import { prisma } from "~/db.server";
import { findGrantedScopes } from "~/domain/shops";
import { FindAbandonment } from "~/graphql/find-abandonment";
import { UpdateAbandonmentDeliveryStatus } from "~/graphql/update-abandonment-delivery-status";
import { UpsertMarketingActivity } from "~/graphql/upsert-marketing-activity";
import {
  runAdminOperation,
  type AdminGraphql,
  type AdminResult,
  type RunOptions,
} from "~/lib/admin-graphql.server";
import type { Deadline } from "~/lib/clock.server";
import { runOutbox, type OutboxAttempt } from "~/lib/durable-outbox.server";
import { logger } from "~/lib/logger.server";
import { isShopReauthRequired, REAUTH_RECHECK_MS, SKIPPED_REAUTH_REQUIRED } from "~/lib/shop-reauth-required";
import {
  abandonedCheckoutGid,
  CHECKOUT_ID_GIVE_UP_MS,
  CHECKOUT_ID_RECHECK_MS,
  MARKETING_ACTIVITY,
  MARKETING_EVENTS_SCOPE,
  PERMISSION_GIVE_UP_MS,
  PERMISSION_RECHECK_MS,
  REASONS,
  REPORT_RETRY_DELAYS,
  REPORT_STATUS,
} from "./report-policy";

/** A claimed report is this worker's for this long; a crashed tick's claim then comes back. */
const CLAIM_LEASE_MS = 5 * 60_000;
const BATCH = 50;

interface DueReport {
  id: string;
  shop: string;
  checkoutId: string;
  deliveryStatus: string;
  deliveredAt: Date | null;
  attempts: number;
  nextAttemptAt: Date;
}

/** Outcomes of reports that waited or were skipped, counted next to REPORTED / RETRYING / FAILED. */
export type ReportSettledOutcome =
  | "WAITING_FOR_CHECKOUT_ID"
  | "SKIPPED_CHECKOUT_ID_UNKNOWN"
  | "SKIPPED_CHECKOUT_GONE"
  | "WAITING_FOR_PERMISSION"
  | "SKIPPED_NO_PERMISSION"
  | typeof SKIPPED_REAUTH_REQUIRED
  | "SKIPPED_REAUTH_TOO_LONG";

type ShopAccess = "UNKNOWN" | "NOT_GRANTED" | "REFUSED" | "OK";

interface RunState {
  now: Date;
  appUrl: string;
  adminFor(shop: string): Promise<AdminGraphql>;
  retry?: RunOptions;
  /** What this run learned per shop, so a shop without the permission costs one call at most. */
  access: Map<string, ShopAccess>;
}

/**
 * The tick's write-back of sent recovery emails to Shopify's abandonment records: for each due report, find
 * the abandonment by the checkout's Shopify id and set Cartback's marketing activity on it to SENT at the
 * time the email went out. Failures that may pass are retried from REPORT_RETRY_DELAYS; a report that waits
 * for something only time or the merchant brings (the checkout's Shopify id, the permission) waits without
 * using up its attempts, and is skipped with a reason the merchant can read once that takes too long.
 */
export async function sendAbandonmentReports({
  now,
  adminFor,
  appUrl,
  deadline,
  limit = BATCH,
  retry = { maxAttempts: 1 },
}: {
  now: Date;
  adminFor(shop: string): Promise<AdminGraphql>;
  appUrl: string;
  deadline: Deadline;
  limit?: number;
  retry?: RunOptions;
}): Promise<Record<string, number>> {
  const state: RunState = { now, appUrl, adminFor, retry, access: new Map() };
  return runOutbox<DueReport>({
    now,
    deadline,
    limit,
    leaseMs: CLAIM_LEASE_MS,
    retryDelays: REPORT_RETRY_DELAYS,
    outcomes: { done: "REPORTED", retrying: "RETRYING", gaveUp: "FAILED" },
    findDue: (take) =>
      prisma.abandonmentReport.findMany({
        where: { status: REPORT_STATUS.PENDING, nextAttemptAt: { lte: now } },
        orderBy: { nextAttemptAt: "asc" },
        take,
        select: {
          id: true,
          shop: true,
          checkoutId: true,
          deliveryStatus: true,
          deliveredAt: true,
          attempts: true,
          nextAttemptAt: true,
        },
      }),
    attemptsOf: (report) => report.attempts,
    claim: async (report, { attempt, leaseUntil }) => {
      const { count } = await prisma.abandonmentReport.updateMany({
        where: {
          id: report.id,
          status: REPORT_STATUS.PENDING,
          attempts: report.attempts,
          nextAttemptAt: report.nextAttemptAt,
        },
        data: { attempts: attempt, nextAttemptAt: leaseUntil, leaseUntil },
      });
      return count === 1;
    },
    work: (report) => reportOne(report, state),
    recordDone: async (report) => {
      await prisma.abandonmentReport.update({
        where: { id: report.id },
        data: { status: REPORT_STATUS.DONE, leaseUntil: null, lastError: null },
      });
    },
    recordRetry: async (report, { reason, retryAt }) => {
      await prisma.abandonmentReport.update({
        where: { id: report.id },
        data: { nextAttemptAt: retryAt, leaseUntil: null, lastError: reason.slice(0, 500) },
      });
    },
    recordGiveUp: async (report, { attempt, reason }) => {
      await prisma.abandonmentReport.update({
        where: { id: report.id },
        data: { status: REPORT_STATUS.FAILED, leaseUntil: null, lastError: reason.slice(0, 500) },
      });
      reportLog(report).warn({ attempts: attempt, reason }, "abandonment report given up");
    },
  });
}

const reportLog = (report: DueReport) =>
  logger.child({ shop: report.shop, unit: "abandonment-report", reportId: report.id });

/**
 * Leaves the report pending until `retryAt` without spending an attempt (the claim counted one), or skips it
 * when it has waited past `giveUpAfterMs` from its email.
 */
async function waitOrSkip(
  report: DueReport,
  now: Date,
  wait: { reason: string; retryAfterMs: number; giveUpAfterMs: number },
  outcomes: { waiting: ReportSettledOutcome; skipped: ReportSettledOutcome },
): Promise<OutboxAttempt> {
  const sentAt = report.deliveredAt ?? report.nextAttemptAt;
  if (now.getTime() - sentAt.getTime() >= wait.giveUpAfterMs)
    return skip(report, wait.reason, outcomes.skipped);
  await prisma.abandonmentReport.update({
    where: { id: report.id },
    data: {
      attempts: report.attempts,
      nextAttemptAt: new Date(now.getTime() + wait.retryAfterMs),
      leaseUntil: null,
      lastError: wait.reason,
    },
  });
  return { kind: "SETTLED", outcome: outcomes.waiting };
}

async function skip(
  report: DueReport,
  reason: string,
  outcome: ReportSettledOutcome,
): Promise<OutboxAttempt> {
  await prisma.abandonmentReport.update({
    where: { id: report.id },
    data: { status: REPORT_STATUS.SKIPPED, leaseUntil: null, lastError: reason },
  });
  return { kind: "SETTLED", outcome };
}

const waitForPermission = (report: DueReport, now: Date, reason: string) =>
  waitOrSkip(
    report,
    now,
    { reason, retryAfterMs: PERMISSION_RECHECK_MS, giveUpAfterMs: PERMISSION_GIVE_UP_MS },
    { waiting: "WAITING_FOR_PERMISSION", skipped: "SKIPPED_NO_PERMISSION" },
  );

/** Whether the run may call Shopify for the shop: the grant must list the scope, and Shopify not have refused. */
async function accessFor(shop: string, state: RunState): Promise<ShopAccess> {
  const known = state.access.get(shop);
  if (known && known !== "UNKNOWN") return known;
  const scopes = await findGrantedScopes(shop);
  const access: ShopAccess = scopes.includes(MARKETING_EVENTS_SCOPE) ? "OK" : "NOT_GRANTED";
  state.access.set(shop, access);
  return access;
}

/** Shopify's refusal for lack of a scope, as the adapter words it (GraphQL ACCESS_DENIED, or HTTP 403). */
function isAccessDenied(result: AdminResult<unknown>): boolean {
  return (
    !result.ok &&
    (result.accessDenied === true || result.status === 403 || result.reason.startsWith("access denied:"))
  );
}

function failureOf(result: AdminResult<unknown> & { ok: false }): OutboxAttempt {
  // 401 is a token Shopify no longer takes: the session is refreshed or re-authenticated meanwhile.
  return { kind: "FAILED", retryable: result.retryable || result.status === 401, reason: result.reason };
}

async function reportOne(report: DueReport, state: RunState): Promise<OutboxAttempt> {
  const { now } = state;
  const checkout = await prisma.checkout.findFirst({
    where: { id: report.checkoutId, shop: report.shop },
    select: { shopifyId: true },
  });
  if (!checkout) return skip(report, REASONS.CHECKOUT_GONE, "SKIPPED_CHECKOUT_GONE");
  // Checkout webhooks no longer carry Shopify's checkout id; reconciliation fills it in from Shopify's list.
  if (!checkout.shopifyId)
    return waitOrSkip(
      report,
      now,
      {
        reason: REASONS.CHECKOUT_ID_UNKNOWN,
        retryAfterMs: CHECKOUT_ID_RECHECK_MS,
        giveUpAfterMs: CHECKOUT_ID_GIVE_UP_MS,
      },
      { waiting: "WAITING_FOR_CHECKOUT_ID", skipped: "SKIPPED_CHECKOUT_ID_UNKNOWN" },
    );

  const access = await accessFor(report.shop, state);
  if (access === "NOT_GRANTED") return waitForPermission(report, now, REASONS.PERMISSION_NOT_GRANTED);
  if (access === "REFUSED") return waitForPermission(report, now, REASONS.PERMISSION_REFUSED);

  let graphql: AdminGraphql;
  try {
    graphql = await state.adminFor(report.shop);
  } catch (error) {
    // The merchant must open the app again: the report waits (no attempt spent) until the shop is reconnected.
    if (isShopReauthRequired(error))
      return waitOrSkip(
        report,
        now,
        {
          reason: `waiting for the merchant to reconnect Cartback: ${error.reason}`,
          retryAfterMs: REAUTH_RECHECK_MS,
          giveUpAfterMs: PERMISSION_GIVE_UP_MS,
        },
        { waiting: SKIPPED_REAUTH_REQUIRED, skipped: "SKIPPED_REAUTH_TOO_LONG" },
      );
    // No offline session, or its token could not be refreshed for a passing reason: worth another try later.
    return {
      kind: "FAILED",
      retryable: true,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
  const options: RunOptions = { logger: reportLog(report), ...state.retry };
  const refused = () => {
    state.access.set(report.shop, "REFUSED");
    return waitForPermission(report, now, REASONS.PERMISSION_REFUSED);
  };

  const activity = await ensureMarketingActivity(report.shop, graphql, state, options);
  if (!activity.ok) return isAccessDenied(activity) ? refused() : failureOf(activity);

  const found = await runAdminOperation(
    graphql,
    FindAbandonment,
    { abandonedCheckoutId: abandonedCheckoutGid(checkout.shopifyId) },
    options,
  );
  if (!found.ok) return isAccessDenied(found) ? refused() : failureOf(found);
  const abandonment = found.data.abandonmentByAbandonedCheckoutId;
  // Shopify makes the record some time after the checkout; a checkout it never listed stays without one.
  if (!abandonment) return { kind: "FAILED", retryable: true, reason: REASONS.NO_ABANDONMENT };

  const updated = await runAdminOperation(
    graphql,
    UpdateAbandonmentDeliveryStatus,
    {
      abandonmentId: abandonment.id,
      marketingActivityId: activity.data,
      deliveryStatus: report.deliveryStatus as "SENT" | "NOT_SENT" | "SCHEDULED",
      deliveredAt: report.deliveredAt?.toISOString() ?? null,
      deliveryStatusChangeReason: null,
    },
    options,
  );
  if (!updated.ok) return isAccessDenied(updated) ? refused() : failureOf(updated);
  const userErrors = updated.data.abandonmentUpdateActivitiesDeliveryStatuses?.userErrors ?? [];
  if (userErrors.some((error) => error.code === "MARKETING_ACTIVITY_NOT_FOUND")) {
    // The activity was deleted in Shopify (by the merchant, or with an uninstall): forget it, so the next
    // attempt makes it again.
    await prisma.shop.updateMany({
      where: { domain: report.shop, abandonmentActivityId: activity.data },
      data: { abandonmentActivityId: null },
    });
    return { kind: "FAILED", retryable: true, reason: userErrors.map((error) => error.message).join("; ") };
  }
  if (userErrors.length > 0)
    return { kind: "FAILED", retryable: false, reason: userErrors.map((error) => error.message).join("; ") };
  return { kind: "DONE" };
}

/**
 * The shop's marketing activity id: stored on the shop once made. Made with an upsert keyed by a fixed
 * remote id, so workers racing here get the same activity from Shopify and store the same id.
 */
async function ensureMarketingActivity(
  shop: string,
  graphql: AdminGraphql,
  state: RunState,
  options: RunOptions,
): Promise<AdminResult<string>> {
  const stored = await prisma.shop.findUnique({
    where: { domain: shop },
    select: { abandonmentActivityId: true },
  });
  if (stored?.abandonmentActivityId) return { ok: true, data: stored.abandonmentActivityId };
  const result = await runAdminOperation(
    graphql,
    UpsertMarketingActivity,
    {
      input: {
        remoteId: MARKETING_ACTIVITY.remoteId,
        title: MARKETING_ACTIVITY.title,
        remoteUrl: `${state.appUrl}/app`,
        status: "ACTIVE",
        tactic: "ABANDONED_CART",
        marketingChannelType: "EMAIL",
        utm: { ...MARKETING_ACTIVITY.utm },
      },
    },
    options,
  );
  if (!result.ok) return result;
  const payload = result.data.marketingActivityUpsertExternal;
  const id = payload?.marketingActivity?.id;
  if (!id) {
    const reason = payload?.userErrors.map((error) => error.message).join("; ") || "no activity returned";
    return { ok: false, retryable: false, reason: `marketing activity not created: ${reason}` };
  }
  await prisma.shop.updateMany({ where: { domain: shop }, data: { abandonmentActivityId: id } });
  return { ok: true, data: id };
}
