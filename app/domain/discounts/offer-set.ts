import type { DiscountTier } from "./discount-tier";
import { DISCOUNT_KIND, DISCOUNT_STATUS, kindsForTier, stemOf } from "./discount-code";

/**
 * The codes made together for one offer (one stem: a percentage code, a free-shipping code, or both), and
 * the rule for handing them out again. Pure: ensureOffer loads the rows and acts on the choice.
 */

export interface StoredDiscountCode {
  id: string;
  code: string;
  kind: string;
  status: string;
  percentOff: number | null;
  minimumSubtotalMinor: number;
  currency: string;
  startsAt: Date;
  expiresAt: Date;
  usedOrderId: string | null;
  shopifyId: string | null;
}

export interface OfferSet {
  stem: string;
  /** Percentage code first, as in the email and the link. */
  codes: StoredDiscountCode[];
  /** When the first of its codes stops working. */
  expiresAt: Date;
}

const HOUR_MS = 60 * 60 * 1000;
/** A code handed out again must still have a day to live, so a later email does not promise a code about to lapse. */
export const REUSE_MIN_REMAINING_MS = 24 * HOUR_MS;

const kindOrder = (kind: string) => (kind === DISCOUNT_KIND.PERCENTAGE ? 0 : 1);

export function groupOfferSets(rows: StoredDiscountCode[]): OfferSet[] {
  const byStem = new Map<string, StoredDiscountCode[]>();
  for (const row of rows) {
    const stem = stemOf(row.code);
    byStem.set(stem, [...(byStem.get(stem) ?? []), row]);
  }
  return [...byStem.entries()].map(([stem, codes]) => ({
    stem,
    codes: [...codes].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind)),
    expiresAt: new Date(Math.min(...codes.map((code) => code.expiresAt.getTime()))),
  }));
}

/** Whether a set gives exactly this tier: same kinds, same percentage, same threshold in the same currency. */
export function offerSetMatchesTier(set: OfferSet, tier: DiscountTier, currency: string): boolean {
  const kinds = set.codes.map((code) => code.kind);
  const wanted = kindsForTier(tier);
  if (kinds.length !== wanted.length || kinds.some((kind, index) => kind !== wanted[index])) return false;
  return set.codes.every(
    (code) =>
      code.minimumSubtotalMinor === tier.minimumSubtotalMinor &&
      code.currency === currency &&
      (code.kind !== DISCOUNT_KIND.PERCENTAGE || code.percentOff === tier.percentOff),
  );
}

/**
 * Whether a set may go out in an email sent at `sendAt`: started, unused, and alive for at least a day after
 * the send. With a lifetime of a day or less no new code would live that long either, so being valid at the
 * send is enough (a lifetime of exactly 24 hours counts as short: otherwise the retry of a step minutes later
 * would already need a second set of codes).
 */
export function isOfferSetUsable(
  set: OfferSet,
  { sendAt, lifetimeHours }: { sendAt: Date; lifetimeHours: number },
): boolean {
  if (set.codes.some((code) => code.usedOrderId !== null || code.startsAt.getTime() > sendAt.getTime())) {
    return false;
  }
  const remaining = set.expiresAt.getTime() - sendAt.getTime();
  return lifetimeHours * HOUR_MS > REUSE_MIN_REMAINING_MS
    ? remaining >= REUSE_MIN_REMAINING_MS
    : remaining > 0;
}

export type OfferSetChoice = { action: "REUSE"; set: OfferSet } | { action: "RESUME"; set: OfferSet } | null;

/**
 * What to do with an enrolment's stored codes for this send. A set Shopify fully has (ACTIVE) is reused as
 * is; a set an earlier attempt left PENDING is resumed with the same codes (never a second set for a retry);
 * otherwise null, and new codes are made. A set with a FAILED or deleted code is never chosen: rows in other
 * statuses are not passed in, so such a set lacks a kind and does not match the tier.
 */
export function chooseOfferSet(
  rows: StoredDiscountCode[],
  input: { tier: DiscountTier; currency: string; sendAt: Date; lifetimeHours: number },
): OfferSetChoice {
  const live = rows.filter(
    (row) => row.status === DISCOUNT_STATUS.ACTIVE || row.status === DISCOUNT_STATUS.PENDING,
  );
  const candidates = groupOfferSets(live)
    .filter((set) => offerSetMatchesTier(set, input.tier, input.currency) && isOfferSetUsable(set, input))
    .sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime());
  const active = candidates.find((set) => set.codes.every((code) => code.status === DISCOUNT_STATUS.ACTIVE));
  if (active) return { action: "REUSE", set: active };
  const pending = candidates[0];
  return pending ? { action: "RESUME", set: pending } : null;
}
