import { loadSequenceVersions, strategyFromSettings, type SegmentStrategy } from "~/domain/segments";
import { logger } from "~/lib/logger.server";
import type { ShopContext } from "./shop-context.server";

/**
 * The sequence each enrolment runs: the version it pinned at enrolment, never the shop's current one, so an
 * edit changes only the sequences that start after it. An enrolment without a version (skipped ones, which
 * have no sequence, and a restarted skipped one until it is decided again) reads the catch-all's current
 * strategy.
 */
export type SequenceOf = (sequenceVersionId: string | null) => SegmentStrategy;

export async function loadEnrollmentSequences(
  context: Pick<ShopContext, "shop" | "settings">,
  versionIds: readonly (string | null)[],
): Promise<SequenceOf> {
  const ids = versionIds.filter((id): id is string => id !== null);
  const versions = ids.length > 0 ? await loadSequenceVersions(context.shop, ids) : new Map();
  const fallback = strategyFromSettings(context.settings);
  return (id) => {
    if (id === null) return fallback;
    const version = versions.get(id);
    if (version) return version.strategy;
    // Versions are never deleted while the shop is installed: a missing one is damaged data, shown in the
    // log; the shop's current sequence is the closest thing to what the merchant set.
    logger.error({ shop: context.shop, sequenceVersionId: id }, "an enrolment's sequence version is missing");
    return fallback;
  };
}
