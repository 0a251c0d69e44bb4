import crypto from "node:crypto";
import { prisma, Prisma } from "~/db.server";
import type { RecoveryOffer } from "~/domain/messages";
import type { DiscountTier } from "./discount-tier";
import type { AdminGraphql, RunOptions } from "~/lib/admin-graphql.server";
import { logger } from "~/lib/logger.server";
import { createShopifyDiscount } from "./create-shopify-discount.server";
import {
  DISCOUNT_KIND,
  DISCOUNT_STATUS,
  codeFor,
  generateCodeStem,
  kindsForTier,
  tierOffersDiscount,
} from "./discount-code";
import { chooseOfferSet, groupOfferSets, type OfferSet, type StoredDiscountCode } from "./offer-set";
import { customerGid } from "./shopify-discount-terms";

export type OfferResult =
  | { ok: true; offer: RecoveryOffer; discountCodeIds: string[] }
  | { ok: false; retryable: boolean; reason: string };

export interface EnsureOfferInput {
  shop: string;
  enrollmentId: string;
  /** Shopify's customer id (exact digits, or a Customer gid), or null for a guest checkout. */
  customerId: string | null;
  /**
   * Whether the codes are limited to that customer (settings.customerBoundCodes; true when not said). Off, or
   * a guest checkout: anyone with the code may use it once, as Shopify can bind a code to a customer only.
   */
  customerBound?: boolean;
  tier: DiscountTier;
  /** The shop currency, in which the tier threshold is expressed. */
  currency: string;
  /** When the email goes out: the codes start then and live `lifetimeHours`. */
  sendAt: Date;
  lifetimeHours: number;
  graphql: AdminGraphql;
  retry?: RunOptions;
  /** The enrolment's codes as findEnrollmentCodes read them just before (the engine reads a batch's at once). */
  storedCodes?: StoredDiscountCode[];
}

const HOUR_MS = 60 * 60 * 1000;
const STEM_ATTEMPTS = 5;

const STORED_CODE_SELECT = {
  id: true,
  code: true,
  kind: true,
  status: true,
  percentOff: true,
  minimumSubtotalMinor: true,
  currency: true,
  startsAt: true,
  expiresAt: true,
  usedOrderId: true,
  shopifyId: true,
} as const;

/**
 * The discount codes for one offer step of an enrolment, all ACTIVE in Shopify, or a failure value: never an
 * offer without valid codes.
 *
 * Idempotent across retries. The codes are stored PENDING before Shopify is asked, so an attempt that was
 * throttled, timed out or crashed leaves them for the next one, which asks again with the same codes (a
 * TAKEN answer then means the earlier attempt did make it, and the lookup adopts it). Later steps hand out
 * the enrolment's codes again while they are usable (app/domain/discounts/offer-set.ts).
 *
 * The engine calls this outside any transaction, once per claimed step, so two calls never race for one
 * enrolment; if they did, the worst case is a second set of codes, never a code promised but missing.
 */
export async function ensureOffer(input: EnsureOfferInput): Promise<OfferResult> {
  const { shop, enrollmentId, tier, currency, sendAt, lifetimeHours } = input;
  const invalid = validateInput(input);
  if (invalid) return { ok: false, retryable: false, reason: invalid };
  const log = logger.child({ shop, enrollmentId, unit: "discounts" });

  const stored = (input.storedCodes ?? (await findEnrollmentCodes(shop, [enrollmentId]))).filter(
    (code) =>
      (code.status === DISCOUNT_STATUS.PENDING || code.status === DISCOUNT_STATUS.ACTIVE) &&
      code.expiresAt > sendAt,
  );
  const choice = chooseOfferSet(stored, { tier, currency, sendAt, lifetimeHours });
  if (choice?.action === "REUSE") {
    log.info({ codes: choice.set.codes.length }, "reusing the enrolment's discount codes");
    return offerFrom(choice.set, tier, currency);
  }
  const set = choice?.set ?? (await storeNewOfferSet(input));
  const boundTo = input.customerBound === false ? null : input.customerId;
  const customer = customerGid(boundTo);
  if (boundTo && !customer) {
    log.warn("customer id is not a Shopify customer id; the code is open to any customer");
  }
  const hasSibling = set.codes.length > 1;
  const retry = { ...input.retry, logger: log };

  const codes: StoredDiscountCode[] = [];
  for (const [index, code] of set.codes.entries()) {
    if (code.status === DISCOUNT_STATUS.ACTIVE) {
      codes.push(code);
      continue;
    }
    const result = await createShopifyDiscount(input.graphql, code, { customer, hasSibling }, retry);
    if (result.outcome === "RETRY") {
      log.warn({ code: code.code, reason: result.reason }, "discount code not confirmed; it stays pending");
      return {
        ok: false,
        retryable: true,
        reason: `Shopify did not confirm discount code: ${result.reason}`,
      };
    }
    if (result.outcome === "REFUSED") {
      const reason = `Shopify refused discount code ${code.code}: ${result.reason}`;
      await markFailed(shop, code, reason);
      // The codes after this one were never sent (codes go out in order), so none of them exists in Shopify.
      for (const later of set.codes.slice(index + 1)) {
        if (later.status === DISCOUNT_STATUS.PENDING) {
          await markFailed(shop, later, `not created: ${code.code} was refused`);
        }
      }
      log.warn({ code: code.code, reason: result.reason }, "discount code refused");
      return { ok: false, retryable: false, reason };
    }
    const active = await markActive(shop, code, result.shopifyId, sendAt);
    if (!active) {
      return {
        ok: false,
        retryable: true,
        reason: `discount code ${code.code} changed while it was created`,
      };
    }
    log.info({ code: code.code, kind: code.kind, outcome: result.outcome }, "discount code active");
    codes.push(active);
  }
  const [confirmed] = groupOfferSets(codes);
  return offerFrom(confirmed as OfferSet, tier, currency);
}

