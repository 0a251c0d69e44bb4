import { z } from "zod";
import { prisma, type DbTransaction } from "~/db.server";
import { updateShopSettings } from "~/domain/shops";
import { logger } from "~/lib/logger.server";
import { RESEND_DELIVERY_PREFIX } from "~/lib/resend-webhook.server";
import { readSenderReputation, type ReputationReason } from "~/domain/sending";
import { recordEvent } from "./record-event.server";
import { stopActiveEnrollments } from "./stop-active-enrollments.server";

/**
 * What Resend tells us after a send (delivered, opened, clicked, bounced, complained), recorded against the
 * send. A hard bounce or a complaint suppresses the address for the shop. Too many of either over the shop's
 * last 30 days pauses its sending, with the reason shown to the merchant: mailbox providers judge the sending
 * domain by these rates (sender-reputation.ts has the levels and where they come from).
 */

export const ResendEventSchema = z.object({
  type: z.string().max(64),
  created_at: z.string().max(64).optional(),
  data: z
    .object({
      email_id: z.string().max(128),
      bounce: z
        .object({ type: z.string().max(64).optional(), subType: z.string().max(64).optional() })
        .partial()
        .optional(),
      // Resend documents tags as name/value pairs; an object of names to values is read too, and any other
      // shape is ignored rather than refused (the event is still recorded by its email id).
      tags: z
        .union([
          z.array(z.object({ name: z.string().max(256), value: z.string().max(256) })).max(100),
          z.record(z.string().max(256), z.string().max(256)),
        ])
        .optional()
        .catch(undefined),
    })
    .passthrough(),
});
export type ResendEvent = z.infer<typeof ResendEventSchema>;

export type DeliveryEventOutcome =
  "RECORDED" | "SUPPRESSED" | "PAUSED" | "UNKNOWN_EMAIL" | "IGNORED_TYPE" | "DUPLICATE";

const isHardBounce = (event: ResendEvent) =>
  !/transient|temporary|soft/i.test(event.data.bounce?.type ?? "Permanent");

async function suppressAndStop(
  tx: DbTransaction,
  shop: string,
  emailHash: string,
  reason: "HARD_BOUNCE" | "COMPLAINT",
  now: Date,
) {
  await tx.suppression.upsert({
    where: { shop_emailHash: { shop, emailHash } },
    create: { shop, emailHash, reason },
    // An unsubscribe is the shopper's own word and stays; a bounce and a complaint replace each other.
    update: {},
  });
  await stopActiveEnrollments(tx, shop, { emailHash }, "SUPPRESSED", now);
}

/**
 * Pauses the shop's sending when its bounces or complaints of the last 30 days cross the pause level
 * (sender-reputation.ts); returns the reason.
 */
export async function protectSenderReputation(shop: string, now: Date): Promise<ReputationReason | null> {
  const reading = await readSenderReputation(shop, now);
  if (reading.level !== "PAUSE" || !reading.reason) return null;
  const reason = reading.reason;
  // A compare-and-swap: a settings save made at the same moment is kept, and so is this pause.
  let paused = false;
  await updateShopSettings(shop, (settings) => {
    if (settings.sending.status === "PAUSED") return settings;
    paused = true;
    return { ...settings, sending: { status: "PAUSED", pausedReason: reason, pausedAt: now.toISOString() } };
  });
  if (!paused) return null;
  logger.warn(
    { shop, reason, sent: reading.sent, bounced: reading.bounced, complained: reading.complained },
    "sending paused to protect the sender's reputation",
  );
  return reason;
}

const SEND_FIELDS = {
  id: true,
  shop: true,
  checkoutId: true,
  enrollmentId: true,
  step: true,
  emailHash: true,
  openedAt: true,
  deliveredAt: true,
} as const;

/** The `send` tag compose-recovery-email puts on every email, as Resend hands tags back. */
function sendTagOf(event: ResendEvent): string | null {
  const tags = event.data.tags;
  if (!tags) return null;
  if (Array.isArray(tags)) return tags.find((tag) => tag.name === "send")?.value ?? null;
  return tags.send ?? null;
}

/**
 * The send an event is about: by the provider's id, or, for an email whose id the app never learned (its
 * answer was lost and the retry was told "already sent", which names no id), by its `send` tag; that id is
 * then recorded so the next events find it directly. A known id is never replaced, and a send whose personal
 * fields are gone (redacted, past retention) is not matched by its tag.
 */
async function findSendOf(event: ResendEvent) {
  const byId = await prisma.recoverySend.findFirst({
    where: { providerMessageId: event.data.email_id },
    select: SEND_FIELDS,
  });
  if (byId) return byId;
  const sendId = sendTagOf(event);
  if (!sendId) return null;
  const unknownId = { id: sendId, providerMessageId: null, emailHash: { not: null } };
  const byTag = await prisma.recoverySend.findFirst({ where: unknownId, select: SEND_FIELDS });
  if (!byTag) return null;
  await prisma.recoverySend.updateMany({
    where: { ...unknownId, shop: byTag.shop },
    data: { providerMessageId: event.data.email_id },
  });
  return byTag;
}

export async function recordDeliveryEvent(
  event: ResendEvent,
  { svixId, now }: { svixId: string; now: Date },
): Promise<DeliveryEventOutcome> {
  const send = await findSendOf(event);
  if (!send) return "UNKNOWN_EMAIL";
  const kind = event.type.replace(/^email\./, "");
  if (!["delivered", "opened", "clicked", "bounced", "complained"].includes(kind)) return "IGNORED_TYPE";
  const at =
    event.created_at && !Number.isNaN(Date.parse(event.created_at)) ? new Date(event.created_at) : now;

  const outcome = await prisma.$transaction(async (tx): Promise<DeliveryEventOutcome> => {
    const fresh = await tx.$executeRaw`
      INSERT INTO "WebhookDelivery" ("shop", "webhookId", "topic", "receivedAt")
      VALUES (${send.shop}, ${`${RESEND_DELIVERY_PREFIX}${svixId}`}, ${event.type}, ${now})
      ON CONFLICT ("shop", "webhookId") DO NOTHING`;
    if (fresh === 0) return "DUPLICATE";
    if (kind === "delivered")
      await tx.recoverySend.update({ where: { id: send.id }, data: { deliveredAt: send.deliveredAt ?? at } });
    // Opens are recorded as reported; Apple's privacy protection makes them an upper bound, so no figure
    // of the dashboard depends on them.
    if (kind === "opened")
      await tx.recoverySend.update({ where: { id: send.id }, data: { openedAt: send.openedAt ?? at } });
    if (kind === "bounced" || kind === "complained") {
      const hard = kind === "complained" || isHardBounce(event);
      await tx.recoverySend.update({
        where: { id: send.id },
        data: kind === "bounced" ? { bouncedAt: at } : { complainedAt: at },
      });
      await recordEvent(tx, {
        shop: send.shop,
        checkoutId: send.checkoutId,
        enrollmentId: send.enrollmentId,
        step: send.step,
        type: "FAILED",
        reason: kind === "bounced" ? (hard ? "HARD_BOUNCE" : "SOFT_BOUNCE") : "COMPLAINT",
        at,
      });
      if (hard && send.emailHash) {
        await suppressAndStop(
          tx,
          send.shop,
          send.emailHash,
          kind === "bounced" ? "HARD_BOUNCE" : "COMPLAINT",
          now,
        );
        return "SUPPRESSED";
      }
    }
    return "RECORDED";
  });
  if (outcome === "SUPPRESSED" && (await protectSenderReputation(send.shop, now))) return "PAUSED";
  return outcome;
}
