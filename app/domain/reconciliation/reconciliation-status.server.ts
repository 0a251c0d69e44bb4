import { prisma } from "~/db.server";

/** What the admin home says about reconciliation with Shopify's list of abandoned checkouts. */
export type ReconciliationOutcome = "OK" | "FAILED" | "MISSING_ACCESS";

export interface ReconciliationStatus {
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOutcome: ReconciliationOutcome | null;
  /** Why the last run failed or lacked access, in words for the merchant (never a token). */
  lastError: string | null;
  /** Abandoned checkouts the last run read, and how many of them no webhook had brought. */
  lastSeen: number;
  lastFound: number;
  totalFound: number;
  /** The merchant asked for a run that has not started yet. */
  requestedAt: Date | null;
}

const OUTCOMES: readonly string[] = ["OK", "FAILED", "MISSING_ACCESS"];

export async function getReconciliationStatus(shop: string): Promise<ReconciliationStatus> {
  const row = await prisma.reconciliationState.findUnique({
    where: { shop },
    select: {
      lastStartedAt: true,
      lastFinishedAt: true,
      lastOutcome: true,
      lastError: true,
      lastSeen: true,
      lastFound: true,
      totalFound: true,
      requestedAt: true,
    },
  });
  return {
    lastStartedAt: row?.lastStartedAt ?? null,
    lastFinishedAt: row?.lastFinishedAt ?? null,
    lastOutcome:
      row?.lastOutcome && OUTCOMES.includes(row.lastOutcome)
        ? (row.lastOutcome as ReconciliationOutcome)
        : null,
    lastError: row?.lastError ?? null,
    lastSeen: row?.lastSeen ?? 0,
    lastFound: row?.lastFound ?? 0,
    totalFound: row?.totalFound ?? 0,
    requestedAt: row?.requestedAt ?? null,
  };
}

/** The merchant's "Check now": the next tick reconciles the shop whatever its schedule says. */
export async function requestReconciliation(shop: string, now: Date): Promise<void> {
  await prisma.reconciliationState.upsert({
    where: { shop },
    create: { shop, requestedAt: now },
    update: { requestedAt: now },
  });
}