function validateInput({ tier, currency, sendAt, lifetimeHours }: EnsureOfferInput): string | null {
  if (!tierOffersDiscount(tier)) return "the tier offers no discount";
  if (!Number.isInteger(tier.percentOff) || tier.percentOff < 0 || tier.percentOff > 100) {
    return "the tier percentage must be a whole number from 0 to 100";
  }
  if (!Number.isSafeInteger(tier.minimumSubtotalMinor) || tier.minimumSubtotalMinor < 0) {
    return "the tier threshold must be a whole, non-negative amount";
  }
  if (!/^[A-Z]{3}$/.test(currency)) return "the currency must be an ISO 4217 code";
  if (Number.isNaN(sendAt.getTime())) return "the send time is not a date";
  if (!Number.isInteger(lifetimeHours) || lifetimeHours < 1)
    return "the code lifetime must be at least an hour";
  return null;
}

/**
 * Every code of the given enrolments, whatever its state (ensureOffer picks the usable ones). By (shop,
 * enrollmentId) only: with a status and expiry in the query, SQLite chose the (status, expiresAt) index and
 * read every live code of every shop.
 */
export function findEnrollmentCodes(
  shop: string,
  enrollmentIds: string[],
): Promise<Array<StoredDiscountCode & { enrollmentId: string }>> {
  return prisma.discountCode.findMany({
    where: { shop, enrollmentId: { in: enrollmentIds } },
    select: { ...STORED_CODE_SELECT, enrollmentId: true },
  });
}

/** Fresh codes for the tier, stored PENDING (with every term Shopify will get) before Shopify is asked. */
async function storeNewOfferSet(input: EnsureOfferInput): Promise<OfferSet> {
  const { shop, enrollmentId, tier, currency, sendAt, lifetimeHours } = input;
  const expiresAt = new Date(sendAt.getTime() + lifetimeHours * HOUR_MS);
  for (let attempt = 1; ; attempt++) {
    const stem = generateCodeStem();
    const rows: StoredDiscountCode[] = kindsForTier(tier).map((kind) => ({
      id: crypto.randomUUID(),
      code: codeFor(stem, kind),
      kind,
      status: DISCOUNT_STATUS.PENDING,
      percentOff: kind === DISCOUNT_KIND.PERCENTAGE ? tier.percentOff : null,
      minimumSubtotalMinor: tier.minimumSubtotalMinor,
      currency,
      startsAt: sendAt,
      expiresAt,
      usedOrderId: null,
      shopifyId: null,
    }));
    // One plain statement (this runs for every offer email). A code already taken in the shop is skipped by
    // the insert, not raised: one in 10^12 per code, and another stem is as good.
    const inserted = await prisma.$executeRaw`
      INSERT INTO "DiscountCode" (
        "id", "shop", "enrollmentId", "code", "kind", "percentOff", "minimumSubtotalMinor", "currency", "status",
        "startsAt", "expiresAt", "createdAt", "updatedAt"
      ) VALUES ${Prisma.join(
        rows.map(
          (row) => Prisma.sql`(
            ${row.id}, ${shop}, ${enrollmentId}, ${row.code}, ${row.kind}, ${row.percentOff},
            ${row.minimumSubtotalMinor}, ${currency}, ${row.status}, ${sendAt}, ${expiresAt}, ${sendAt}, ${sendAt}
          )`,
        ),
      )}
      ON CONFLICT ("shop", "code") DO NOTHING`;
    if (inserted === rows.length) return groupOfferSets(rows)[0] as OfferSet;
    await prisma.discountCode.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    if (attempt >= STEM_ATTEMPTS) throw new Error(`no free discount code after ${STEM_ATTEMPTS} stems`);
  }
}

/** PENDING -> ACTIVE; a row another attempt already made ACTIVE is taken as it is. */
async function markActive(
  shop: string,
  code: StoredDiscountCode,
  shopifyId: string,
  now: Date,
): Promise<StoredDiscountCode | null> {
  // One plain statement: this runs for every code of every offer email.
  const changed = await prisma.$executeRaw`
    UPDATE "DiscountCode"
    SET "status" = ${DISCOUNT_STATUS.ACTIVE}, "shopifyId" = ${shopifyId}, "failureReason" = NULL,
      "updatedAt" = ${now}
    WHERE "id" = ${code.id} AND "shop" = ${shop} AND "status" = ${DISCOUNT_STATUS.PENDING}`;
  if (changed === 1) return { ...code, status: DISCOUNT_STATUS.ACTIVE, shopifyId };
  const row = await prisma.discountCode.findFirst({
    where: { id: code.id, shop },
    select: STORED_CODE_SELECT,
  });
  return row?.status === DISCOUNT_STATUS.ACTIVE ? row : null;
}

async function markFailed(shop: string, code: StoredDiscountCode, reason: string) {
  await prisma.discountCode.updateMany({
    where: { id: code.id, shop, status: DISCOUNT_STATUS.PENDING },
    data: { status: DISCOUNT_STATUS.FAILED, failureReason: reason.slice(0, 1000) },
  });
}

function offerFrom(set: OfferSet, tier: DiscountTier, currency: string): OfferResult {
  return {
    ok: true,
    offer: {
      codes: set.codes.map((code) => code.code),
      percentOff: tier.percentOff,
      freeShipping: tier.freeShipping,
      expiresAt: set.expiresAt,
      minimumSubtotal: { amountMinor: tier.minimumSubtotalMinor, currency },
    },
    discountCodeIds: set.codes.map((code) => code.id),
  };
}
