import { prisma } from "~/db.server";
import { UpdateCustomerMarketingConsent } from "~/graphql/update-customer-marketing-consent";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { logger } from "~/lib/logger.server";
import { SHOPIFY_SYNC } from "./unsubscribe.server";
import type { Deadline } from "~/lib/clock.server";

const MAX_ATTEMPTS = 8;
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 60 * 60_000, 12 * 60 * 60_000];

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
  const counts: Record<string, number> = {};
  const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  const due = await prisma.suppression.findMany({
    where: {
      shopifySync: SHOPIFY_SYNC.PENDING,
      OR: [{ shopifyNextSyncAt: null }, { shopifyNextSyncAt: { lte: now } }],
    },
    orderBy: { shopifyNextSyncAt: "asc" },
    take: limit,
    select: {
      shop: true,
      emailHash: true,
      customerId: true,
      shopifySyncAttempts: true,
      shopifyNextSyncAt: true,
      updatedAt: true,
    },
  });
  for (const row of due) {
    if (deadline.isPast()) break;
    const key = { shop_emailHash: { shop: row.shop, emailHash: row.emailHash } };
    const attempts = row.shopifySyncAttempts + 1;
    const lease = new Date(now.getTime() + 5 * 60_000);
    const claimed = await prisma.suppression.updateMany({
      where: {
        shop: row.shop,
        emailHash: row.emailHash,
        shopifySync: SHOPIFY_SYNC.PENDING,
        shopifyNextSyncAt: row.shopifyNextSyncAt,
      },
      data: { shopifyNextSyncAt: lease, shopifySyncAttempts: attempts },
    });
    if (claimed.count === 0 || !row.customerId) {
      count(claimed.count === 0 ? "CLAIMED_ELSEWHERE" : "NO_CUSTOMER");
      continue;
    }
    let graphql: AdminGraphql;
    try {
      graphql = await adminFor(row.shop);
    } catch {
      count("NO_SESSION");
      await prisma.suppression.update({
        where: key,
        data: { shopifySync: SHOPIFY_SYNC.FAILED, shopifySyncError: "the app is not installed" },
      });
      continue;
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
    const userErrors = result.ok ? (result.data.customerEmailMarketingConsentUpdate?.userErrors ?? []) : [];
    if (result.ok && userErrors.length === 0) {
      await prisma.suppression.update({
        where: key,
        data: { shopifySync: SHOPIFY_SYNC.DONE, shopifyNextSyncAt: null, shopifySyncError: null },
      });
      count("SYNCED");
    } else if (result.ok || !result.retryable || attempts >= MAX_ATTEMPTS) {
      const reason = result.ok ? userErrors.map((error) => error.message).join("; ") : result.reason;
      await prisma.suppression.update({
        where: key,
        data: {
          shopifySync: SHOPIFY_SYNC.FAILED,
          shopifyNextSyncAt: null,
          shopifySyncError: reason.slice(0, 500),
        },
      });
      count("FAILED");
    } else {
      const wait = RETRY_DELAYS_MS[Math.min(attempts - 1, RETRY_DELAYS_MS.length - 1)] as number;
      await prisma.suppression.update({
        where: key,
        data: {
          shopifyNextSyncAt: new Date(now.getTime() + wait),
          shopifySyncError: result.reason.slice(0, 500),
        },
      });
      count("RETRYING");
    }
  }
  return counts;
}
