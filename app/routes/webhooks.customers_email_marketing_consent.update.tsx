import { recordMarketingConsent } from "~/domain/consent";
import { webhookAction } from "~/lib/webhook-pipeline.server";

export const action = webhookAction("customers_email_marketing_consent/update", recordMarketingConsent);
