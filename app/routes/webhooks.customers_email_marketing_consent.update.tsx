import { recordMarketingConsent } from "~/domain/consent";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("customers_email_marketing_consent/update", recordMarketingConsent);
