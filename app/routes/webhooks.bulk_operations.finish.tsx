import type { ActionFunctionArgs } from "@remix-run/node";
import { recordBulkOperationFinish } from "~/domain/catalog";
import { handleWebhook } from "~/lib/webhook-pipeline.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, "bulk_operations/finish", recordBulkOperationFinish);
