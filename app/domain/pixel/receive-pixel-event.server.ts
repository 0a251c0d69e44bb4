import { findActiveShop } from "~/domain/shops";
import { AppError } from "~/lib/app-error";
import { logger } from "~/lib/logger.server";
import { createRateLimiter, enforceRateLimit } from "~/lib/rate-limit.server";
import { describeZodError } from "~/lib/webhook-handler";
import { parseJsonExact, readBodyWithLimit } from "~/lib/webhooks.server";
import { isPixelAccountKey } from "./pixel-account-key.server";
import { MAX_PIXEL_EVENT_BYTES, PixelEventSchema } from "./pixel-event-schema";
import { recordPixelEvent, type PixelOutcome } from "./record-pixel-event.server";

/** A shopper's browser sends a handful of events per checkout; these leave room for a busy shared IP (NAT). */
export const PIXEL_LIMITS = { perIpPerMinute: 120, perShopPerMinute: 6_000 } as const;
const perIp = createRateLimiter({ limit: PIXEL_LIMITS.perIpPerMinute, windowMs: 60_000 });
const perShop = createRateLimiter({ limit: PIXEL_LIMITS.perShopPerMinute, windowMs: 60_000 });

const ACCEPTED_TYPES = ["text/plain", "application/json"];

/**
 * Checks a pixel request from the cheapest check to the dearest, so junk costs the least: the source's rate,
 * the content type, the size (refused before it is read), JSON, the schema, the shop's rate, an installed
 * shop, the key of that shop's pixel. Throws an AppError (4xx with the reason) at the first failure; then
 * applies the event (recordPixelEvent) and returns what it did.
 */
export async function receivePixelEvent(
  request: Request,
  { clientIp, now }: { clientIp: string; now: Date },
): Promise<PixelOutcome> {
  await enforceRateLimit(perIp, clientIp, "too many pixel events from this address", now);
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!ACCEPTED_TYPES.includes(type))
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      "pixel events are JSON, sent as text/plain or application/json",
    );
  const body = await readBodyWithLimit(request, MAX_PIXEL_EVENT_BYTES);
  const parsed = PixelEventSchema.safeParse(parseJsonExact(body.toString("utf8")));
  if (!parsed.success)
    throw new AppError("BAD_REQUEST", `not a pixel event: ${describeZodError(parsed.error)}`);
  const event = parsed.data;
  await enforceRateLimit(perShop, event.shop, "too many pixel events for this shop", now);
  if (!(await findActiveShop(event.shop, { now })))
    throw new AppError("NOT_FOUND", "Cartback is not installed on this shop");
  if (!isPixelAccountKey(event.shop, event.accountKey))
    throw new AppError("UNAUTHORIZED", "the account key is not this shop's pixel's");
  const outcome = await recordPixelEvent(event.shop, event, { now });
  logger.debug({ shop: event.shop, unit: "pixel", event: event.name, outcome }, "pixel event");
  return outcome;
}
