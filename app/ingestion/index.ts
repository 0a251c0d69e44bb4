// Ingestion sits above the domain: it verifies and deduplicates Shopify's webhooks, checks the shop, and hands
// each delivery to the handler a domain folder wrote (app/lib/webhook-handler.ts).
export {
  processWebhook,
  processWebhookDelivery,
  handleWebhook,
  webhookAction,
} from "./webhook-pipeline.server";
export type { WebhookAction } from "./webhook-pipeline.server";
