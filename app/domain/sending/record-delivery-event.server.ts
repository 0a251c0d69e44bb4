import { z } from "zod";
import { prisma, type DbTransaction } from "~/db.server";
import { recordEvent } from "~/domain/sequences/record-event.server";
import { stopActiveEnrollments } from "~/domain/sequences/stop-active-enrollments.server";
import { updateShopSettings } from "~/domain/shops";
import { logger } from "~/lib/logger.server";

/**
 * What Resend tells us after a send (delivered, opened, clicked, bounced, complained), recorded against the
 * send. A hard bounce or a complaint suppresses the address for the shop. Too many of either over the shop's
 * last sends pauses its sending, with the reason shown to the merchant: mailbox providers judge the sending
 * domain by these rates, and Gmail's limit for complaints is 0.3%.
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
    })
    .passthrough(),
});
export type ResendEvent = z.infer<typeof ResendEventSchema>;

export const REPUTATION_WINDOW = 200;
/** Rates are judged only once a shop has sent at least this many in the window. */
export const REPUTATION_MINIMUM_SENDS = 50;
export const MAX_BOUNCE_RATE = 0.05;
export const MAX_COMPLAINT_RATE = 0.003;

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

/** Pauses the shop's sending when its recent bounce or complaint rate is over the limit; returns the reason. */
export async function protectSenderReputation(
  shop: string,
  now: Date,
): Promise<"BOUNCE_RATE" | "COMPLAINT_RATE" | null> {
  const recent = await prisma.recoverySend.findMany({
    where: { shop, status: "SENT" },
    orderBy: { sentAt: "desc" },
    take: REPUTATION_WINDOW,
    select: { bouncedAt: true, complainedAt: true },
  });
  if (recent.length < REPUTATION_MINIMUM_SENDS) return null;
  const complaints = recent.filter((send) => send.complainedAt).length / recent.length;
  const bounces = recent.filter((send) => send.bouncedAt).length / recent.length;
  const reason =
    complaints > MAX_COMPLAINT_RATE ? "COMPLAINT_RATE" : bounces > MAX_BOUNCE_RATE ? "BOUNCE_RATE" : null;
  if (!reason) return null;
  // A compare-and-swap: a settings save made at the same moment is kept, and so is this pause.
  let paused = false;
  await updateShopSettings(shop, (settings) => {
    if (settings.sending.status === "PAUSED") return settings;
    paused = true;
    return { ...settings, sending: { status: "PAUSED", pausedReason: reason, pausedAt: now.toISOString() } };
  });
  if (!paused) return null;
  logger.warn(
    { shop, reason, bounceRate: bounces, complaintRate: complaints, window: recent.length },
    "sending paused to protect the sender's reputation",
  );
  return reason;
}

export async function recordDeliveryEvent(
  event: ResendEvent,
  { svixId, now }: { svixId: string; now: Date },
): Promise<DeliveryEventOutcome> {
  const send = await prisma.recoverySend.findFirst({
    where: { providerMessageId: event.data.email_id },
    select: {
      id: true,
      shop: true,
      checkoutId: true,
      enrollmentId: true,
      step: true,
      emailHash: true,
      openedAt: true,
      deliveredAt: true,
    },
  });
  if (!send) return "UNKNOWN_EMAIL";
  const kind = event.type.replace(/^email\./, "");
  if (!["delivered", "opened", "clicked", "bounced", "complained"].includes(kind)) return "IGNORED_TYPE";
  const at =
    event.created_at && !Number.isNaN(Date.parse(event.created_at)) ? new Date(event.created_at) : now;

  const outcome = await prisma.$transaction(async (tx): Promise<DeliveryEventOutcome> => {
    const fresh = await tx.$executeRaw`
      INSERT INTO "WebhookDelivery" ("shop", "webhookId", "topic", "receivedAt")
      VALUES (${send.shop}, ${`resend:${svixId}`}, ${event.type}, ${now})
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
