import { recordBulkOperationFinish } from "~/domain/catalog";
import { webhookAction } from "~/lib/webhook-pipeline.server";

export const action = webhookAction("bulk_operations/finish", recordBulkOperationFinish);
