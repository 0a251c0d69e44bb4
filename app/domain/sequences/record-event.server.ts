import crypto from "node:crypto";
import type { DbTransaction } from "~/db.server";
import type { EventType, SkipReason, StepOutcome } from "~/domain/outcomes";

/** A JSON value of an event's details. */
export type EventDetail = string | number | boolean | null | EventDetail[] | { [key: string]: EventDetail };

export interface RecoveryEventInput {
  shop: string;
  checkoutId: string;
  enrollmentId?: string | null;
  step?: number | null;
  type: EventType;
  reason?: SkipReason | StepOutcome | string | null;
  /** Details for the timeline; never personal data. */
  data?: Record<string, EventDetail>;
  at: Date;
}

/**
 * One plain INSERT (the engine writes an event with every step, enrolment and stop, so it skips Prisma's
 * query compiler). Inside the caller's transaction.
 */
export async function recordEvent(db: DbTransaction, event: RecoveryEventInput): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "RecoveryEvent" ("id", "shop", "checkoutId", "enrollmentId", "step", "type", "reason", "data", "at")
    VALUES (
      ${crypto.randomUUID()}, ${event.shop}, ${event.checkoutId}, ${event.enrollmentId ?? null},
      ${event.step ?? null}, ${event.type}, ${event.reason ?? null},
      ${event.data ? JSON.stringify(event.data) : null}, ${event.at}
    )`;
}
