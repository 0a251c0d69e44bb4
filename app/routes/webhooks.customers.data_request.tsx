import type { ActionFunctionArgs } from "@remix-run/node";
import { answerDataRequest } from "~/domain/privacy";
import { handleWebhook } from "~/lib/webhook-pipeline.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, "customers/data_request", answerDataRequest);
