import crypto from "node:crypto";
import { prisma, type Prisma } from "~/db.server";
import type { AttributionMethod } from "~/domain/outcomes";

/**
 * Recovery-engine rows written straight to the database, as the engine (written separately) leaves them: a
 * checkout, its enrolment with the denormalised counters the engine keeps (stepsSent, firstSentAt, …), its
 * sends, discount codes and timeline. Rows are inserted in bulk so analytics tests can seed hundreds quickly.
 */

export interface SendSeed {
  step: number;
  /** CLAIMED | SENT | SKIPPED | RETRY | FAILED; SENT by default. */
  status?: string;
  /** Required for a SENT send. */
  sentAt?: Date | null;
  subjectVariant?: "A" | "B" | "C" | null;
  /** The content experiment the send counts in (app/domain/sequences/content-variants.ts); none by default. */
  experimentKey?: string | null;
  subject?: string | null;
  clickedAt?: Date | null;
  clickCount?: number;
  hasOffer?: boolean;
  providerMessageId?: string | null;
}

export interface RecoverySeed {
  at: Date;
  byEmail: boolean;
  method?: AttributionMethod;
  /** Order total, shop currency, minor units. */
  minor: number;
  orderId?: string;
  /** The order's profit figures as attribution records them (Enrollment.merchandiseMinor etc.); none by default. */
  merchandiseMinor?: number;
  costOfGoodsMinor?: number | null;
  discountMinor?: number;
  profitMinor?: number;
}

export interface EnrollmentSeed {
  /** An existing checkout (privacy tests use ingested ones); otherwise a bare checkout is made. */
  checkoutId?: string;
  token?: string;
  cartToken?: string | null;
  emailHash?: string | null;
  /** Defaults to ACTIVE for the treatment arm and HOLDOUT for the holdout arm. */
  status?: string;
  reason?: string | null;
  arm?: "TREATMENT" | "HOLDOUT";
  /** The segment that matched (a Segment id or "default") and the offer test's arm; none by default. */
  segmentId?: string | null;
  offerArm?: string | null;
  /** Send-time optimisation's group (OPTIMISED | CONTROL); none by default. */
  sendTimeArm?: "OPTIMISED" | "CONTROL" | null;
  anchorAt: Date;
  /** Defaults to an hour after anchorAt. */
  enrolledAt?: Date;
  nextStep?: number | null;
  dueAt?: Date | null;
  sends?: SendSeed[];
  recovered?: RecoverySeed;
}

export interface SeededEnrollment {
  id: string;
  checkoutId: string;
  sendIds: string[];
}

const HOUR_MS = 60 * 60 * 1000;
const newId = () => `seed${crypto.randomUUID().replaceAll("-", "")}`;

