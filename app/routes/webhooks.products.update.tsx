import { ingestProduct } from "~/domain/catalog";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("products/update", ingestProduct);
