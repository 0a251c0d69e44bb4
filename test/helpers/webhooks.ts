import crypto from "node:crypto";
import { computeWebhookHmac } from "~/lib/webhooks.server";

export const TEST_APP_URL = "https://my-test-app.myshopify.io";
export const TEST_API_SECRET = "testApiSecretKey";

export interface WebhookRequestOptions {
  topic: string;
  shop: string;
  /** An object is serialised with JSON.stringify; a string is sent as is (for hostile or exact bodies). */
  body: unknown;
  webhookId?: string;
  triggeredAt?: Date;
  apiVersion?: string;
  /** Sign with another secret to forge a delivery. */
  secret?: string;
  /** Override the path; defaults to /webhooks/<topic>. */
  path?: string;
  headers?: Record<string, string>;
}

/** A delivery exactly as Shopify sends it: raw body, HMAC of that body, and every X-Shopify-* header. */
export function signedWebhookRequest(options: WebhookRequestOptions): Request {
  const body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-API-Version": options.apiVersion ?? "2026-10",
    "X-Shopify-Webhook-Id": options.webhookId ?? crypto.randomUUID(),
    "X-Shopify-Triggered-At": (options.triggeredAt ?? new Date()).toISOString(),
    "X-Shopify-Event-Id": crypto.randomUUID(),
    "X-Shopify-Hmac-Sha256": computeWebhookHmac(body, options.secret ?? TEST_API_SECRET),
    ...options.headers,
  };
  return new Request(`${TEST_APP_URL}${options.path ?? `/webhooks/${options.topic}`}`, {
    method: "POST",
    body,
    headers,
  });
}
