import { prisma, type DbTransaction } from "~/db.server";
import { CheckoutPayloadError, ingestReconciledCheckout, toReconciledFacts } from "~/domain/checkouts";
import { INSTALL_STATE } from "~/domain/shops";
import {
  ABANDONED_CHECKOUTS_PAGE_SIZE,
  ListAbandonedCheckouts,
  type AbandonedCheckoutNode,
} from "~/graphql/list-abandoned-checkouts";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import type { Deadline } from "~/lib/clock.server";
import { logger, type Logger } from "~/lib/logger.server";
import { isReconciliationDue } from "./reconciliation-schedule";
import { isShopReauthRequired, SKIPPED_REAUTH_REQUIRED } from "~/lib/shop-reauth-required";

const MINUTE_MS = 60_000;
/**
 * Each run reads from a little before where the last one stopped: Shopify's updated_at, its search index
 * and our clock do not agree to the second, and reading a checkout twice costs nothing (it is matched).
 */
export const UPDATED_AT_OVERLAP_MS = 5 * MINUTE_MS;
/** A shop's first run reads this far back (never before its install: webhooks could not have missed those). */
export const FIRST_RUN_LOOKBACK_MS = 3 * 24 * 60 * MINUTE_MS;
/** Longer than one tick's budget: a run is never taken over while its tick is still paging. */
const LEASE_MS = 5 * MINUTE_MS;

export const MISSING_ACCESS_FIX =
  "Shopify refused to list this store's abandoned checkouts, so only webhooks bring checkouts in. " +
  "Cartback needs the read_orders access scope: open Cartback from the Shopify admin and approve the " +
  "permissions it asks for (or reinstall it). Shopify also requires the “Manage abandoned checkouts” " +
  "permission: in Settings → Users and permissions, give it to the staff account that installed Cartback " +
  "(the store owner has it already).";

const NO_SESSION_ERROR =
  "Cartback could not get an access token for this store: open Cartback from the Shopify admin to sign in again.";

/** What one shop's turn in a tick came to. PAUSED: the tick's budget ran out; the next tick resumes. */
type ShopRunOutcome =
  | "OK"
  | "PAUSED"
  | "FAILED"
  | "MISSING_ACCESS"
  | "NO_SESSION"
  | "CLAIMED_ELSEWHERE"
  | typeof SKIPPED_REAUTH_REQUIRED;

interface RunInput {
  now: Date;
  adminFor(shop: string): Promise<AdminGraphql>;
  deadline: Deadline;
  retry?: RunOptions;
}

/**
 * The tick's reconciliation: for each installed shop that is due (reconciliation-schedule.ts), reads
 * Shopify's abandoned checkouts updated since its last run, page by page, and ingests those the webhooks
 * never brought through the webhooks' own path. The page cursor is saved with each page's checkouts (one
 * transaction), so a failure or the tick's deadline loses nothing: the next run resumes from that page.
 * Returns counts per shop outcome and per checkout outcome (FOUND, ALREADY_KNOWN, DROPPED_ERASED, INVALID).
 */
export async function reconcileShops(input: RunInput): Promise<Record<string, number>> {
  const { now, deadline } = input;
  const shops = await prisma.shop.findMany({
    where: { installState: INSTALL_STATE.INSTALLED },
    select: { domain: true, installedAt: true },
  });
  const states = new Map(
    (
      await prisma.reconciliationState.findMany({ where: { shop: { in: shops.map((shop) => shop.domain) } } })
    ).map((state) => [state.shop, state]),
  );
  const due = shops
    .filter((shop) => isReconciliationDue(states.get(shop.domain) ?? null, now))
    // Asked for first, then the longest waiting.
    .sort((a, b) => rank(states.get(a.domain)) - rank(states.get(b.domain)));
  const counts: Record<string, number> = {};
  const add = (key: string, n = 1) => {
    if (n > 0) counts[key] = (counts[key] ?? 0) + n;
  };
  for (const shop of due) {
    if (deadline.isPast()) break;
    const outcome = await reconcileShop(shop, input, add);
    add(outcome);
  }
  return counts;
}

function rank(state: { requestedAt: Date | null; lastStartedAt: Date | null } | undefined): number {
  if (!state) return 0;
  if (state.requestedAt) return -1;
  return state.lastStartedAt?.getTime() ?? 0;
}

