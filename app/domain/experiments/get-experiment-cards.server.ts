import type { Period } from "~/domain/analytics";
import { getContentExperiments, type ContentExperiments } from "./get-content-experiments.server";
import { getSendTimeFigures, type SendTimeFigures } from "./get-send-time-figures.server";

/** What the app home shows of experiments: the current content experiments, and send time over the period. */
export interface ExperimentCards {
  content: ContentExperiments;
  sendTime: SendTimeFigures;
}

export async function getExperimentCards(
  shop: string,
  { period }: { period: Period },
): Promise<ExperimentCards> {
  const [content, sendTime] = await Promise.all([
    getContentExperiments(shop),
    getSendTimeFigures(shop, period),
  ]);
  return { content, sendTime };
}
