import { prisma } from "~/db.server";
import { applyOfferToUrl } from "~/domain/discounts";
import { withUtm } from "~/domain/messages";
import { decryptField } from "~/lib/encryption.server";
import { logger } from "~/lib/logger.server";
import { mayRecordClick } from "~/lib/public-rate-limits.server";
import { verifyToken } from "~/lib/signed-token.server";
import { SEND_STATUS } from "./claim-step.server";
import { recordEvent } from "./record-event.server";

/**
 * A click on a recovery email's link: records it and answers where to go. The token names a send and nothing
 * else; the destination is always the checkout's stored recovery URL (with the send's still-valid codes and
 * campaign tags), never anything taken from the request, so the link cannot redirect elsewhere. Null when the
 * token is forged or the checkout's link is gone (redacted, or past the retention period).
 */
export async function followTrackedLink(token: string, { now }: { now: Date }): Promise<string | null> {
  const sendId = verifyToken("click", token);
  if (!sendId) return null;
  const send = await prisma.recoverySend.findUnique({
    where: { id: sendId },
    select: {
      id: true,
      shop: true,
      checkoutId: true,
      enrollmentId: true,
      step: true,
      status: true,
      firstClickedAt: true,
    },
  });
  if (!send || send.status !== SEND_STATUS.SENT) return null;
  const checkout = await prisma.checkout.findFirst({
    where: { id: send.checkoutId, shop: send.shop },
    select: { recoveryUrl: true },
  });
  const recoveryUrl = checkout ? decryptField(send.shop, checkout.recoveryUrl) : null;
  if (!recoveryUrl) return null;

  // By (shop, enrollmentId), then filtered here: with the status and expiry in the query, SQLite chose the
  // (status, expiresAt) index and read every live code of every shop on each click.
  const codes = (
    await prisma.discountCode.findMany({
      where: { shop: send.shop, enrollmentId: send.enrollmentId },
      orderBy: { kind: "asc" },
      select: { code: true, status: true, startsAt: true, expiresAt: true },
    })
  ).filter((code) => code.status === "ACTIVE" && code.startsAt <= now && code.expiresAt > now);
  // A flood of valid links (one shop's emails forwarded to a bot farm) still redirects but writes nothing.
  if (!(await mayRecordClick(send.shop, now))) {
    logger.warn({ shop: send.shop, unit: "click" }, "click not recorded: the shop's click limit is reached");
    return destinationOf(recoveryUrl, codes, send.step);
  }
  await prisma.$transaction(async (tx) => {
    await tx.recoverySend.update({
      where: { id: send.id },
      data: { clickCount: { increment: 1 }, ...(send.firstClickedAt ? {} : { firstClickedAt: now }) },
    });
    if (!send.firstClickedAt) {
      await recordEvent(tx, {
        shop: send.shop,
        checkoutId: send.checkoutId,
        enrollmentId: send.enrollmentId,
        step: send.step,
        type: "CLICKED",
        at: now,
      });
    }
  });
  return destinationOf(recoveryUrl, codes, send.step);
}

function destinationOf(recoveryUrl: string, codes: Array<{ code: string }>, step: number): string {
  const landing = withUtm(recoveryUrl, { channel: "email", step });
  return codes.length > 0
    ? applyOfferToUrl(
        landing,
        codes.map((row) => row.code),
      )
    : landing;
}
