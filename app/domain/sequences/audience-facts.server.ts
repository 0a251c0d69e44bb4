import { prisma } from "~/db.server";
import { openField } from "~/lib/encryption.server";
import { logger } from "~/lib/logger.server";
import type { CandidateFacts } from "./decide-enrollment";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";
import type { ShopContext } from "./shop-context.server";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CheckoutForAudience {
  id: string;
  token: string;
  emailHash: string | null;
  email: string | null;
  acceptsMarketing: boolean;
  shopifyUpdatedAt: Date;
}

/**
 * The audience facts of several checkouts of one shop in four queries (consents, suppressions and recent
 * sequences by email hash), not four per checkout. `ownEnrollmentIds` are left out of "recent sequences", so a
 * checkout being re-evaluated does not count its own enrolment against itself.
 */
export async function loadAudienceFacts(
  context: ShopContext,
  checkouts: CheckoutForAudience[],
  { now, ownEnrollmentIds = [] }: { now: Date; ownEnrollmentIds?: string[] },
): Promise<Map<string, CandidateFacts>> {
  const { shop, settings } = context;
  const hashes = [
    ...new Set(
      checkouts.map((checkout) => checkout.emailHash).filter((hash): hash is string => hash !== null),
    ),
  ];
  const cooldownStart = new Date(now.getTime() - settings.audience.sequenceCooldownDays * DAY_MS);
  const [consents, suppressions, recent] = hashes.length
    ? await Promise.all([
        prisma.marketingConsent.findMany({
          where: { shop, emailHash: { in: hashes } },
          select: { emailHash: true, state: true, consentUpdatedAt: true },
        }),
        prisma.suppression.findMany({
          where: { shop, emailHash: { in: hashes } },
          select: { emailHash: true, reason: true },
        }),
        prisma.enrollment.findMany({
          where: {
            shop,
            emailHash: { in: hashes },
            id: { notIn: ownEnrollmentIds },
            OR: [{ status: ENROLLMENT_STATUS.ACTIVE }, { firstSentAt: { gte: cooldownStart } }],
          },
          select: { emailHash: true },
        }),
      ])
    : [[], [], []];
  const consentOf = new Map(
    consents.map((row) => [row.emailHash, { state: row.state, updatedAt: row.consentUpdatedAt }]),
  );
  const suppressionOf = new Map(suppressions.map((row) => [row.emailHash, row.reason]));
  const inSequence = new Set(recent.map((row) => row.emailHash));
  const paused = settings.sending.status === "PAUSED";

  return new Map(
    checkouts.map((checkout) => [
      checkout.id,
      {
        shop,
        checkoutId: checkout.id,
        checkoutToken: checkout.token,
        ...openAddress(shop, checkout),
        acceptsMarketing: checkout.acceptsMarketing,
        lastActivityAt: checkout.shopifyUpdatedAt,
        consent: checkout.emailHash ? (consentOf.get(checkout.emailHash) ?? null) : null,
        suppression: checkout.emailHash ? (suppressionOf.get(checkout.emailHash) ?? null) : null,
        hasRecentSequence: checkout.emailHash ? inSequence.has(checkout.emailHash) : false,
        sendingPaused: paused,
      },
    ]),
  );
}

/** The checkout's address; one that does not decrypt marks the checkout unreadable, for a named skip. */
function openAddress(shop: string, checkout: CheckoutForAudience) {
  const opened = openField(shop, checkout.email);
  if (opened.readable) return { email: opened.value };
  logger.error(
    { shop, checkoutId: checkout.id, field: "email", cause: opened.error },
    "a checkout's address could not be decrypted: it is skipped as UNREADABLE_DATA",
  );
  return { email: null, unreadable: true };
}
