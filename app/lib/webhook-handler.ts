import type { z } from "zod";
import type { DbTransaction } from "~/db.server";
import type { Logger } from "./logger.server";
import type { WebhookDelivery } from "./webhooks.server";

/**
 * What a topic's handler is given and gives back. The domain writes handlers; the ingestion pipeline
 * (app/ingestion/webhook-pipeline.server.ts) verifies, parses, deduplicates and calls them.
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
