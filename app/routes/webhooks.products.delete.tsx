import type { ActionFunctionArgs } from "@remix-run/node";
import { deleteProduct } from "~/domain/catalog";
import { handleWebhook } from "~/lib/webhook-pipeline.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, "products/delete", deleteProduct);
