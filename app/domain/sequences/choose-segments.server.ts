import type { AdminGraphql } from "~/lib/admin-graphql.server";
import {
  DEFAULT_SEGMENT_ID,
  DEFAULT_SEGMENT_NAME,
  describeCondition,
  ensureCurrentVersion,
  factNeeds,
  loadShopperFacts,
  matchSegment,
  strategyFromSettings,
  type CheckoutForSegments,
  type SequenceVersion,
  type StoredSegment,
} from "~/domain/segments";
import type { ShopContext } from "./shop-context.server";

/** Which segment caught a checkout, why, and the sequence version it starts on. */
export interface SegmentChoice {
  segmentId: string;
  name: string;
  version: SequenceVersion;
  /** The conditions that held, in the merchant's words (the timeline's "why"). */
  held: string[];
}

/** Each segment's strategy; the catch-all's is the shop's settings. */
function strategyOf(context: ShopContext, segments: readonly StoredSegment[], segmentId: string) {
  const segment = segments.find((candidate) => candidate.id === segmentId);
  return segment ? segment.strategy : strategyFromSettings(context.settings);
}

/**
 * The segment of each checkout about to start a sequence: its facts are read once for the batch (only the
 * groups the shop's conditions use), every segment is judged from them, and the first that matches wins, else
 * "Everyone else". Each chosen segment's current version is settled once per batch.
 */
export async function chooseSegments(
  context: ShopContext,
  segments: readonly StoredSegment[],
  checkouts: readonly CheckoutForSegments[],
  { now, adminFor }: { now: Date; adminFor?: (shop: string) => Promise<AdminGraphql> },
): Promise<Map<string, SegmentChoice>> {
  const fallback = { id: DEFAULT_SEGMENT_ID, name: DEFAULT_SEGMENT_NAME };
  const facts =
    segments.length > 0 && checkouts.length > 0
      ? await loadShopperFacts(context, [...checkouts], factNeeds(segments), { now, adminFor })
      : new Map();
  const versions = new Map<string, Promise<SequenceVersion>>();
  const versionOf = (segmentId: string) => {
    let version = versions.get(segmentId);
    if (!version) {
      version = ensureCurrentVersion(context.shop, segmentId, strategyOf(context, segments, segmentId), {
        now,
      });
      versions.set(segmentId, version);
    }
    return version;
  };
  const choices = new Map<string, SegmentChoice>();
  for (const checkout of checkouts) {
    const shopper = facts.get(checkout.id);
    const match = shopper
      ? matchSegment(segments, shopper, now, fallback)
      : { segmentId: fallback.id, name: fallback.name, held: [] };
    choices.set(checkout.id, {
      segmentId: match.segmentId,
      name: match.name,
      version: await versionOf(match.segmentId),
      held: match.held.map((condition) => describeCondition(condition, context.currency)),
    });
  }
  return choices;
}

/** The earliest first step of any segment: a checkout idle that long may be due in one of them. */
export function earliestFirstDelayMinutes(context: ShopContext, segments: readonly StoredSegment[]): number {
  const firsts = [context.settings, ...segments.map((segment) => segment.strategy)].map(
    (strategy) => strategy.steps[0]?.delayMinutes ?? 60,
  );
  return Math.min(...firsts);
}

/** The timeline's record of the choice: names, version and conditions, nothing personal. */
export function segmentEventData(choice: SegmentChoice) {
  return {
    segment: { id: choice.segmentId, name: choice.name, version: choice.version.number, held: choice.held },
  };
}
