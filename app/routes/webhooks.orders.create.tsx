import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestOrder } from "~/domain/attribution";
import { handleWebhook } from "~/lib/webhook-pipeline.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, "orders/create", ingestOrder);
