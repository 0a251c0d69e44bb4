import crypto from "node:crypto";
import { env } from "./env.server";
import { AppError } from "./app-error";
import { assertDemoShopOnly } from "./demo-mode.server";
import { limitChunks } from "./body-limit";

/**
 * Verifies and reads a Shopify webhook delivery. Every webhook route starts here.
 *
 * This checks the HMAC itself instead of calling `authenticate.webhook`, because webhooks must stay fast and
 * exact: the library loads (and may refresh) the shop's session on every delivery, which is a database read
 * or an Admin API call a webhook must not make, and it parses the body with JSON.parse, which rounds the
 * ids above 2^53 that Shopify sends. Here the raw bytes are verified and parsed with ids kept exact.
 */

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

const SHOP_DOMAIN_PATTERN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export interface WebhookDelivery {
  shop: string;
  /** Lowercase slash form, as in shopify.app.toml: "checkouts/update". */
  topic: string;
  webhookId: string;
  apiVersion: string;
  /** When Shopify triggered the event (X-Shopify-Triggered-At), if it said. */
  triggeredAt: Date | null;
  eventId: string | null;
  rawBody: string;
}

function reject(
  code: "BAD_REQUEST" | "UNAUTHORIZED" | "METHOD_NOT_ALLOWED" | "PAYLOAD_TOO_LARGE",
  message: string,
): never {
  throw new AppError(code, message);
}

/** Reads at most `limit` bytes; a larger body is refused before it is buffered or parsed. */
export async function readBodyWithLimit(request: Request, limit: number): Promise<Buffer> {
  return readChunksWithLimit(chunksOf(request), request.headers.get("content-length"), limit);
}

/** Node's Fetch bodies are async iterables; the DOM typings do not say so. */
function chunksOf(request: Request): AsyncIterable<Uint8Array> | null {
  return request.body as unknown as AsyncIterable<Uint8Array> | null;
}

/**
 * readBodyWithLimit for any stream of chunks (a Fetch body, or node:http's request): a declared length over
 * the limit is refused before reading, and reading stops at the first chunk past it.
 */
export async function readChunksWithLimit(
  chunks: AsyncIterable<Uint8Array> | null,
  declaredLength: string | null,
  limit: number,
): Promise<Buffer> {
  const declared = Number(declaredLength);
  if (Number.isFinite(declared) && declared > limit)
    reject("PAYLOAD_TOO_LARGE", `body exceeds ${limit} bytes`);
  if (!chunks) return Buffer.alloc(0);
  const read: Uint8Array[] = [];
  // Leaving the loop early (over the limit) cancels a Fetch body; node:http's is left to the server.
  for await (const chunk of limitChunks(chunks, limit)) read.push(chunk);
  const only = read.length === 1 ? (read[0] as Uint8Array) : null;
  return only ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(read);
}

/** Base64 HMAC-SHA256 of the raw body with the app's secret, as Shopify computes it. */
export function computeWebhookHmac(body: Buffer | string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(body).digest("base64");
}

export function isValidWebhookHmac(body: Buffer, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(computeWebhookHmac(body, secret), "base64");
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** What verification needs from a request, whichever server API carried it (Fetch or node:http). */
export interface WebhookRequestParts {
  /** A header's value, or null; names are lowercase. */
  header(name: string): string | null;
  /** The body's chunks; verification reads at most MAX_WEBHOOK_BYTES of them (413 beyond). */
  body: AsyncIterable<Uint8Array> | null;
}

/**
 * Authenticates a delivery for `expectedTopic`. Throws an AppError (405, 413, 401 or 400) that the route turns
 * into a response; nothing has been read into the app's state at that point.
 */
export async function receiveWebhook(request: Request, expectedTopic: string): Promise<WebhookDelivery> {
  if (request.method !== "POST") reject("METHOD_NOT_ALLOWED", "webhooks are POST requests");
  return verifyWebhook(
    { header: (name) => request.headers.get(name), body: chunksOf(request) },
    expectedTopic,
  );
}

/**
 * receiveWebhook for a POST from any server API (the server's webhook fast path passes node:http's request):
 * reads the body within MAX_WEBHOOK_BYTES (413), checks the HMAC of the raw bytes (401), then the
 * X-Shopify-* headers and the topic (400).
 */
export async function verifyWebhook(
  { header, body: chunks }: WebhookRequestParts,
  expectedTopic: string,
): Promise<WebhookDelivery> {
  const body = await readChunksWithLimit(chunks, header("content-length"), MAX_WEBHOOK_BYTES);
  const classicHmac = header("x-shopify-hmac-sha256");
  const eventsHmac = classicHmac === null ? header("shopify-hmac-sha256") : null;
  if (!isValidWebhookHmac(body, classicHmac ?? eventsHmac, env.SHOPIFY_API_SECRET)) {
    reject("UNAUTHORIZED", "invalid webhook signature");
  }
  // Signed by Shopify, but an Events delivery (decision 0005): its body is subscription metadata and a query's
  // data, not the REST resource the topic's schema reads, and Cartback subscribes to no Events topic.
  if (eventsHmac !== null)
    reject(
      "BAD_REQUEST",
      "an Events delivery (Shopify-* headers): Cartback handles classic webhook subscriptions (X-Shopify-*) only",
    );
  const shop = header("x-shopify-shop-domain")?.trim().toLowerCase() ?? "";
  const topic = header("x-shopify-topic")?.trim().toLowerCase() ?? "";
  const webhookId = header("x-shopify-webhook-id")?.trim() ?? "";
  const apiVersion = header("x-shopify-api-version")?.trim() ?? "";
  if (!SHOP_DOMAIN_PATTERN.test(shop)) reject("BAD_REQUEST", "missing or invalid X-Shopify-Shop-Domain");
  assertDemoShopOnly(shop);
  if (!topic) reject("BAD_REQUEST", "missing X-Shopify-Topic");
  if (topic !== expectedTopic)
    reject("BAD_REQUEST", `topic ${topic} is not handled at this address (expects ${expectedTopic})`);
  if (!webhookId || webhookId.length > 255) reject("BAD_REQUEST", "missing or invalid X-Shopify-Webhook-Id");
  if (!apiVersion) reject("BAD_REQUEST", "missing X-Shopify-API-Version");
  const triggeredHeader = header("x-shopify-triggered-at");
  const triggeredAt = triggeredHeader ? new Date(triggeredHeader) : null;
  return {
    shop,
    topic,
    webhookId,
    apiVersion,
    triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null,
    eventId: header("x-shopify-event-id")?.trim() || null,
    rawBody: body.toString("utf8"),
  };
}

/**
 * JSON.parse that keeps integers beyond 2^53 as their exact digits (strings) instead of rounding them, and
 * replaces NUL characters in strings with U+FFFD: PostgreSQL's text cannot hold them (the insert would fail
 * with a 500 and the delivery be retried forever), and no real field needs one.
 * Throws an AppError (400) when the body is not JSON.
 */
export function parseJsonExact(text: string): unknown {
  try {
    return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
      if (typeof value === "string")
        return value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
      return typeof value === "number" &&
        !Number.isSafeInteger(value) &&
        /^-?\d+$/.test(context?.source ?? "")
        ? context?.source
        : value;
    });
  } catch {
    throw new AppError("BAD_REQUEST", "body is not valid JSON");
  }
}
