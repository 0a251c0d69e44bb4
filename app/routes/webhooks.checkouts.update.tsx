import { ingestCheckout } from "~/domain/checkouts";
import { webhookAction } from "~/lib/webhook-pipeline.server";

export const action = webhookAction("checkouts/update", ingestCheckout);
