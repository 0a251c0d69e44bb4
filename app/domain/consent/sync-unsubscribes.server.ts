import { prisma } from "~/db.server";
import { UpdateCustomerMarketingConsent } from "~/graphql/update-customer-marketing-consent";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { runOutbox, type OutboxAttempt } from "~/lib/durable-outbox.server";
import { logger } from "~/lib/logger.server";
import {
  isShopReauthRequired,
  OfflineAccessUnavailableError,
  REAUTH_RECHECK_MS,
  SKIPPED_REAUTH_REQUIRED,
} from "~/lib/shop-reauth-required";
import type { RetryDelays } from "~/lib/retry-delays";
import { SHOPIFY_SYNC } from "./unsubscribe.server";
import type { Deadline } from "~/lib/clock.server";

/** Waits between attempts at writing an unsubscribe to Shopify: eight attempts over a little more than a day. */
const UNSUBSCRIBE_SYNC_RETRY_DELAYS: RetryDelays = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  60 * 60_000,
  3 * 60 * 60_000,
  12 * 60 * 60_000,
  12 * 60 * 60_000,
];
const CLAIM_LEASE_MS = 5 * 60_000;

interface PendingSync {
  shop: string;
  emailHash: string;
  customerId: string | null;
  shopifySyncAttempts: number;
  shopifyNextSyncAt: Date | null;
  updatedAt: Date;
}

const keyOf = (row: PendingSync) => ({ shop_emailHash: { shop: row.shop, emailHash: row.emailHash } });

/**
 * The tick's write-back of unsubscribes to Shopify's customer consent (customerEmailMarketingConsentUpdate).
 * A pending row is claimed by moving its next attempt forward, so two ticks do not both call Shopify; a
 * failure that may pass is retried with growing waits, a refusal (or too many failures) is kept with its reason.
 */
export async function syncUnsubscribesToShopify({
  now,
  adminFor,
  deadline,
  limit = 50,
  retry,
}: {
  now: Date;
  adminFor(shop: string): Promise<AdminGraphql>;
  deadline: Deadline;
  limit?: number;
  retry?: RunOptions;
}): Promise<Record<string, number>> {
  return runOutbox<PendingSync>({
    now,
    deadline,
    limit,
    leaseMs: CLAIM_LEASE_MS,
    retryDelays: UNSUBSCRIBE_SYNC_RETRY_DELAYS,
    outcomes: { done: "SYNCED", retrying: "RETRYING", gaveUp: "FAILED" },
    findDue: (take) =>
      prisma.suppression.findMany({
        where: {
          shopifySync: SHOPIFY_SYNC.PENDING,
          OR: [{ shopifyNextSyncAt: null }, { shopifyNextSyncAt: { lte: now } }],
        },
        orderBy: { shopifyNextSyncAt: "asc" },
        take,
        select: {
          shop: true,
          emailHash: true,
          customerId: true,
          shopifySyncAttempts: true,
          shopifyNextSyncAt: true,
          updatedAt: true,
        },
      }),
    attemptsOf: (row) => row.shopifySyncAttempts,
    claim: async (row, { attempt, leaseUntil }) => {
      const { count } = await prisma.suppression.updateMany({
        where: {
          shop: row.shop,
          emailHash: row.emailHash,
          shopifySync: SHOPIFY_SYNC.PENDING,
          shopifyNextSyncAt: row.shopifyNextSyncAt,
        },
        data: { shopifyNextSyncAt: leaseUntil, shopifySyncAttempts: attempt },
      });
      return count === 1;
    },
    work: (row) => writeUnsubscribe(row, { now, adminFor, retry }),
    recordDone: async (row) => {
      await prisma.suppression.update({
        where: keyOf(row),
        data: { shopifySync: SHOPIFY_SYNC.DONE, shopifyNextSyncAt: null, shopifySyncError: null },
      });
    },
    recordRetry: async (row, { reason, retryAt }) => {
      await prisma.suppression.update({
        where: keyOf(row),
        data: { shopifyNextSyncAt: retryAt, shopifySyncError: reason.slice(0, 500) },
      });
    },
    recordGiveUp: async (row, { reason }) => {
      await prisma.suppression.update({
        where: keyOf(row),
        data: {
          shopifySync: SHOPIFY_SYNC.FAILED,
          shopifyNextSyncAt: null,
          shopifySyncError: reason.slice(0, 500),
        },
      });
    },
  });
}

async function writeUnsubscribe(
  row: PendingSync,
  { now, adminFor, retry }: { now: Date; adminFor(shop: string): Promise<AdminGraphql>; retry?: RunOptions },
): Promise<OutboxAttempt> {
  if (!row.customerId) return { kind: "SETTLED", outcome: "NO_CUSTOMER" };
  let graphql: AdminGraphql;
  try {
    graphql = await adminFor(row.shop);
  } catch (error) {
    if (isShopReauthRequired(error)) {
      // The opt-out must still reach Shopify: it stays pending, its attempt given back, until the merchant
      // re-authorises.
      await prisma.suppression.update({
        where: keyOf(row),
        data: {
          shopifySyncAttempts: row.shopifySyncAttempts,
          shopifyNextSyncAt: new Date(now.getTime() + REAUTH_RECHECK_MS),
          shopifySyncError: `waiting for the merchant to re-authorise: ${error.reason}`.slice(0, 500),
        },
      });
      return { kind: "SETTLED", outcome: SKIPPED_REAUTH_REQUIRED };
    }
    if (error instanceof OfflineAccessUnavailableError)
      return { kind: "FAILED", retryable: true, reason: error.message };
    // Without an offline session nothing can be written to Shopify: the row is closed with that reason.
    await prisma.suppression.update({
      where: keyOf(row),
      data: { shopifySync: SHOPIFY_SYNC.FAILED, shopifySyncError: "the app is not installed" },
    });
    return { kind: "SETTLED", outcome: "NO_SESSION" };
  }
  const result = await runAdminOperation(
    graphql,
    UpdateCustomerMarketingConsent,
    {
      input: {
        customerId: `gid://shopify/Customer/${row.customerId}`,
        emailMarketingConsent: {
          marketingState: "UNSUBSCRIBED",
          consentUpdatedAt: row.updatedAt.toISOString(),
        },
      },
    },
    { logger: logger.child({ shop: row.shop, unit: "consent-sync" }), ...retry },
  );
  if (!result.ok) return { kind: "FAILED", retryable: result.retryable, reason: result.reason };
  const userErrors = result.data.customerEmailMarketingConsentUpdate?.userErrors ?? [];
  if (userErrors.length > 0)
    return { kind: "FAILED", retryable: false, reason: userErrors.map((error) => error.message).join("; ") };
  return { kind: "DONE" };
}
