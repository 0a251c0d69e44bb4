import { prisma } from "~/db.server";
import { isOfferArm, OFFER_ARM_LABELS } from "~/domain/discounts";
import { getShopSettings, updateShopSettings } from "~/domain/shops";
import { logger } from "~/lib/logger.server";
import {
  DEFAULT_SEGMENT_ID,
  SegmentStrategySchema,
  strategyFromSettings,
  strategyWithOffer,
  type SegmentStrategy,
} from "./segment-strategy";
import { ensureCurrentVersion } from "./sequence-versions.server";

export type ApplyOfferResult =
  | { ok: true; segmentId: string; version: number; message: string }
  | { ok: false; status: 400 | 404 | 409; reason: string };

/**
 * Ends a segment's offer test with the offer the merchant chose (the dashboard's recommendation button): the
 * segment's strategy keeps that offer for every checkout (strategyWithOffer) and becomes its next sequence
 * version, so checkouts already running finish on the version they started with. Only an offer of the
 * segment's current test can be applied: after the test changed, the button is stale and says so (409).
 * "Everyone else" is the Settings page's strategy, so it is changed there.
 */
export async function applyOfferToSegment(
  shop: string,
  { segmentId, arm }: { segmentId: string; arm: string },
  { now }: { now: Date },
): Promise<ApplyOfferResult> {
  if (!isOfferArm(arm)) return { ok: false, status: 400, reason: `"${arm}" is not an offer` };
  const stale = (name: string): ApplyOfferResult => ({
    ok: false,
    status: 409,
    reason: `${name} no longer tests ${OFFER_ARM_LABELS[arm].toLowerCase()}: its offers changed since this page loaded.`,
  });

  if (segmentId === DEFAULT_SEGMENT_ID) {
    if (!(await getShopSettings(shop)).offerArms.includes(arm)) return stale("Everyone else");
    const settings = await updateShopSettings(shop, (current) => {
      if (!current.offerArms.includes(arm)) return current;
      const next = strategyWithOffer(strategyFromSettings(current), arm);
      return { ...current, steps: next.steps, tiers: next.tiers, offerArms: next.offerArms };
    });
    if (settings.offerArms.length > 0) return stale("Everyone else");
    return applied(shop, DEFAULT_SEGMENT_ID, "Everyone else", strategyFromSettings(settings), arm, now);
  }

  const row = await prisma.segment.findFirst({
    where: { id: segmentId, shop, deletedAt: null },
    select: { name: true, strategy: true },
  });
  if (!row) return { ok: false, status: 404, reason: "This segment no longer exists." };
  const parsed = SegmentStrategySchema.safeParse(JSON.parse(row.strategy));
  if (!parsed.success) return { ok: false, status: 409, reason: `${row.name}'s strategy cannot be read.` };
  if (!parsed.data.offerArms.includes(arm)) return stale(row.name);
  const next = strategyWithOffer(parsed.data, arm);
  // Conditional on the strategy read above: an editor's save in between wins, and this one says so.
  const { count } = await prisma.segment.updateMany({
    where: { id: segmentId, shop, deletedAt: null, strategy: row.strategy },
    data: { strategy: JSON.stringify(next), updatedAt: now },
  });
  if (count !== 1) return stale(row.name);
  return applied(shop, segmentId, row.name, next, arm, now);
}

async function applied(
  shop: string,
  segmentId: string,
  name: string,
  strategy: SegmentStrategy,
  arm: keyof typeof OFFER_ARM_LABELS,
  now: Date,
): Promise<ApplyOfferResult> {
  const version = await ensureCurrentVersion(shop, segmentId, strategy, { now });
  logger.info(
    { shop, segmentId, arm, version: version.number },
    "offer test ended with the merchant's choice",
  );
  return {
    ok: true,
    segmentId,
    version: version.number,
    message: `${name} now gets ${OFFER_ARM_LABELS[arm].toLowerCase()} (sequence version ${version.number}). Checkouts already in a sequence finish on their version.`,
  };
}
