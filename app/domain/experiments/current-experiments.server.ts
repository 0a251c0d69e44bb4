import { CONTENT_VARIANTS, type ContentVariant } from "~/domain/messages";
import {
  DEFAULT_SEGMENT_ID,
  DEFAULT_SEGMENT_NAME,
  listSegments,
  strategyFromSettings,
  type SegmentStrategy,
} from "~/domain/segments";
import { experimentKeyOf, variantsOfStep } from "~/domain/sequences";
import { getShopSettings, type ShopSettings, type StepVariant } from "~/domain/shops";

/** One step's content experiment as the shop's strategies set it now. */
export interface CurrentExperiment {
  experimentKey: string;
  /** A Segment id, or "default" for "Everyone else". */
  segmentId: string;
  segmentName: string;
  /** 1-based. */
  step: number;
  variants: Array<{ variant: ContentVariant; content: StepVariant }>;
}

function experimentsOf(
  segmentId: string,
  segmentName: string,
  strategy: SegmentStrategy,
): CurrentExperiment[] {
  return strategy.steps.flatMap((step, index) => {
    const experimentKey = experimentKeyOf(segmentId, index + 1, step);
    if (!experimentKey) return [];
    return [
      {
        experimentKey,
        segmentId,
        segmentName,
        step: index + 1,
        variants: variantsOfStep(step).map((content, position) => ({
          variant: CONTENT_VARIANTS[position] as ContentVariant,
          content,
        })),
      },
    ];
  });
}

/**
 * The shop's current content experiments: each step with variants of each live segment's strategy, in the
 * segments' order, then "Everyone else" (the Settings page's strategy). An experiment whose variants were
 * edited is a new one (its key hashes the content), so the old one is no longer current.
 */
export async function listCurrentExperiments(
  shop: string,
  settings?: ShopSettings,
): Promise<CurrentExperiment[]> {
  const [segments, shopSettings] = await Promise.all([
    listSegments(shop),
    settings ? Promise.resolve(settings) : getShopSettings(shop),
  ]);
  return [
    ...segments.flatMap((segment) => experimentsOf(segment.id, segment.name, segment.strategy)),
    ...experimentsOf(DEFAULT_SEGMENT_ID, DEFAULT_SEGMENT_NAME, strategyFromSettings(shopSettings)),
  ];
}
