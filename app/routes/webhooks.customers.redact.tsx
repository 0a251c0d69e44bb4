import { redactCustomer } from "~/domain/privacy";
import { webhookAction } from "~/lib/webhook-pipeline.server";

export const action = webhookAction("customers/redact", redactCustomer);
