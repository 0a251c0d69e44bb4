import { prisma } from "~/db.server";
import { stopActiveEnrollments } from "~/domain/sequences";
import { encryptField, hashEmail, normalizeEmail } from "~/lib/encryption.server";
import type { PixelEvent } from "./pixel-event-schema";

/** What the app did with a pixel event: a named outcome, logged and answered. */
export type PixelOutcome =
  | "EMAIL_FILLED"
  | "COMPLETION_NOTED"
  | "NOTHING_TO_FILL"
  | "UNKNOWN_CHECKOUT"
  | "IGNORED_NO_EMAIL"
  | "IGNORED_NO_CHECKOUT"
  | "INVALID_EMAIL";

/**
 * Applies a pixel event within what an untrusted source may do. The pixel never creates a checkout and never
 * changes what Shopify's signed webhooks wrote; it may only:
 *   - fill in the email of a checkout the webhooks delivered without one yet (checkout_started or
 *     checkout_contact_info_submitted); a webhook's email later replaces it (ingest-checkout);
 *   - note that a checkout was completed (checkout_completed), which stops its emails at once, before the
 *     order webhook arrives: so the worst a forged event can do is stop a reminder, never send one.
 * Consent comes from the webhooks only. Events without an email (carts, a checkout before the contact step)
 * store nothing. Times are the server's: the browser's clock is the visitor's to set.
 */
export async function recordPixelEvent(
  shop: string,
  event: PixelEvent,
  { now }: { now: Date },
): Promise<PixelOutcome> {
  if (event.name === "product_added_to_cart") return "IGNORED_NO_EMAIL";
  const token = event.checkoutToken;
  if (!token) return "IGNORED_NO_CHECKOUT";
  if (event.name === "checkout_completed") return noteCompletion(shop, token, now);
  if (!event.email) return "IGNORED_NO_EMAIL";
  const email = normalizeEmail(event.email);
  if (!email) return "INVALID_EMAIL";
  const { count } = await prisma.checkout.updateMany({
    where: { shop, token, emailHash: null, redactedAt: null, deletedAt: null },
    data: { email: encryptField(shop, email), emailHash: hashEmail(shop, email), emailFromPixelAt: now },
  });
  if (count === 1) return "EMAIL_FILLED";
  const known = await prisma.checkout.count({ where: { shop, token } });
  return known > 0 ? "NOTHING_TO_FILL" : "UNKNOWN_CHECKOUT";
}

async function noteCompletion(shop: string, token: string, now: Date): Promise<PixelOutcome> {
  return prisma.$transaction(async (tx) => {
    const checkout = await tx.checkout.findUnique({
      where: { shop_token: { shop, token } },
      select: { id: true },
    });
    if (!checkout) return "UNKNOWN_CHECKOUT";
    await tx.checkout.updateMany({
      where: { id: checkout.id, shop, pixelCompletedAt: null },
      data: { pixelCompletedAt: now },
    });
    await stopActiveEnrollments(tx, shop, { checkoutId: checkout.id }, "COMPLETED", now);
    return "COMPLETION_NOTED";
  });
}