async function reconcileShop(
  { domain: shop, installedAt }: { domain: string; installedAt: Date },
  { now, adminFor, deadline, retry }: RunInput,
  add: (key: string, n?: number) => void,
): Promise<ShopRunOutcome> {
  const log = logger.child({ shop, unit: "reconciliation" });
  await prisma.reconciliationState.upsert({ where: { shop }, create: { shop }, update: {} });
  const state = await claimShop(shop, now);
  if (!state) return "CLAIMED_ELSEWHERE";
  const finish = (data: { lastOutcome: string; lastError: string }) =>
    prisma.reconciliationState.update({
      where: { shop },
      data: { ...data, lastFinishedAt: now, leaseUntil: null },
    });

  let graphql: AdminGraphql;
  try {
    graphql = await adminFor(shop);
  } catch (error) {
    if (isShopReauthRequired(error)) {
      // The admin home already says the shop must reconnect; the next scheduled run tries again.
      await finish({ lastOutcome: "FAILED", lastError: NO_SESSION_ERROR });
      return SKIPPED_REAUTH_REQUIRED;
    }
    log.warn({ err: error }, "no admin session for reconciliation");
    await finish({ lastOutcome: "FAILED", lastError: NO_SESSION_ERROR });
    return "NO_SESSION";
  }

  const readFrom =
    state.cursorUpdatedAt ?? new Date(Math.max(installedAt.getTime(), now.getTime() - FIRST_RUN_LOOKBACK_MS));
  const query = `updated_at:>='${searchTime(new Date(readFrom.getTime() - UPDATED_AT_OVERLAP_MS))}'`;
  let after = state.pageCursor;
  for (let page = 0; ; page++) {
    if (page > 0 && deadline.isPast()) {
      await prisma.reconciliationState.update({ where: { shop }, data: { leaseUntil: null } });
      return "PAUSED";
    }
    const result = await runAdminOperation(
      graphql,
      ListAbandonedCheckouts,
      { first: ABANDONED_CHECKOUTS_PAGE_SIZE, after, query },
      { logger: log, deadline, ...retry },
    );
    if (!result.ok) {
      // The page cursor stays: the next run asks for the same page again.
      if (result.accessDenied) {
        await finish({ lastOutcome: "MISSING_ACCESS", lastError: MISSING_ACCESS_FIX });
        return "MISSING_ACCESS";
      }
      await finish({
        lastOutcome: "FAILED",
        lastError: `Shopify's list of abandoned checkouts could not be read (${result.reason}); Cartback tries again in a few minutes.`,
      });
      return "FAILED";
    }
    const { nodes, pageInfo } = result.data.abandonedCheckouts;
    const isLast = !pageInfo.hasNextPage || !pageInfo.endCursor;
    const pageCounts = await prisma.$transaction(async (tx) => {
      const ingested = await ingestPage(tx, shop, nodes, { now, log });
      await tx.reconciliationState.update({
        where: { shop },
        data: {
          pageCursor: isLast ? null : pageInfo.endCursor,
          lastSeen: { increment: nodes.length },
          lastFound: { increment: ingested.FOUND ?? 0 },
          totalFound: { increment: ingested.FOUND ?? 0 },
          lastCostPoints: { increment: Math.round(result.cost?.actual ?? result.cost?.requested ?? 0) },
          // The next run reads from when this one started, not from the latest updated_at it saw: a checkout
          // updated while this run paged past its place would otherwise never be read.
          ...(isLast
            ? {
                cursorUpdatedAt: state.runStartedAt,
                lastOutcome: "OK",
                lastError: null,
                lastFinishedAt: now,
                leaseUntil: null,
              }
            : {}),
        },
      });
      return ingested;
    });
    for (const [key, n] of Object.entries(pageCounts)) add(key, n);
    if (isLast) return "OK";
    after = pageInfo.endCursor;
  }
}

/**
 * Takes the shop for this run: only if no other tick holds it (a conditional update, so two ticks cannot
 * both take it). A run with a saved page cursor continues (its start, its counts); otherwise a new run begins.
 */
async function claimShop(shop: string, now: Date) {
  const state = await prisma.reconciliationState.findUniqueOrThrow({ where: { shop } });
  const isResuming = state.pageCursor !== null;
  const { count } = await prisma.reconciliationState.updateMany({
    where: { shop, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
    data: {
      leaseUntil: new Date(now.getTime() + LEASE_MS),
      requestedAt: null,
      lastFinishedAt: null,
      ...(isResuming ? {} : { lastStartedAt: now, lastSeen: 0, lastFound: 0, lastCostPoints: 0 }),
    },
  });
  if (count !== 1) return null;
  return { ...state, runStartedAt: isResuming ? (state.lastStartedAt ?? now) : now };
}

async function ingestPage(
  tx: DbTransaction,
  shop: string,
  nodes: AbandonedCheckoutNode[],
  { now, log }: { now: Date; log: Logger },
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const node of nodes) {
    let outcome: string;
    try {
      const { facts, hasRealToken } = toReconciledFacts(node);
      outcome = await ingestReconciledCheckout(tx, shop, facts, { now, hasRealToken });
    } catch (error) {
      if (!(error instanceof CheckoutPayloadError)) throw error;
      log.warn({ reason: error.message }, "abandoned checkout Shopify listed is not one Cartback can keep");
      outcome = "INVALID";
    }
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

/** Shopify's search syntax takes ISO 8601 to the second. */
function searchTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}
