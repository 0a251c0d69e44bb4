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
  if ((handler.requiresInstalledShop ?? true) && !(await findActiveShop(shop))) {
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
 * Group commit. Deliveries that arrive while a transaction is being written wait and are then applied
 * together, in arrival order, in the next transaction: one BEGIN/COMMIT (and on PostgreSQL one WAL flush)
 * for the group instead of one per delivery. Nothing is acknowledged before its group has committed. When
 * any delivery of a group fails, or the commit does, the whole group rolls back and each delivery is applied
 * again alone in its own transaction, so a failure stays with its own delivery: the others are stored and
 * acknowledged, the failed one answers its error (and Shopify retries it).
 */
type DeliveryWork = (tx: DbTransaction) => Promise<WebhookOutcome>;
interface QueuedDelivery {
  work: DeliveryWork;
  resolve(outcome: WebhookOutcome): void;
  reject(error: unknown): void;
}

/**
 * How long a group works before it lets the event loop run. Without it, under a burst of new connections,
 * the server accepted about one connection per group written (50-80 ms each), and the first deliveries of a
 * 20,000-delivery burst waited up to 6 s before they were even read.
 */
const GROUP_SLICE_MS = 5;
/** Bounds how long one group holds the database (SQLite has one writer). */
const MAX_GROUP_SIZE = 100;
/**
 * One group at a time, on both databases. SQLite's writes share one connection anyway. On PostgreSQL,
 * concurrent groups updating the same checkouts in different orders deadlocked (each then waited a second for
 * PostgreSQL to notice and was applied again delivery by delivery): a 20,000-delivery burst took 23 s with its
 * slowest answer at 4.2 s, against 12 s and 0.6 s with one group in flight.
 */
let groupInFlight = false;
const waitingDeliveries: QueuedDelivery[] = [];

function commitInGroup(work: DeliveryWork): Promise<WebhookOutcome> {
  return new Promise((resolve, reject) => {
    waitingDeliveries.push({ work, resolve, reject });
    if (!groupInFlight) {
      groupInFlight = true;
      // After the deliveries read in this turn of the event loop have reached this point too, so that a
      // burst forms groups even when the database is idle.
      setImmediate(commitWaitingDeliveries);
    }
  });
}

async function commitWaitingDeliveries() {
  try {
    while (waitingDeliveries.length > 0) {
      await commitGroup(waitingDeliveries.splice(0, MAX_GROUP_SIZE));
    }
  } finally {
    groupInFlight = false;
  }
}

async function commitGroup(group: QueuedDelivery[]) {
  if (group.length > 1) {
    let outcomes: WebhookOutcome[] | undefined;
    try {
      outcomes = await prisma.$transaction(async (tx) => {
        const results: WebhookOutcome[] = [];
        let sliceStarted = performance.now();
        for (const delivery of group) {
          results.push(await delivery.work(tx));
          // A group's statements run synchronously on better-sqlite3; without a pause the server would
          // neither accept connections nor read requests until the whole group is written.
          if (performance.now() - sliceStarted > GROUP_SLICE_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            sliceStarted = performance.now();
          }
        }
        return results;
      });
    } catch {
      // Rolled back as a whole: applied one by one below, where each failure is its own delivery's.
    }
    if (outcomes) {
      group.forEach((delivery, index) => delivery.resolve(outcomes[index] as WebhookOutcome));
      return;
    }
  }
  for (const delivery of group) {
    try {
      delivery.resolve(await prisma.$transaction((tx) => delivery.work(tx)));
    } catch (error) {
      delivery.reject(error);
    }
  }
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

export async function pruneWebhookDeliveries(now: Date): Promise<number> {
  const { count } = await prisma.webhookDelivery.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - WEBHOOK_DEDUPE_WINDOW_MS) } },
  });
  return count;
}
