import type { DbTransaction } from "~/db.server";
import type { EventType, SkipReason, StepOutcome } from "./outcomes";

export interface RecoveryEventInput {
  shop: string;
  checkoutId: string;
  enrollmentId?: string | null;
  step?: number | null;
  type: EventType;
  reason?: SkipReason | StepOutcome | string | null;
  /** Details for the timeline; never personal data. */
  data?: Record<string, string | number | boolean | null>;
  at: Date;
}

export function recordEvent(db: DbTransaction, event: RecoveryEventInput) {
  return db.recoveryEvent.create({
    data: {
      shop: event.shop,
      checkoutId: event.checkoutId,
      enrollmentId: event.enrollmentId ?? null,
      step: event.step ?? null,
      type: event.type,
      reason: event.reason ?? null,
      data: event.data ? JSON.stringify(event.data) : null,
      at: event.at,
    },
  });
}
