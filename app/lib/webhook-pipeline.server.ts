import type { z } from "zod";
import { prisma, type DbTransaction } from "~/db.server";
import { findActiveShop } from "~/domain/shops";
import { AppError } from "./app-error";
import { acknowledged, respond } from "./http.server";
import { logger, type Logger } from "./logger.server";
import { parseJsonExact, receiveWebhook, type WebhookDelivery } from "./webhooks.server";
import { currentTime } from "./clock.server";

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
  { now = currentTime() }: { now?: Date } = {},
): Promise<{ outcome: WebhookOutcome; shop: string }> {
  const delivery = await receiveWebhook(request, topic);
  const { shop, webhookId } = delivery;
  const log = logger.child({ shop, topic, webhookId });
  const parsed = handler.schema.safeParse(parseJsonExact(delivery.rawBody));
  if (!parsed.success) {
    const reason = describeZodError(parsed.error);
    log.warn({ reason }, "webhook payload rejected");
    throw new AppError("BAD_REQUEST", `not a valid ${topic} payload: ${reason}`);
  }
  if ((handler.requiresInstalledShop ?? true) && !(await findActiveShop(shop))) {
    log.info("webhook for a shop without a session; acknowledged and ignored");
    return { outcome: "IGNORED_NOT_INSTALLED", shop };
  }
  const outcome = await prisma.$transaction(async (tx) => {
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

/** Delivery records older than this are pruned; Shopify stops retrying after 4 hours. */
export const WEBHOOK_DEDUPE_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

export async function pruneWebhookDeliveries(now: Date): Promise<number> {
  const { count } = await prisma.webhookDelivery.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - WEBHOOK_DEDUPE_WINDOW_MS) } },
  });
  return count;
}
