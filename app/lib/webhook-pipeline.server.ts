import type { z } from "zod";
import { prisma, type DbTransaction } from "~/db.server";
import { findActiveShop } from "~/domain/shops";
import { AppError } from "./app-error";
import { acknowledged, respond } from "./http.server";
import { logger, type Logger } from "./logger.server";
import {
  parseJsonExact,
  receiveWebhook,
  verifyWebhook,
  type WebhookDelivery,
  type WebhookRequestParts,
} from "./webhooks.server";
import { currentTime } from "./clock.server";
import { RESEND_DELIVERY_PREFIX, RESEND_EVENT_DEDUPE_WINDOW_MS } from "./resend-webhook.server";
import { createGroupCommit } from "./group-commit.server";

/**
 * The path every stored webhook takes: verify (receiveWebhook), parse with the topic's zod schema (400 with
 * the reason), skip shops the app is not installed on, then record the delivery and apply its change in one
 * transaction. A redelivery of the same X-Shopify-Webhook-Id finds its row and changes nothing; a delivery
 * whose change failed left no row, so Shopify's retry applies it.
 */

export interface WebhookContext<Payload> {
  shop: string;
  delivery: WebhookDelivery;
  payload: Payload;
  /** Every write of the handler goes through this transaction, never the global client. */
  tx: DbTransaction;
  now: Date;
  log: Logger;
}

export interface WebhookHandler<Payload> {
  schema: z.ZodType<Payload>;
  /**
   * Whether the shop must have a session. Compliance topics say no: shop/redact arrives 48 hours after the
   * uninstall, and customers/redact may too; they are honoured regardless.
   */
  requiresInstalledShop?: boolean;
  /** Applies the delivery; returns a named outcome for the log. */
  handle(context: WebhookContext<Payload>): Promise<string>;
}

export type WebhookOutcome = string | "DUPLICATE" | "IGNORED_NOT_INSTALLED";

/** "line_items.0.quantity: expected number, received string": the first problem, where it is. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid payload";
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}

export async function processWebhook<Payload>(
  request: Request,
  topic: string,
  handler: WebhookHandler<Payload>,
  options: { now?: Date } = {},
): Promise<{ outcome: WebhookOutcome; shop: string }> {
  const delivery = await receiveWebhook(request, topic);
  return processWebhookDelivery(delivery, handler, options);
}

/** processWebhook once the delivery is verified: parse, check the shop, record and apply it. */
export async function processWebhookDelivery<Payload>(
  delivery: WebhookDelivery,
  handler: WebhookHandler<Payload>,
  { now = currentTime() }: { now?: Date } = {},
): Promise<{ outcome: WebhookOutcome; shop: string }> {
  const { shop, webhookId, topic } = delivery;
  const log = logger.child({ shop, topic, webhookId });
  const parsed = handler.schema.safeParse(parseJsonExact(delivery.rawBody));
  if (!parsed.success) {
    const reason = describeZodError(parsed.error);
    log.warn({ reason }, "webhook payload rejected");
    throw new AppError("BAD_REQUEST", `not a valid ${topic} payload: ${reason}`);
  }
  if ((handler.requiresInstalledShop ?? true) && !(await findActiveShop(shop, { now }))) {
    log.info("webhook for a shop without a session; acknowledged and ignored");
    return { outcome: "IGNORED_NOT_INSTALLED", shop };
  }
  const outcome = await commitInGroup(async (tx) => {
    // A conditional insert, not a read-then-write: two copies of one delivery racing cannot both pass.
    const recorded = await tx.$executeRaw`
      INSERT INTO "WebhookDelivery" ("shop", "webhookId", "topic", "receivedAt")
      VALUES (${shop}, ${webhookId}, ${topic}, ${now})
      ON CONFLICT ("shop", "webhookId") DO NOTHING`;
    if (recorded === 0) return "DUPLICATE";
    return handler.handle({ shop, delivery, payload: parsed.data, tx, now, log });
  });
  log.debug({ outcome }, "webhook processed");
  return { outcome, shop };
}

/**
 * Deliveries that arrive while a group is being written wait and are applied together in the next one
 * (app/lib/group-commit.server.ts: a failure stays with its own delivery). Groups pause every 5 ms: without it,
 * under a burst of new connections, the server accepted about one connection per group written (50-80 ms
 * each), and the first deliveries of a 20,000-delivery burst waited up to 6 s before they were even read. One
 * group at a time on PostgreSQL too: with concurrent groups a 20,000-delivery burst took 23 s with its slowest
 * answer at 4.2 s (deadlocks), against 12 s and 0.6 s.
 */
const commitInGroup = createGroupCommit({ maxGroup: 100, sliceMs: 5 });

/** A webhook route's whole body: process the delivery and acknowledge it, or answer with the 4xx reason. */
export function handleWebhook<Payload>(
  request: Request,
  topic: string,
  handler: WebhookHandler<Payload>,
): Promise<Response> {
  return respond(async () => {
    await processWebhook(request, topic, handler);
    return acknowledged();
  });
}

/**
 * A webhook route's action, which also answers a request the server has already read. Each webhook route
 * exports one (`export const action = webhookAction(topic, handler)`); server/index.ts answers POSTs to those
 * routes' paths with its `answer`, skipping Remix's request conversion and routing. The routes stay the one
 * place that says which URL handles which topic, and both ways run the same code.
 */
export interface WebhookAction {
  (args: { request: Request }): Promise<Response>;
  topic: string;
  /** The Response the action gives a POST, from the request's headers and body chunks. */
  answer(parts: WebhookRequestParts): Promise<Response>;
}

export function webhookAction<Payload>(topic: string, handler: WebhookHandler<Payload>): WebhookAction {
  const action = ({ request }: { request: Request }) => handleWebhook(request, topic, handler);
  return Object.assign(action, {
    topic,
    answer: (parts: WebhookRequestParts) =>
      respond(async () => {
        await processWebhookDelivery(await verifyWebhook(parts, topic), handler);
        return acknowledged();
      }),
  });
}

/** Delivery records older than this are pruned; Shopify stops retrying after 4 hours. */
export const WEBHOOK_DEDUPE_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

/** Prunes Shopify's delivery records after WEBHOOK_DEDUPE_WINDOW_MS, Resend's after its own longer window. */
export async function pruneWebhookDeliveries(now: Date): Promise<number> {
  const before = (windowMs: number) => new Date(now.getTime() - windowMs);
  const { count } = await prisma.webhookDelivery.deleteMany({
    where: {
      OR: [
        {
          receivedAt: { lt: before(WEBHOOK_DEDUPE_WINDOW_MS) },
          NOT: { webhookId: { startsWith: RESEND_DELIVERY_PREFIX } },
        },
        {
          receivedAt: { lt: before(RESEND_EVENT_DEDUPE_WINDOW_MS) },
          webhookId: { startsWith: RESEND_DELIVERY_PREFIX },
        },
      ],
    },
  });
  return count;
}
