import crypto from "node:crypto";
import type { DbTransaction } from "~/db.server";
import type { FlowTriggerHandle } from "./flow-triggers";

/**
 * Records a Flow trigger to send, in the transaction of the event it reports, so it exists exactly when the
 * event does. One per (shop, trigger, checkout): a checkout is abandoned once and recovered once, and a
 * repeat (a concurrent tick, a redelivered order) changes nothing.
 */
export async function queueFlowTrigger(
  tx: DbTransaction,
  shop: string,
  {
    handle,
    checkoutId,
    payload,
    now,
  }: { handle: FlowTriggerHandle; checkoutId: string; payload: unknown; now: Date },
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "FlowTrigger" ("id", "shop", "handle", "checkoutId", "payload", "createdAt", "attempts", "nextAttemptAt")
    VALUES (${crypto.randomUUID()}, ${shop}, ${handle}, ${checkoutId}, ${JSON.stringify(payload)}, ${now}, 0, ${now})
    ON CONFLICT ("shop", "handle", "checkoutId") DO NOTHING`;
}
