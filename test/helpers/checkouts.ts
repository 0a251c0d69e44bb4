import crypto from "node:crypto";
import { prisma, type Prisma } from "~/db.server";
import type { CheckoutLine } from "~/domain/checkouts";
import type { AttributionMethod } from "~/domain/outcomes";
import { encryptField, hashEmail, hashName, normalizeEmail } from "~/lib/encryption.server";

/**
 * Checkouts stored as the ingest stores them (personal fields sealed, email and first name hashed), each with
 * the enrolment the engine would have left, inserted in bulk: the checkout list's tests seed thousands.
 */

export interface CheckoutRowSeed {
  /** A UUID by default; tests that compare ids' order choose their own. */
  id?: string;
  token?: string;
  /** Plain address; sealed and hashed like the ingest does. Null: a checkout without one. */
  email?: string | null;
  firstName?: string | null;
  updatedAt: Date;
  createdAt?: Date;
  currency?: string;
  subtotalMinor?: number;
  lines?: CheckoutLine[];
  locale?: string | null;
  acceptsMarketing?: boolean;
  completedAt?: Date | null;
  orderedAt?: Date | null;
  orderId?: string | null;
  deletedAt?: Date | null;
  redactedAt?: Date | null;
  enrollment?: {
    status: string;
    reason?: string | null;
    arm?: "TREATMENT" | "HOLDOUT";
    stepsSent?: number;
    nextStep?: number | null;
    dueAt?: Date | null;
    anchorAt?: Date;
    recovered?: { orderId: string; at: Date; byEmail: boolean; method: AttributionMethod; minor: number };
  };
}

export interface SeededCheckout {
  id: string;
  enrollmentId: string | null;
}

const HOUR_MS = 60 * 60 * 1000;

export function checkoutLine(overrides: Partial<CheckoutLine> = {}): CheckoutLine {
  return {
    productId: "1001",
    variantId: "2001",
    title: "Linen shirt",
    variantTitle: "Blue / M",
    quantity: 1,
    unitPriceMinor: 4_500,
    linePriceMinor: 4_500,
    sku: null,
    imageUrl: "https://cdn.shopify.com/s/files/linen-shirt.jpg",
    ...overrides,
  };
}

/** Inserts the checkouts (and their enrolments) of one shop; returns their ids in the order given. */
export async function seedCheckouts(shop: string, seeds: CheckoutRowSeed[]): Promise<SeededCheckout[]> {
  const checkouts: Prisma.CheckoutCreateManyInput[] = [];
  const enrollments: Prisma.EnrollmentCreateManyInput[] = [];
  const seeded: SeededCheckout[] = [];
  for (const seed of seeds) {
    const id = seed.id ?? crypto.randomUUID();
    const email = seed.email === undefined ? `${id.slice(0, 8)}@shopper.co` : normalizeEmail(seed.email);
    const emailHash = email ? hashEmail(shop, email) : null;
    const lines = seed.lines ?? [checkoutLine()];
    const subtotalMinor = seed.subtotalMinor ?? lines.reduce((sum, line) => sum + line.linePriceMinor, 0);
    checkouts.push({
      id,
      shop,
      token: seed.token ?? `tok-${id}`,
      emailHash,
      email: encryptField(shop, email),
      firstName: encryptField(shop, seed.firstName ?? null),
      firstNameHash: seed.firstName ? hashName(shop, seed.firstName) : null,
      locale: seed.locale ?? null,
      currency: seed.currency ?? "USD",
      subtotalMinor,
      totalMinor: subtotalMinor,
      lineItems: JSON.stringify(lines),
      lineItemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      acceptsMarketing: seed.acceptsMarketing ?? true,
      shopifyCreatedAt: seed.createdAt ?? new Date(seed.updatedAt.getTime() - HOUR_MS),
      shopifyUpdatedAt: seed.updatedAt,
      completedAt: seed.completedAt ?? null,
      orderedAt: seed.orderedAt ?? null,
      orderId: seed.orderId ?? null,
      deletedAt: seed.deletedAt ?? null,
      redactedAt: seed.redactedAt ?? null,
    });
    let enrollmentId: string | null = null;
    const enrollment = seed.enrollment;
    if (enrollment) {
      enrollmentId = crypto.randomUUID();
      const recovered = enrollment.recovered;
      enrollments.push({
        id: enrollmentId,
        shop,
        checkoutId: id,
        emailHash,
        status: enrollment.status,
        reason: enrollment.reason ?? null,
        arm: enrollment.arm ?? "TREATMENT",
        anchorAt: enrollment.anchorAt ?? seed.updatedAt,
        enrolledAt: new Date(seed.updatedAt.getTime() + HOUR_MS),
        nextStep: enrollment.nextStep ?? null,
        dueAt: enrollment.dueAt ?? null,
        stepsSent: enrollment.stepsSent ?? 0,
        recoveredOrderId: recovered?.orderId ?? null,
        recoveredAt: recovered?.at ?? null,
        recoveredByEmail: recovered?.byEmail ?? null,
        attributionMethod: recovered?.method ?? null,
        recoveredMinor: recovered?.minor ?? null,
      });
    }
    seeded.push({ id, enrollmentId });
  }
  // SQLite allows at most 32,766 bound values per statement; 500 rows stay well below it.
  for (let start = 0; start < checkouts.length; start += 500)
    await prisma.checkout.createMany({ data: checkouts.slice(start, start + 500) });
  for (let start = 0; start < enrollments.length; start += 500)
    await prisma.enrollment.createMany({ data: enrollments.slice(start, start + 500) });
  return seeded;
}
