import { recordBulkOperationFinish } from "~/domain/catalog";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("bulk_operations/finish", recordBulkOperationFinish);
