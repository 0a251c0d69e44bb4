import { ingestProduct } from "~/domain/catalog";
import { webhookAction } from "~/lib/webhook-pipeline.server";

export const action = webhookAction("products/create", ingestProduct);
