import type { ActionFunctionArgs } from "@remix-run/node";
import { markShopUninstalled } from "~/domain/shops";
import { acknowledged, respond } from "~/lib/http.server";
import { logger } from "~/lib/logger.server";
import { receiveWebhook } from "~/lib/webhooks.server";
import { currentTime } from "~/lib/clock.server";

// Shopify may deliver this more than once, and after the shop reinstalled; markShopUninstalled handles both.
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    const webhook = await receiveWebhook(request, "app/uninstalled");
    const outcome = await markShopUninstalled(webhook.shop, {
      now: currentTime(),
      triggeredAt: webhook.triggeredAt,
    });
    logger.info({ shop: webhook.shop, webhookId: webhook.webhookId, outcome }, "app uninstalled");
    return acknowledged();
  });
