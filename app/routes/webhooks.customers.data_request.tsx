import { answerDataRequest } from "~/domain/privacy";
import { webhookAction } from "~/lib/webhook-pipeline.server";

export const action = webhookAction("customers/data_request", answerDataRequest);
