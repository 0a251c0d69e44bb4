import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestCheckout } from "~/domain/checkouts";
import { handleWebhook } from "~/lib/webhook-pipeline.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, "checkouts/create", ingestCheckout);
