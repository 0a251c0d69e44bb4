import type { ActionFunctionArgs } from "@remix-run/node";
import { recordMarketingConsent } from "~/domain/consent";
import { handleWebhook } from "~/lib/webhook-pipeline.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, "customers_email_marketing_consent/update", recordMarketingConsent);
