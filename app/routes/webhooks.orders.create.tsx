import { ingestOrder } from "~/domain/attribution";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("orders/create", ingestOrder);