/** Seeds enrolments (with their checkouts and sends) in one shop, in the order given. */
export async function seedEnrollments(shop: string, seeds: EnrollmentSeed[]): Promise<SeededEnrollment[]> {
  const checkouts: Prisma.CheckoutCreateManyInput[] = [];
  const enrollments: Prisma.EnrollmentCreateManyInput[] = [];
  const sends: Prisma.RecoverySendCreateManyInput[] = [];
  const seeded: SeededEnrollment[] = [];

  for (const seed of seeds) {
    const checkoutId = seed.checkoutId ?? newId();
    if (!seed.checkoutId) {
      checkouts.push({
        id: checkoutId,
        shop,
        token: seed.token ?? `tok-${checkoutId}`,
        cartToken: seed.cartToken ?? null,
        emailHash: seed.emailHash ?? null,
        currency: "USD",
        subtotalMinor: 10_000,
        totalMinor: 10_000,
        lineItems: "[]",
        lineItemCount: 1,
        shopifyCreatedAt: new Date(seed.anchorAt.getTime() - HOUR_MS),
        shopifyUpdatedAt: seed.anchorAt,
      });
    }
    const id = newId();
    const arm = seed.arm ?? "TREATMENT";
    const sent = (seed.sends ?? [])
      .filter((send) => (send.status ?? "SENT") === "SENT" && send.sentAt)
      .map((send) => send.sentAt as Date)
      .sort((a, b) => a.getTime() - b.getTime());
    enrollments.push({
      id,
      shop,
      checkoutId,
      emailHash: seed.emailHash ?? null,
      status: seed.status ?? (arm === "HOLDOUT" ? "HOLDOUT" : "ACTIVE"),
      reason: seed.reason ?? null,
      arm,
      anchorAt: seed.anchorAt,
      enrolledAt: seed.enrolledAt ?? new Date(seed.anchorAt.getTime() + HOUR_MS),
      nextStep: seed.nextStep ?? null,
      dueAt: seed.dueAt ?? null,
      stepsSent: sent.length,
      firstSentAt: sent[0] ?? null,
      lastSentAt: sent.at(-1) ?? null,
      recoveredOrderId: seed.recovered ? (seed.recovered.orderId ?? `order-${id}`) : null,
      recoveredAt: seed.recovered?.at ?? null,
      attributionMethod: seed.recovered ? (seed.recovered.method ?? "CHECKOUT_TOKEN") : null,
      recoveredByEmail: seed.recovered?.byEmail ?? null,
      recoveredMinor: seed.recovered?.minor ?? null,
      segmentId: seed.segmentId ?? null,
      offerArm: seed.offerArm ?? null,
      sendTimeArm: seed.sendTimeArm ?? null,
      merchandiseMinor: seed.recovered?.merchandiseMinor ?? null,
      costOfGoodsMinor: seed.recovered?.costOfGoodsMinor ?? null,
      discountMinor: seed.recovered?.discountMinor ?? null,
      profitMinor: seed.recovered?.profitMinor ?? null,
    });
    const sendIds: string[] = [];
    for (const send of seed.sends ?? []) {
      const sendId = newId();
      sendIds.push(sendId);
      sends.push({
        id: sendId,
        shop,
        enrollmentId: id,
        checkoutId,
        step: send.step,
        emailHash: seed.emailHash ?? null,
        status: send.status ?? "SENT",
        outcome: (send.status ?? "SENT") === "SENT" ? "SENT" : null,
        idempotencyKey: `${shop}:${checkoutId}:${send.step}`,
        subjectVariant: send.subjectVariant ?? null,
        experimentKey: send.experimentKey ?? null,
        subject: send.subject ?? null,
        hasOffer: send.hasOffer ?? false,
        providerMessageId: send.providerMessageId ?? null,
        sentAt: send.sentAt ?? null,
        firstClickedAt: send.clickedAt ?? null,
        clickCount: send.clickCount ?? (send.clickedAt ? 1 : 0),
      });
    }
    seeded.push({ id, checkoutId, sendIds });
  }

  if (checkouts.length > 0) await prisma.checkout.createMany({ data: checkouts });
  await prisma.enrollment.createMany({ data: enrollments });
  if (sends.length > 0) await prisma.recoverySend.createMany({ data: sends });
  return seeded;
}

export async function seedEnrollment(shop: string, seed: EnrollmentSeed): Promise<SeededEnrollment> {
  const [seeded] = await seedEnrollments(shop, [seed]);
  if (!seeded) throw new Error("nothing seeded");
  return seeded;
}

/** One of our discount codes for an enrolment, optionally already used by an order. */
export async function seedDiscountCode(
  shop: string,
  enrollmentId: string,
  {
    code,
    kind = "PERCENTAGE",
    percentOff = 10,
    status = "ACTIVE",
    shopifyId = `gid://shopify/DiscountCodeNode/${Math.floor(Math.random() * 1e12)}`,
    startsAt = new Date("2022-01-01T00:00:00Z"),
    expiresAt = new Date("2022-01-04T00:00:00Z"),
    used,
  }: {
    code: string;
    kind?: "PERCENTAGE" | "FREE_SHIPPING";
    percentOff?: number | null;
    status?: string;
    shopifyId?: string | null;
    startsAt?: Date;
    expiresAt?: Date;
    used?: { orderId: string; at: Date; discountMinor: number };
  },
) {
  return prisma.discountCode.create({
    data: {
      shop,
      enrollmentId,
      code,
      kind,
      percentOff,
      minimumSubtotalMinor: 0,
      currency: "USD",
      status,
      shopifyId,
      startsAt,
      expiresAt,
      usedOrderId: used?.orderId ?? null,
      usedAt: used?.at ?? null,
      discountMinor: used?.discountMinor ?? null,
    },
  });
}

