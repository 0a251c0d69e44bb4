import crypto from "node:crypto";
import { prisma } from "~/db.server";
import { SEND_STATUS, type StepClaim } from "./claim-step.server";

/**
 * A provider batch whose answer never came (a timeout, a worker that stopped) may have been sent. Its steps
 * go again only together, under the batch's key: the provider then answers a batch it accepted as a repeat
 * and sends one it never saw. A part of it sent alone under the key would make the provider take the rest,
 * sent later, for repeats, and those emails would be lost. So when a claimed step names a batch, its batch
 * mates still without an outcome are claimed with it (a mate waiting for its retry is taken at once: it is
 * due with its batch); if a mate is held by another worker, none of that batch is sent now: the claims stay,
 * their leases lapse, and the batch goes whole later.
 */
export async function claimBatchMates(
  shop: string,
  claims: StepClaim[],
  { now, leaseMs }: { now: Date; leaseMs: number },
): Promise<{ claims: StepClaim[]; heldBatches: Set<string> }> {
  const keys = [...new Set(claims.flatMap((claim) => (claim.batchKey ? [claim.batchKey] : [])))];
  const heldBatches = new Set<string>();
  if (keys.length === 0) return { claims, heldBatches };
  const mine = new Set(claims.map((claim) => claim.sendId));
  const mates = await prisma.recoverySend.findMany({
    where: {
      shop,
      batchKey: { in: keys },
      status: { in: [SEND_STATUS.CLAIMED, SEND_STATUS.RETRY] },
      id: { notIn: [...mine] },
    },
    select: {
      id: true,
      enrollmentId: true,
      checkoutId: true,
      step: true,
      status: true,
      leaseUntil: true,
      attempts: true,
      idempotencyKey: true,
      batchKey: true,
    },
  });
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const taken: StepClaim[] = [];
  for (const mate of mates) {
    const batchKey = mate.batchKey as string;
    if (heldBatches.has(batchKey)) continue;
    const token = crypto.randomUUID();
    const { count } = await prisma.recoverySend.updateMany({
      where:
        mate.status === SEND_STATUS.RETRY
          ? { id: mate.id, shop, status: SEND_STATUS.RETRY, batchKey }
          : { id: mate.id, shop, status: SEND_STATUS.CLAIMED, batchKey, leaseUntil: { lt: now } },
      data: { status: SEND_STATUS.CLAIMED, claimToken: token, leaseUntil, attempts: { increment: 1 } },
    });
    if (count !== 1) {
      heldBatches.add(batchKey);
      continue;
    }
    taken.push({
      sendId: mate.id,
      token,
      shop,
      enrollmentId: mate.enrollmentId,
      checkoutId: mate.checkoutId,
      step: mate.step,
      attempts: mate.attempts + 1,
      idempotencyKey: mate.idempotencyKey,
      batchKey,
    });
  }
  const all = [...claims, ...taken];
  return {
    claims: all.filter((claim) => !claim.batchKey || !heldBatches.has(claim.batchKey)),
    heldBatches,
  };
}
