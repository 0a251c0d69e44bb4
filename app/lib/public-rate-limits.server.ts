import { createRateLimiter, enforceRateLimit, type SharedCounts } from "./rate-limit.server";
import { findRedis } from "./redis.server";

/**
 * Limits of the public links in emails, per minute. Per address: a shopper clicks a few times, a mail
 * provider's link scanner some more, a flood is refused (429) before any lookup. Per shop: recorded clicks and
 * unsubscribes are writes; past the shop's limit a click still takes the shopper to their cart but is not
 * recorded, and an unsubscribe is refused with a retry time (mail clients retry one-click requests).
 *
 * With REDIS_URL the counts are shared by every instance, so these are the deployment's limits. When Redis
 * fails, each instance counts on its own again (rate-limit.server.ts): a click still redirects, and an
 * unsubscribe is still recorded, refused only past this instance's own limit as without Redis, never because
 * Redis is down.
 */
export const PUBLIC_LINK_LIMITS = {
  clicksPerIp: 240,
  recordedClicksPerShop: 6_000,
  unsubscribesPerIp: 30,
  unsubscribesPerShop: 1_000,
} as const;

const MINUTE = 60_000;
const redis = findRedis();
const sharedAs = (name: string): SharedCounts | undefined =>
  redis ? { redis, keyPrefix: `cartback:rate:${name}` } : undefined;

const clicksByIp = createRateLimiter({
  limit: PUBLIC_LINK_LIMITS.clicksPerIp,
  windowMs: MINUTE,
  shared: sharedAs("clicks-by-ip"),
});
const recordedClicksByShop = createRateLimiter({
  limit: PUBLIC_LINK_LIMITS.recordedClicksPerShop,
  windowMs: MINUTE,
  shared: sharedAs("recorded-clicks-by-shop"),
});
const unsubscribesByIp = createRateLimiter({
  limit: PUBLIC_LINK_LIMITS.unsubscribesPerIp,
  windowMs: MINUTE,
  shared: sharedAs("unsubscribes-by-ip"),
});
const unsubscribesByShop = createRateLimiter({
  limit: PUBLIC_LINK_LIMITS.unsubscribesPerShop,
  windowMs: MINUTE,
  shared: sharedAs("unsubscribes-by-shop"),
});

export async function limitClicksFrom(ip: string, now: Date) {
  await enforceRateLimit(clicksByIp, ip, "too many link clicks from this address", now);
}

/** Whether this shop's click may be recorded now (the redirect happens either way). */
export async function mayRecordClick(shop: string, now: Date): Promise<boolean> {
  return (await recordedClicksByShop.hit(shop, now.getTime())).allowed;
}

export async function limitUnsubscribesFrom(ip: string, now: Date) {
  await enforceRateLimit(unsubscribesByIp, ip, "too many unsubscribe requests from this address", now);
}

export async function limitUnsubscribesFor(shop: string, now: Date) {
  await enforceRateLimit(
    unsubscribesByShop,
    shop,
    "too many unsubscribe requests for this shop; try again shortly",
    now,
  );
}