/** A timeline entry, as the engine writes them (no personal data). */
export async function seedRecoveryEvent(
  shop: string,
  {
    checkoutId,
    enrollmentId = null,
    type,
    reason = null,
    step = null,
    at,
    data = null,
  }: {
    checkoutId: string;
    enrollmentId?: string | null;
    type: string;
    reason?: string | null;
    step?: number | null;
    at: Date;
    data?: Record<string, unknown> | null;
  },
) {
  return prisma.recoveryEvent.create({
    data: {
      shop,
      checkoutId,
      enrollmentId,
      type,
      reason,
      step,
      at,
      data: data ? JSON.stringify(data) : null,
    },
  });
}

/**
 * A shopper's recovery trail on a checkout the ingest stored: the enrolment (with the checkout's email hash),
 * a sent first email whose subject greets them by name, optionally a second one still pending, timeline
 * entries, a discount code, and optionally a suppression of their address. What privacy requests must find.
 */
export async function seedShopperRecovery(
  shop: string,
  {
    checkoutToken,
    firstName,
    code,
    status = "ACTIVE",
    anchorAt = new Date("2022-01-01T00:00:00Z"),
    pendingStep = false,
    recovered,
    suppression,
  }: {
    checkoutToken: string;
    firstName: string;
    code: string;
    status?: string;
    anchorAt?: Date;
    pendingStep?: boolean;
    recovered?: RecoverySeed & { discountMinor?: number };
    suppression?: string;
  },
) {
  const checkout = await prisma.checkout.findUniqueOrThrow({
    where: { shop_token: { shop, token: checkoutToken } },
    select: { id: true, emailHash: true },
  });
  const sentAt = new Date(anchorAt.getTime() + HOUR_MS);
  const seeded = await seedEnrollment(shop, {
    checkoutId: checkout.id,
    emailHash: checkout.emailHash,
    status,
    anchorAt,
    nextStep: status === "ACTIVE" ? 2 : null,
    dueAt: status === "ACTIVE" ? new Date(anchorAt.getTime() + 24 * HOUR_MS) : null,
    sends: [
      {
        step: 1,
        sentAt,
        subject: `${firstName}, you left something in your cart`,
        providerMessageId: `msg-${checkoutToken}`,
        clickedAt: new Date(sentAt.getTime() + HOUR_MS),
        hasOffer: true,
      },
      ...(pendingStep ? [{ step: 2, status: "CLAIMED", sentAt: null, subject: null }] : []),
    ],
    recovered,
  });
  for (const [type, at] of [
    ["ENROLLED", anchorAt],
    ["SENT", sentAt],
    ["CLICKED", new Date(sentAt.getTime() + HOUR_MS)],
  ] as const) {
    await seedRecoveryEvent(shop, {
      checkoutId: checkout.id,
      enrollmentId: seeded.id,
      type,
      step: type === "ENROLLED" ? null : 1,
      at,
    });
  }
  await seedDiscountCode(shop, seeded.id, {
    code,
    startsAt: sentAt,
    expiresAt: new Date(sentAt.getTime() + 72 * HOUR_MS),
    // The code was used by the order that recovered the checkout, when the seed names that order.
    ...(recovered?.orderId
      ? {
          used: { orderId: recovered.orderId, at: recovered.at, discountMinor: recovered.discountMinor ?? 0 },
        }
      : {}),
  });
  if (suppression && checkout.emailHash)
    await prisma.suppression.create({ data: { shop, emailHash: checkout.emailHash, reason: suppression } });
  return { ...seeded, emailHash: checkout.emailHash };
}
