import { deleteProduct } from "~/domain/catalog";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("products/delete", deleteProduct);
