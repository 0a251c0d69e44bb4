import { findActiveShop } from "~/domain/shops";
import { AppError } from "~/lib/app-error";
import { currentTime } from "~/lib/clock.server";
import { createGroupCommit } from "~/lib/group-commit.server";
import { acknowledged, respond } from "~/lib/http.server";
import { logger } from "~/lib/logger.server";
import { describeZodError, type WebhookHandler, type WebhookOutcome } from "~/lib/webhook-handler";
import {
  parseJsonExact,
  receiveWebhook,
  verifyWebhook,
  type WebhookDelivery,
  type WebhookRequestParts,
} from "~/lib/webhooks.server";

/**
 * The path every stored webhook takes: verify (receiveWebhook), parse with the topic's zod schema (400 with
 * the reason), skip shops the app is not installed on, then record the delivery and apply its change in one
 * transaction. A redelivery of the same X-Shopify-Webhook-Id finds its row and changes nothing; a delivery
 * whose change failed left no row, so Shopify's retry applies it.
 */

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
