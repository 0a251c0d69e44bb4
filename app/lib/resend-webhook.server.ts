import { Webhook } from "svix";
import { AppError } from "./app-error";
import { env } from "./env.server";
import { readBodyWithLimit } from "./webhooks.server";

const MAX_BYTES = 256 * 1024;

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
