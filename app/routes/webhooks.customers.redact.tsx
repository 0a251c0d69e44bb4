import { redactCustomer } from "~/domain/privacy";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("customers/redact", redactCustomer);
