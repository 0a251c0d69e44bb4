import { prisma } from "~/db.server";
import { DeleteDiscountCode } from "~/graphql/delete-discount-code";
import { FindDiscountCode } from "~/graphql/find-discount-code";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { sweepDueRows } from "~/lib/durable-outbox.server";
import { logger, type Logger } from "~/lib/logger.server";
import { isShopReauthRequired, SKIPPED_REAUTH_REQUIRED } from "~/lib/shop-reauth-required";
import { describeUserErrors } from "./create-shopify-discount.server";
import { DISCOUNT_STATUS } from "./discount-code";
import { isOurDiscount } from "./shopify-discount-terms";
import type { Deadline } from "~/lib/clock.server";

export interface DeleteExpiredDiscountCodesInput {
  now: Date;
  adminFor(shop: string): Promise<AdminGraphql>;
  /** After it, no new code is taken on. */
  deadline: Deadline;
  /** Codes handled per call, all shops together. */
  limit?: number;
  retry?: RunOptions;
}

/**
 * Outcomes, counted per call:
 * - DELETED: Shopify deleted it; ALREADY_GONE: Shopify no longer had it (deleted by the merchant): DELETED too;
 * - NEVER_CREATED: an abandoned PENDING code Shopify never made: FAILED;
 * - REFUSED: Shopify refused to delete it (FAILED with the reason; it has expired, so it cannot be used);
 * - RETRY: throttled or Shopify down; ERROR: an answer that cannot be acted on. Both put the code back for
 *   the next tick and stop this shop for this one;
 * - CLAIMED_ELSEWHERE: another tick took it first; NO_ACCESS: no Admin API access to the shop now;
 *   SKIPPED_REAUTH_REQUIRED: the shop must re-authorise first (counted once per shop).
 */
export type ExpiredCodeOutcome =
  | "DELETED"
  | "ALREADY_GONE"
  | "NEVER_CREATED"
  | "REFUSED"
  | "RETRY"
  | "ERROR"
  | "CLAIMED_ELSEWHERE"
  | "NO_ACCESS"
  | typeof SKIPPED_REAUTH_REQUIRED;

const DEFAULT_LIMIT = 100;
/** A claim outlives any one deletion (a call and its retries); a crashed worker's codes come back after it. */
export const DELETE_CLAIM_LEASE_MS = 5 * 60 * 1000;
// The value of INSTALL_STATE.INSTALLED in domain/shops: an uninstalled shop gives no access to delete with.
const INSTALLED = "INSTALLED";

interface ExpiredCode {
  id: string;
  shop: string;
  code: string;
  kind: string;
  percentOff: number | null;
  minimumSubtotalMinor: number;
  currency: string;
  status: string;
  shopifyId: string | null;
  startsAt: Date;
  expiresAt: Date;
  usedOrderId: string | null;
}

/**
 * Codes past their end that nobody used, as seen at `now`: ACTIVE ones, PENDING ones an attempt abandoned
 * (Shopify may have made them before the attempt died), and DELETING ones whose claim ran out. Used codes
 * stay: they are the record of what the offer cost.
 */
function expiredUnusedWhere(now: Date) {
  return {
    expiresAt: { lt: now },
    usedOrderId: null,
    OR: [
      { status: DISCOUNT_STATUS.ACTIVE },
      { status: DISCOUNT_STATUS.PENDING },
      {
        status: DISCOUNT_STATUS.DELETING,
        updatedAt: { lt: new Date(now.getTime() - DELETE_CLAIM_LEASE_MS) },
      },
    ],
  };
}

/**
 * The tick's sweep of expired, unused discount codes: each is deleted from Shopify (so the merchant's
 * discount list does not fill up with dead codes) and marked DELETED. Bounded, stops at the deadline, and
 * safe to run in several ticks at once: each code is claimed (status DELETING, `updatedAt` as the lease)
 * by a conditional update before Shopify is asked, so it is deleted once.
 */
export async function deleteExpiredDiscountCodes(
  input: DeleteExpiredDiscountCodesInput,
): Promise<Record<string, number>> {
  const { now, deadline } = input;
  const limit = input.limit ?? DEFAULT_LIMIT;
  const counts: Record<string, number> = {};
  const count = (outcome: ExpiredCodeOutcome) => (counts[outcome] = (counts[outcome] ?? 0) + 1);

  // Shops first, so an uninstalled shop's codes (which cannot be deleted) never fill the batch.
  const withExpired = await prisma.discountCode.findMany({
    where: expiredUnusedWhere(now),
    distinct: ["shop"],
    select: { shop: true },
  });
  const shops = await prisma.shop.findMany({
    where: { domain: { in: withExpired.map((row) => row.shop) }, installState: INSTALLED },
    select: { domain: true },
    orderBy: { domain: "asc" },
  });

  let handled = 0;
  for (const { domain: shop } of shops) {
    if (handled >= limit || deadline.isPast()) break;
    const log = logger.child({ shop, unit: "discount-cleanup" });
    let graphql: AdminGraphql;
    try {
      graphql = await input.adminFor(shop);
    } catch (error) {
      if (isShopReauthRequired(error)) {
        count(SKIPPED_REAUTH_REQUIRED);
        continue;
      }
      log.warn({ err: error }, "no Admin API access; expired discount codes wait");
      count("NO_ACCESS");
      continue;
    }
    const sweep = await sweepDueRows<ExpiredCode, ExpiredCodeOutcome>({
      now,
      deadline,
      limit: limit - handled,
      leaseMs: DELETE_CLAIM_LEASE_MS,
      counts,
      findDue: (take) =>
        prisma.discountCode.findMany({
          where: { shop, ...expiredUnusedWhere(now) },
          select: {
            id: true,
            shop: true,
            code: true,
            kind: true,
            percentOff: true,
            minimumSubtotalMinor: true,
            currency: true,
            status: true,
            shopifyId: true,
            startsAt: true,
            expiresAt: true,
            usedOrderId: true,
          },
          orderBy: [{ expiresAt: "asc" }, { code: "asc" }],
          take,
        }),
      // The lease is `updatedAt` plus DELETE_CLAIM_LEASE_MS (see expiredUnusedWhere), so the claim stamps now.
      claim: (code) => claim(code, now),
      handle: async (code) => {
        const outcome = await deleteClaimedCode(graphql, code, {
          now,
          retry: { ...input.retry, logger: log },
          log,
        });
        // Throttled, or an answer that cannot be acted on: this shop is asked nothing more this tick.
        return { outcome, shouldStopBatch: outcome === "RETRY" || outcome === "ERROR" };
      },
    });
    handled += sweep.taken;
  }
  return counts;
}

