import { prisma } from "~/db.server";
import { getReconciliationStatus } from "~/domain/reconciliation";
import { findJobHeartbeat, TICK_JOB } from "~/lib/job-heartbeat.server";
import {
  CHECKOUT_RATE_WINDOW_MS,
  listAliveWarnings,
  PROVIDER_QUOTA_WINDOW_MS,
  type CheckoutArrival,
} from "./alive-warnings";
import type { AliveStatus } from "./dashboard";

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/**
 * The last checkout Shopify updated among those the app holds, and how many came in the 14 days before it.
 * Shopify's `updated_at` rather than our own row stamps: a checkout webhook arrives seconds after it, and our
 * `updatedAt` also moves for our own writes (pixel events, redaction). Both reads use @@index([shop,
 * shopifyUpdatedAt]): the newest entry, then a range count.
 */
async function findCheckoutArrival(shop: string): Promise<CheckoutArrival> {
  const last = await prisma.checkout.findFirst({
    where: { shop },
    orderBy: { shopifyUpdatedAt: "desc" },
    select: { shopifyUpdatedAt: true },
  });
  if (!last) return { lastAt: null, countBeforeLast: 0 };
  const lastAt = last.shopifyUpdatedAt;
  const countBeforeLast = await prisma.checkout.count({
    where: {
      shop,
      shopifyUpdatedAt: { gte: new Date(lastAt.getTime() - CHECKOUT_RATE_WINDOW_MS), lte: lastAt },
    },
  });
  return { lastAt, countBeforeLast };
}

/** The shop's last step deferred for the provider's quota within the window: @@index([shop, type, at]). */
async function findProviderQuotaDeferral(shop: string, now: Date): Promise<Date | null> {
  const last = await prisma.recoveryEvent.findFirst({
    where: {
      shop,
      type: "DEFERRED",
      reason: "DEFERRED_PROVIDER_QUOTA",
      at: { gte: new Date(now.getTime() - PROVIDER_QUOTA_WINDOW_MS) },
    },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  return last?.at ?? null;
}

async function findLastEmailSentAt(shop: string): Promise<Date | null> {
  const last = await prisma.recoverySend.findFirst({
    where: { shop, sentAt: { not: null } },
    orderBy: { sentAt: "desc" },
    select: { sentAt: true },
  });
  return last?.sentAt ?? null;
}

/**
 * "Is Cartback working?" for one shop: the last checkout received, the last tick, the last email sent, the
 * last reconciliation, and the warnings those facts call for. A handful of indexed reads, run side by side
 * with the dashboard's reports. `reauth` comes from the shop row the dashboard already read.
 */
export async function getAliveStatus(
  shop: string,
  { now, reauth }: { now: Date; reauth: { requiredAt: Date; reason: string | null } | null },
): Promise<AliveStatus> {
  const [checkouts, tick, lastEmailAt, reconciliation, providerQuotaDeferredAt] = await Promise.all([
    findCheckoutArrival(shop),
    findJobHeartbeat(TICK_JOB),
    findLastEmailSentAt(shop),
    getReconciliationStatus(shop),
    findProviderQuotaDeferral(shop, now),
  ]);
  const tickFinishedAt = tick?.lastFinishedAt ?? null;
  return {
    checkedAt: now.toISOString(),
    lastCheckoutAt: iso(checkouts.lastAt),
    lastTickAt: iso(tickFinishedAt),
    lastEmailAt: iso(lastEmailAt),
    reconciliation: {
      lastFinishedAt: iso(reconciliation.lastFinishedAt),
      lastOutcome: reconciliation.lastOutcome,
      lastError: reconciliation.lastError,
      lastSeen: reconciliation.lastSeen,
      lastFound: reconciliation.lastFound,
      totalFound: reconciliation.totalFound,
      // A run clears or outdates the request when a run starts; until then the merchant's "Check now" is waiting.
      isCheckPending:
        reconciliation.requestedAt !== null &&
        (reconciliation.lastStartedAt === null || reconciliation.requestedAt > reconciliation.lastStartedAt),
    },
    warnings: listAliveWarnings(
      { checkouts, tickFinishedAt, reauth, reconciliation, providerQuotaDeferredAt, lastEmailAt },
      now,
    ),
  };
}
