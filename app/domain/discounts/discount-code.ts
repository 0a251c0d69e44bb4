import type { DiscountTier } from "./discount-tier";

/**
 * What a Cartback discount code is: its kinds, its statuses and its format. Pure, so the admin and tests
 * can use it without a database.
 */

export const DISCOUNT_KIND = { PERCENTAGE: "PERCENTAGE", FREE_SHIPPING: "FREE_SHIPPING" } as const;
export type DiscountKind = (typeof DISCOUNT_KIND)[keyof typeof DISCOUNT_KIND];

/**
 * DiscountCode.status. The schema lists PENDING | ACTIVE | FAILED | DELETED; DELETING is the short-lived
 * claim of the expiry sweep (app/domain/discounts/delete-expired-discount-codes.server.ts): the row's
 * `updatedAt` is its lease, and a row left DELETING by a crashed worker is taken again once the lease ran out.
 * Anything that reads statuses must treat DELETING as "ACTIVE (or PENDING), being deleted".
 */
export const DISCOUNT_STATUS = {
  /** Stored, Shopify not yet known to have it: a retry resumes with the same code. */
  PENDING: "PENDING",
  /** Shopify has it (shopifyId). */
  ACTIVE: "ACTIVE",
  /** Shopify refused it for good (failureReason), or refused to delete it once expired. */
  FAILED: "FAILED",
  /** Deleted from Shopify after it expired unused, or Shopify no longer had it. */
  DELETED: "DELETED",
  /** Claimed by the expiry sweep (see above). */
  DELETING: "DELETING",
} as const;
export type DiscountStatus = (typeof DISCOUNT_STATUS)[keyof typeof DISCOUNT_STATUS];

/**
 * Codes are "CB-" and 8 characters from 32 that cannot be mistaken for each other when read aloud or
 * retyped from a phone screen (no 0/O, no 1/I). 32 is a power of two, so one random byte masked to 5 bits
 * picks a character without bias: 40 random bits, about 10^12 codes, and each one is single-use, limited to
 * its customer when Shopify knows them, and expires.
 */
export const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const CODE_PREFIX = "CB-";
const STEM_LENGTH = 8;

/**
 * The free-shipping code of a tier that has both shares the percentage code's stem plus this suffix
 * ("CB-7KQ2MXPA" and "CB-7KQ2MXPA-SHIP"): the shopper sees two codes that obviously belong together, and
 * anyone reading an order can tell the kind from the code. A free-shipping-only tier uses the suffix too.
 */
export const FREE_SHIPPING_SUFFIX = "-SHIP";

const CODE_PATTERN = new RegExp(
  `^${CODE_PREFIX}[${CODE_ALPHABET}]{${STEM_LENGTH}}(${FREE_SHIPPING_SUFFIX})?$`,
);

/** A fresh random stem such as "CB-7KQ2MXPA", from the platform's cryptographic generator. */
export function generateCodeStem(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(STEM_LENGTH));
  let stem = CODE_PREFIX;
  for (const byte of bytes) stem += CODE_ALPHABET[byte & 31];
  return stem;
}

export function codeFor(stem: string, kind: DiscountKind): string {
  return kind === DISCOUNT_KIND.FREE_SHIPPING ? `${stem}${FREE_SHIPPING_SUFFIX}` : stem;
}

/** The stem a code was made from: the codes of one offer share it. */
export function stemOf(code: string): string {
  return code.endsWith(FREE_SHIPPING_SUFFIX) ? code.slice(0, -FREE_SHIPPING_SUFFIX.length) : code;
}

/** Whether a Cartback code is the free-shipping one of its offer ("CB-7KQ2MXPA-SHIP"). */
export function isFreeShippingCode(code: string): boolean {
  return code.endsWith(FREE_SHIPPING_SUFFIX);
}

export function isCartbackCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

/** Whether a tier gives anything at all: 0% and no free shipping is no offer. */
export function tierOffersDiscount(tier: DiscountTier): boolean {
  return tier.percentOff > 0 || tier.freeShipping;
}

/** The codes a tier needs, percentage first (the order of the codes in the email and the link). */
export function kindsForTier(tier: Pick<DiscountTier, "percentOff" | "freeShipping">): DiscountKind[] {
  const kinds: DiscountKind[] = [];
  if (tier.percentOff > 0) kinds.push(DISCOUNT_KIND.PERCENTAGE);
  if (tier.freeShipping) kinds.push(DISCOUNT_KIND.FREE_SHIPPING);
  return kinds;
}
