import { prisma } from "~/db.server";
import {
  loadShopperFacts,
  SEGMENT_CHECKOUT_SELECT,
  type CheckoutForSegments,
} from "./load-shopper-facts.server";
import { factNeeds, matchSegment, type SegmentForMatching } from "./segment-rules";
import { DEFAULT_SEGMENT_ID, DEFAULT_SEGMENT_NAME } from "./segment-strategy";

const DAY_MS = 86_400_000;
export const COUNT_WINDOW_DAYS = 30;
/** A shop's busiest month is still counted in a second or two; past it the latest checkouts stand for all. */
export const MAX_COUNTED_CHECKOUTS = 5_000;
const BATCH_SIZE = 500;

export interface SegmentMatchCounts {
  /** Checkouts counted (at most MAX_COUNTED_CHECKOUTS, the latest). */
  checkouts: number;
  bySegment: { id: string; count: number }[];
  /** Checkouts no segment caught: "Everyone else". */
  defaultCount: number;
  /** Always false: the count reads only the orders Cartback saw, never the Admin API (the editor says so). */
  usedShopifyData: false;
}

/**
 * How many of the shop's last 30 days' checkouts (with an email and something in the cart, by Shopify's
 * updated_at) each segment would have caught, first match wins, as enrolment judges them: the merchant sees
 * a draft's effect before saving it. Facts come from the app's own data only (no Admin API: a preview must
 * not spend the shop's API budget or wait on it), so Shopify customer segments match nobody here and
 * customer figures are the orders Cartback saw. Read and judged 500 at a time, at most the latest 5,000.
 */
export async function countSegmentMatches(
  shop: string,
  input: { segments: SegmentForMatching[]; currency: string; now: Date },
): Promise<SegmentMatchCounts> {
  const { segments, currency, now } = input;
  const counts = new Map(segments.map((segment) => [segment.id, 0]));
  const fallback = { id: DEFAULT_SEGMENT_ID, name: DEFAULT_SEGMENT_NAME };
  const needs = factNeeds(segments);
  const where = {
    shop,
    emailHash: { not: null },
    lineItemCount: { gt: 0 },
    deletedAt: null,
    redactedAt: null,
    shopifyUpdatedAt: { gte: new Date(now.getTime() - COUNT_WINDOW_DAYS * DAY_MS), lte: now },
  };
  let checkouts = 0;
  let defaultCount = 0;
  let cursor: string | undefined;
  while (checkouts < MAX_COUNTED_CHECKOUTS) {
    const batch: CheckoutForSegments[] = await prisma.checkout.findMany({
      where,
      select: SEGMENT_CHECKOUT_SELECT,
      orderBy: [{ shopifyUpdatedAt: "desc" }, { id: "desc" }],
      take: Math.min(BATCH_SIZE, MAX_COUNTED_CHECKOUTS - checkouts),
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (batch.length === 0) break;
    checkouts += batch.length;
    cursor = batch[batch.length - 1]?.id;
    const facts =
      segments.length > 0 ? await loadShopperFacts({ shop, currency }, batch, needs, { now }) : new Map();
    for (const checkout of batch) {
      const shopper = facts.get(checkout.id);
      const segmentId = shopper ? matchSegment(segments, shopper, now, fallback).segmentId : fallback.id;
      if (counts.has(segmentId)) counts.set(segmentId, (counts.get(segmentId) ?? 0) + 1);
      else defaultCount++;
    }
    if (batch.length < BATCH_SIZE) break;
  }
  return {
    checkouts,
    bySegment: segments.map((segment) => ({ id: segment.id, count: counts.get(segment.id) ?? 0 })),
    defaultCount,
    usedShopifyData: false,
  };
}
