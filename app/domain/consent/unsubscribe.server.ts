import { prisma } from "~/db.server";
import { stopActiveEnrollments } from "~/domain/sequences";
import { readUnsubscribeToken } from "~/domain/messages";
import { getShopSettings } from "~/domain/shops";
import { upsertMarketingConsent } from "./record-marketing-consent.server";

/** One-click unsubscribe: what following a message's unsubscribe link (messages/message-links) does. */

export const SHOPIFY_SYNC = {
  NOT_NEEDED: "NOT_NEEDED",
  PENDING: "PENDING",
  DONE: "DONE",
  FAILED: "FAILED",
} as const;

export interface UnsubscribePage {
  shopName: string;
  logoUrl: string | null;
  accentColor: string;
  alreadyUnsubscribed: boolean;
}

/** What the confirmation page shows, or null when the token is not valid (or the shop is gone). */
export async function describeUnsubscribeLink(token: string): Promise<UnsubscribePage | null> {
  const subject = readUnsubscribeToken(token);
  if (!subject) return null;
  const shop = await prisma.shop.findUnique({ where: { domain: subject.shop }, select: { name: true } });
  if (!shop) return null;
  const [settings, suppression] = await Promise.all([
    getShopSettings(subject.shop),
    prisma.suppression.findUnique({ where: { shop_emailHash: subject }, select: { reason: true } }),
  ]);
  return {
    shopName: settings.sender.displayName ?? shop.name ?? subject.shop.replace(/\.myshopify\.com$/, ""),
    logoUrl: settings.sender.logoUrl,
    accentColor: settings.sender.accentColor,
    alreadyUnsubscribed: suppression?.reason === "UNSUBSCRIBED",
  };
}

export type UnsubscribeOutcome = "UNSUBSCRIBED" | "ALREADY_UNSUBSCRIBED";

/**
 * Suppresses the address for the shop at once (so nothing more is sent: every pending step re-checks
 * suppression before it goes out), records the consent change, stops the address's active sequences, and
 * queues the write-back of the unsubscribe to Shopify (its API terms require it) when the customer is known.
 */
export async function unsubscribe(token: string, { now }: { now: Date }): Promise<UnsubscribeOutcome | null> {
  const subject = readUnsubscribeToken(token);
  if (!subject) return null;
  const { shop, emailHash } = subject;
  if (!(await prisma.shop.findUnique({ where: { domain: shop }, select: { domain: true } }))) return null;
  const customer =
    (await prisma.checkout.findFirst({
      where: { shop, emailHash, customerId: { not: null } },
      orderBy: { shopifyUpdatedAt: "desc" },
      select: { customerId: true },
    })) ??
    (await prisma.order.findFirst({
      where: { shop, emailHash, customerId: { not: null } },
      orderBy: { shopifyCreatedAt: "desc" },
      select: { customerId: true },
    }));
  const customerId = customer?.customerId ?? null;

  return prisma.$transaction(async (tx) => {
    const existing = await tx.suppression.findUnique({
      where: { shop_emailHash: subject },
      select: { reason: true, shopifySync: true },
    });
    if (existing?.reason === "UNSUBSCRIBED") return "ALREADY_UNSUBSCRIBED";
    const sync = customerId ? SHOPIFY_SYNC.PENDING : SHOPIFY_SYNC.NOT_NEEDED;
    await tx.suppression.upsert({
      where: { shop_emailHash: subject },
      create: {
        shop,
        emailHash,
        reason: "UNSUBSCRIBED",
        customerId,
        shopifySync: sync,
        shopifyNextSyncAt: now,
      },
      // A bounced address that also unsubscribes: the unsubscribe is the shopper's own word, so it wins.
      update: {
        reason: "UNSUBSCRIBED",
        customerId,
        shopifySync: sync,
        shopifyNextSyncAt: now,
        shopifySyncAttempts: 0,
        shopifySyncError: null,
      },
    });
    await upsertMarketingConsent(tx, shop, {
      emailHash,
      customerId,
      state: "UNSUBSCRIBED",
      consentUpdatedAt: now,
    });
    await stopActiveEnrollments(tx, shop, { emailHash }, "UNSUBSCRIBED", now);
    return "UNSUBSCRIBED";
  });
}
