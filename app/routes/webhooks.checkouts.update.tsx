import { ingestCheckout } from "~/domain/checkouts";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("checkouts/update", ingestCheckout);
