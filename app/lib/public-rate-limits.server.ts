import { createRateLimiter, enforceRateLimit } from "./rate-limit.server";

/**
 * Limits of the public links in emails, per minute. Per address: a shopper clicks a few times, a mail
 * provider's link scanner some more, a flood is refused (429) before any lookup. Per shop: recorded clicks and
 * unsubscribes are writes; past the shop's limit a click still takes the shopper to their cart but is not
 * recorded, and an unsubscribe is refused with a retry time (mail clients retry one-click requests).
 */
export const PUBLIC_LINK_LIMITS = {
  clicksPerIp: 240,
  recordedClicksPerShop: 6_000,
  unsubscribesPerIp: 30,
  unsubscribesPerShop: 1_000,
} as const;

const MINUTE = 60_000;
const clicksByIp = createRateLimiter({ limit: PUBLIC_LINK_LIMITS.clicksPerIp, windowMs: MINUTE });
const recordedClicksByShop = createRateLimiter({
  limit: PUBLIC_LINK_LIMITS.recordedClicksPerShop,
  windowMs: MINUTE,
});
const unsubscribesByIp = createRateLimiter({ limit: PUBLIC_LINK_LIMITS.unsubscribesPerIp, windowMs: MINUTE });
const unsubscribesByShop = createRateLimiter({
  limit: PUBLIC_LINK_LIMITS.unsubscribesPerShop,
  windowMs: MINUTE,
});

export function limitClicksFrom(ip: string, now: Date) {
  enforceRateLimit(clicksByIp, ip, "too many link clicks from this address", now);
}

/** Whether this shop's click may be recorded now (the redirect happens either way). */
export function mayRecordClick(shop: string, now: Date): boolean {
  return recordedClicksByShop.hit(shop, now.getTime()).allowed;
}

export function limitUnsubscribesFrom(ip: string, now: Date) {
  enforceRateLimit(unsubscribesByIp, ip, "too many unsubscribe requests from this address", now);
}

export function limitUnsubscribesFor(shop: string, now: Date) {
  enforceRateLimit(
    unsubscribesByShop,
    shop,
    "too many unsubscribe requests for this shop; try again shortly",
    now,
  );
}
