import { Webhook } from "svix";
import { AppError } from "./app-error";
import { env } from "./env.server";
import { readBodyWithLimit } from "./webhooks.server";

const MAX_BYTES = 256 * 1024;

/** A Resend event is recorded once in WebhookDelivery, as `resend:<svix-id>`, beside Shopify's deliveries. */
export const RESEND_DELIVERY_PREFIX = "resend:";

/**
 * How long a Resend event's record is kept so that a redelivery changes nothing. Resend (Svix) retries a
 * failed delivery immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, so the last retry comes
 * 27 h 35 min after the first attempt (https://resend.com/docs/webhooks/retries-and-replays); an endpoint is
 * disabled only once its deliveries have failed for 5 days (https://docs.svix.com/retries), and its failed
 * messages, some of which may have been applied with the answer lost, are then replayed under the same
 * svix-id. A week covers both, with two days to notice the disabled endpoint.
 */
export const RESEND_EVENT_DEDUPE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Resend signs its webhooks with Svix: `svix-id`, `svix-timestamp` and `svix-signature` over the raw body with
 * RESEND_WEBHOOK_SECRET. The library also refuses timestamps more than five minutes off (replays).
 */
export async function receiveResendWebhook(request: Request): Promise<{ svixId: string; body: string }> {
  if (request.method !== "POST") throw new AppError("METHOD_NOT_ALLOWED", "webhooks are POST requests");
  if (!env.RESEND_WEBHOOK_SECRET) throw new AppError("NOT_CONFIGURED", "RESEND_WEBHOOK_SECRET is not set");
  const body = (await readBodyWithLimit(request, MAX_BYTES)).toString("utf8");
  const headers = {
    "svix-id": request.headers.get("svix-id") ?? "",
    "svix-timestamp": request.headers.get("svix-timestamp") ?? "",
    "svix-signature": request.headers.get("svix-signature") ?? "",
  };
  try {
    new Webhook(env.RESEND_WEBHOOK_SECRET).verify(body, headers);
  } catch {
    throw new AppError("UNAUTHORIZED", "invalid webhook signature");
  }
  return { svixId: headers["svix-id"], body };
}