async function claim(code: ExpiredCode, now: Date): Promise<boolean> {
  const { count } = await prisma.discountCode.updateMany({
    where: { id: code.id, shop: code.shop, ...expiredUnusedWhere(now) },
    // updatedAt is set explicitly: it is the lease, measured on the tick's clock.
    data: { status: DISCOUNT_STATUS.DELETING, updatedAt: now },
  });
  return count === 1;
}

/** Ends a claim. Conditional on the claim, so a worker whose lease ran out cannot undo another's result. */
async function settle(code: ExpiredCode, status: string, failureReason?: string) {
  await prisma.discountCode.updateMany({
    where: { id: code.id, shop: code.shop, status: DISCOUNT_STATUS.DELETING },
    data: {
      status,
      shopifyId: code.shopifyId,
      ...(failureReason ? { failureReason: failureReason.slice(0, 1000) } : {}),
    },
  });
}

/** Gives the code back for the next tick, in the status it had (a PENDING code has no Shopify id). */
async function release(code: ExpiredCode, now: Date) {
  await prisma.discountCode.updateMany({
    where: { id: code.id, shop: code.shop, status: DISCOUNT_STATUS.DELETING },
    data: {
      status: code.shopifyId ? DISCOUNT_STATUS.ACTIVE : DISCOUNT_STATUS.PENDING,
      shopifyId: code.shopifyId,
      updatedAt: now,
    },
  });
}

interface SweepContext {
  now: Date;
  retry: RunOptions;
  log: Logger;
}

async function deleteClaimedCode(
  graphql: AdminGraphql,
  code: ExpiredCode,
  context: SweepContext,
): Promise<ExpiredCodeOutcome> {
  return code.shopifyId
    ? deleteKnownCode(graphql, { ...code, shopifyId: code.shopifyId }, context)
    : deleteAbandonedCode(graphql, code, context);
}

async function deleteKnownCode(
  graphql: AdminGraphql,
  code: ExpiredCode & { shopifyId: string },
  { now, retry, log }: SweepContext,
): Promise<ExpiredCodeOutcome> {
  const deleted = await runAdminOperation(graphql, DeleteDiscountCode, { id: code.shopifyId }, retry);
  if (deleted.ok && deleted.data.discountCodeDelete?.deletedCodeDiscountId) {
    await settle(code, DISCOUNT_STATUS.DELETED);
    return "DELETED";
  }
  if (!deleted.ok && deleted.retryable) {
    await release(code, now);
    return "RETRY";
  }
  // Refused, or an error: whether Shopify still has the code decides, since an id Shopify no longer knows
  // may come back as a user error or as a GraphQL error.
  const refusal = deleted.ok
    ? describeUserErrors(deleted.data.discountCodeDelete?.userErrors ?? []) || "nothing was deleted"
    : deleted.reason;
  const lookup = await runAdminOperation(graphql, FindDiscountCode, { code: code.code }, retry);
  if (!lookup.ok) {
    await release(code, now);
    return lookup.retryable ? "RETRY" : "ERROR";
  }
  const found = lookup.data.codeDiscountNodeByCode;
  if (!found || found.id !== code.shopifyId) {
    await settle(code, DISCOUNT_STATUS.DELETED);
    return "ALREADY_GONE";
  }
  if (!deleted.ok) {
    await release(code, now);
    log.warn({ code: code.code, reason: refusal }, "could not delete an expired discount code");
    return "ERROR";
  }
  await settle(code, DISCOUNT_STATUS.FAILED, `could not delete: ${refusal}`);
  log.warn({ code: code.code, reason: refusal }, "Shopify refused to delete an expired discount code");
  return "REFUSED";
}

/** A PENDING code whose attempt died before learning whether Shopify made it. */
async function deleteAbandonedCode(
  graphql: AdminGraphql,
  code: ExpiredCode,
  context: SweepContext,
): Promise<ExpiredCodeOutcome> {
  const lookup = await runAdminOperation(graphql, FindDiscountCode, { code: code.code }, context.retry);
  if (!lookup.ok) {
    await release(code, context.now);
    return lookup.retryable ? "RETRY" : "ERROR";
  }
  const found = lookup.data.codeDiscountNodeByCode;
  if (!found) {
    await settle(code, DISCOUNT_STATUS.FAILED, "abandoned: never created in Shopify");
    return "NEVER_CREATED";
  }
  if (!isOurDiscount(found, code)) {
    // Someone else's discount under this code: not ours to delete.
    await settle(code, DISCOUNT_STATUS.FAILED, "abandoned: the code belongs to another discount");
    return "NEVER_CREATED";
  }
  // Shopify made it: from here it is an ACTIVE code like any other (released as ACTIVE, with its id).
  return deleteKnownCode(graphql, { ...code, shopifyId: found.id }, context);
}
