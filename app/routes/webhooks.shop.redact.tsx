import { redactShop } from "~/domain/privacy";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("shop/redact", redactShop);
