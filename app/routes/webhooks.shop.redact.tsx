import { redactShop } from "~/domain/privacy";
import { webhookAction } from "~/lib/webhook-pipeline.server";

export const action = webhookAction("shop/redact", redactShop);
