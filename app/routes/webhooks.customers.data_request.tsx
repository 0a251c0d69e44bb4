import { answerDataRequest } from "~/domain/privacy";
import { webhookAction } from "~/ingestion";

export const action = webhookAction("customers/data_request", answerDataRequest);
