import { deleteCheckout } from "~/domain/checkouts";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("checkouts/delete", deleteCheckout);
