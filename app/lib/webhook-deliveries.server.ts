import { prisma } from "~/db.server";
import { RESEND_DELIVERY_PREFIX, RESEND_EVENT_DEDUPE_WINDOW_MS } from "./resend-webhook.server";

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
