import { prisma, type Prisma } from "~/db.server";
import { findEnrollmentCodes, type StoredDiscountCode } from "~/domain/discounts";
import { loadAudienceFacts } from "./audience-facts.server";
import type { StepClaim } from "./claim-step.server";
import type { CandidateFacts } from "./decide-enrollment";
import type { SegmentStrategy } from "~/domain/segments";
import { loadEnrollmentSequences } from "./enrollment-sequence.server";
import { loadSendTimeHistory, sendTimeHistoryOf } from "./load-send-time-history.server";
import { sendTimeWindow } from "./hold-for-send-time";
import type { SendTimeHistory } from "./send-time";
import type { ShopContext } from "./shop-context.server";

/** The checkout columns the last look before a send reads, and the email needs. */
export const PRE_SEND_CHECKOUT_SELECT = {
  id: true,
  token: true,
  emailHash: true,
  email: true,
  firstName: true,
  recoveryUrl: true,
  acceptsMarketing: true,
  shopifyUpdatedAt: true,
  customerId: true,
  locale: true,
  currency: true,
  subtotalMinor: true,
  lineItems: true,
  completedAt: true,
  pixelCompletedAt: true,
  orderedAt: true,
  deletedAt: true,
  redactedAt: true,
} as const;

export type PreSendCheckout = Prisma.CheckoutGetPayload<{ select: typeof PRE_SEND_CHECKOUT_SELECT }>;

/** What the last look before a send needs beyond the checkout itself, read for many checkouts at once. */
export interface AddressFacts {
  /** Consent, suppression and the decrypted address; undefined when the checkout has none of its own. */
  audience: CandidateFacts | undefined;
  /** The address's last recovery email, from any sequence. */
  lastEmailToAddressAt: Date | null;
}

/** Audience facts and each address's last recovery email for checkouts of one shop: four queries in all. */
export async function loadAddressFacts(
  context: ShopContext,
  checkouts: PreSendCheckout[],
  { now }: { now: Date },
): Promise<Map<string, AddressFacts>> {
  const hashes = [
    ...new Set(checkouts.map((checkout) => checkout.emailHash).filter((hash): hash is string => !!hash)),
  ];
  const [audience, lastSends] = await Promise.all([
    loadAudienceFacts(context, checkouts, { now }),
    hashes.length
      ? prisma.recoverySend.groupBy({
          by: ["emailHash"],
          where: { shop: context.shop, emailHash: { in: hashes }, status: "SENT" },
          _max: { sentAt: true },
        })
      : [],
  ]);
  const lastSentAt = new Map(lastSends.map((row) => [row.emailHash, row._max.sentAt]));
  return new Map(
    checkouts.map((checkout) => [
      checkout.id,
      {
        audience: audience.get(checkout.id),
        lastEmailToAddressAt: checkout.emailHash ? (lastSentAt.get(checkout.emailHash) ?? null) : null,
      },
    ]),
  );
}

/** Everything a claimed step is decided and composed from, read as it is just before the send. */
export interface SendFacts extends AddressFacts {
  /** offerArm: the offer test's arm drawn at enrolment (null: no test); any other text reads as none. */
  enrollment: {
    anchorAt: Date;
    offerArm: string | null;
    /** The segment it was enrolled in (null: "Everyone else"), which keys its content experiments. */
    segmentId: string | null;
    /** Send-time optimisation's group: OPTIMISED, CONTROL, or null (no step of its version has a window). */
    sendTimeArm: string | null;
  };
  /** The sequence the enrolment pinned when it started: its steps, tiers and code lifetime. */
  sequence: SegmentStrategy;
  checkout: PreSendCheckout;
  /** Products of the shop that cannot be bought any more (archived, or nothing in stock). */
  unavailableProductIds: ReadonlySet<string>;
  /** The enrolment's discount codes, for ensureOffer. */
  discountCodes: StoredDiscountCode[];
  /**
   * Unit costs (VariantCost) of the batch's cart variants, for the margin floor; read only when the shop has
   * a floor (empty otherwise). A variant missing here has no known cost.
   */
  variantCosts: ReadonlyMap<string, number>;
  /**
   * The shopper's and the shop's hours (send-time optimisation), read only for a step that may still be held
   * for a better hour: a window, the OPTIMISED group, and the window not over. Null otherwise.
   */
  sendTimeHistory: SendTimeHistory | null;
}

/**
 * The facts of a batch of claimed steps of one shop, in eight queries whatever the batch's size (instead of
 * eight per step), nine with a margin floor (the carts' unit costs). The engine reads them for a few dozen steps right before sending them.
 */
