import { ingestOrder } from "~/domain/attribution";
import { webhookAction } from "~/lib/webhook-pipeline.server";

export const action = webhookAction("orders/create", ingestOrder);
