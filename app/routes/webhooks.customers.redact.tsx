import type { ActionFunctionArgs } from "@remix-run/node";
import { redactCustomer } from "~/domain/privacy";
import { handleWebhook } from "~/lib/webhook-pipeline.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, "customers/redact", redactCustomer);