export async function loadSendFacts(
  context: ShopContext,
  claims: StepClaim[],
  { now }: { now: Date },
): Promise<Map<string, SendFacts>> {
  if (claims.length === 0) return new Map();
  const { shop } = context;
  // By primary key, then kept only if they are the shop's: with the shop in the query, SQLite walked one of
  // the shop's indexes over all its rows (EXPLAIN QUERY PLAN), 2-3 ms a batch at 10,000 checkouts.
  const [enrollments, checkouts] = await Promise.all([
    prisma.enrollment.findMany({
      where: { id: { in: claims.map((claim) => claim.enrollmentId) } },
      select: {
        id: true,
        shop: true,
        anchorAt: true,
        sequenceVersionId: true,
        offerArm: true,
        segmentId: true,
        sendTimeArm: true,
      },
    }),
    prisma.checkout.findMany({
      where: { id: { in: claims.map((claim) => claim.checkoutId) } },
      select: { ...PRE_SEND_CHECKOUT_SELECT, shop: true },
    }),
  ]).then(
    ([enrollmentRows, checkoutRows]) => [ofShop(shop, enrollmentRows), ofShop(shop, checkoutRows)] as const,
  );
  const productIds = new Set<string>();
  const variantIds = new Set<string>();
  const hasMarginFloor = context.settings.marginFloorPercent !== null;
  for (const checkout of checkouts) {
    const ids = lineIdsOf(checkout.lineItems);
    for (const id of ids.productIds) productIds.add(id);
    if (hasMarginFloor) for (const id of ids.variantIds) variantIds.add(id);
  }
  const [addressFacts, unavailable, codes, sequenceOf, costs] = await Promise.all([
    loadAddressFacts(context, checkouts, { now }),
    productIds.size
      ? prisma.product.findMany({
          where: {
            shop,
            productId: { in: [...productIds] },
            OR: [{ status: { not: "ACTIVE" } }, { availableForSale: false }],
          },
          select: { productId: true },
        })
      : [],
    findEnrollmentCodes(
      shop,
      claims.map((claim) => claim.enrollmentId),
    ),
    loadEnrollmentSequences(
      context,
      enrollments.map((row) => row.sequenceVersionId),
    ),
    variantIds.size
      ? prisma.variantCost.findMany({
          where: { shop, variantId: { in: [...variantIds] } },
          select: { variantId: true, unitCostMinor: true },
        })
      : [],
  ]);
  const variantCosts = new Map(costs.map((cost) => [cost.variantId, cost.unitCostMinor]));
  const codesOf = new Map<string, StoredDiscountCode[]>();
  for (const code of codes) codesOf.set(code.enrollmentId, [...(codesOf.get(code.enrollmentId) ?? []), code]);
  const unavailableProductIds = new Set(unavailable.map((product) => product.productId));
  const enrollmentOf = new Map(enrollments.map((row) => [row.id, row]));
  const checkoutOf = new Map(checkouts.map((row) => [row.id, row]));
  const mayHold = (claim: StepClaim) => {
    const enrollment = enrollmentOf.get(claim.enrollmentId);
    if (!enrollment) return false;
    const step = sequenceOf(enrollment.sequenceVersionId).steps[claim.step - 1];
    return step !== undefined && sendTimeWindow(step, enrollment, now) !== null;
  };
  const holding = claims.filter(mayHold);
  const holdingSends = new Set(holding.map((claim) => claim.sendId));
  const histories =
    holding.length > 0
      ? await loadSendTimeHistory(
          shop,
          holding.flatMap((claim) => checkoutOf.get(claim.checkoutId)?.emailHash ?? []),
          { now, timeZone: context.timezone },
        )
      : null;
  const facts = new Map<string, SendFacts>();
  for (const claim of claims) {
    const enrollment = enrollmentOf.get(claim.enrollmentId);
    const checkout = checkoutOf.get(claim.checkoutId);
    const address = checkout && addressFacts.get(checkout.id);
    if (!enrollment || !checkout || !address) continue;
    facts.set(claim.sendId, {
      sendTimeHistory:
        histories && holdingSends.has(claim.sendId) ? sendTimeHistoryOf(histories, checkout.emailHash) : null,
      enrollment,
      sequence: sequenceOf(enrollment.sequenceVersionId),
      checkout,
      ...address,
      unavailableProductIds,
      discountCodes: codesOf.get(claim.enrollmentId) ?? [],
      variantCosts,
    });
  }
  return facts;
}

/** Product and variant ids of a stored line-item list, without validating the rest (the send parses it fully). */
function lineIdsOf(lineItems: string): { productIds: string[]; variantIds: string[] } {
  try {
    const lines = JSON.parse(lineItems) as unknown;
    if (!Array.isArray(lines)) return { productIds: [], variantIds: [] };
    const idsOf = (key: "productId" | "variantId") =>
      lines
        .map((line) => (line as Record<string, unknown> | null)?.[key])
        .filter((id): id is string => typeof id === "string");
    return { productIds: idsOf("productId"), variantIds: idsOf("variantId") };
  } catch {
    return { productIds: [], variantIds: [] };
  }
}

/** Rows read by their primary key, kept only when they belong to `shop`. */
export function ofShop<Row extends { shop: string }>(shop: string, rows: Row[]): Row[] {
  return rows.filter((row) => row.shop === shop);
}
