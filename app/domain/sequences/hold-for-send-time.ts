import type { SequenceStep, ShopSettings } from "~/domain/shops";
import { chooseSendTime, type SendTimeBasis, type SendTimeHistory } from "./send-time";

/**
 * Whether a due step waits for a better hour (send-time optimisation, ./send-time.ts). Only a step with a
 * window, of an enrolment in the OPTIMISED group (CONTROL's go out at the plain delay), while its window runs:
 * from its delay after the last activity to `sendWindowHours` later. Pure.
 *
 * A held step is a deferral like quiet hours: its claim is given up and the enrolment is due again at the
 * chosen hour, when it is claimed and checked again from the start (orders, unsubscribes, erasures and every
 * other rule). So a hold can neither send a step twice nor after a purchase, and it never passes the window's
 * end: at the next look the window is shorter, and once it is over the step is sent.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** A better hour less than this far ahead is not worth a deferral: the step goes now. */
const MIN_HOLD_MS = 5 * MINUTE_MS;

export function sendTimeWindow(
  step: Pick<SequenceStep, "delayMinutes" | "sendWindowHours">,
  enrollment: { anchorAt: Date; sendTimeArm: string | null },
  now: Date,
): { earliest: Date; latest: Date } | null {
  if (step.sendWindowHours <= 0 || enrollment.sendTimeArm !== "OPTIMISED") return null;
  const due = enrollment.anchorAt.getTime() + step.delayMinutes * MINUTE_MS;
  const latest = new Date(due + step.sendWindowHours * HOUR_MS);
  return now < latest ? { earliest: now, latest } : null;
}

export interface SendTimeHoldDecision {
  until: Date;
  /** For the timeline (no personal data): whose hours decided, and the hour on the shop's clock. */
  data: { basis: SendTimeBasis; localHour: number; localTime: string };
}

export function holdForSendTime(
  step: Pick<SequenceStep, "delayMinutes" | "sendWindowHours">,
  {
    enrollment,
    history,
    timeZone,
    settings,
    now,
  }: {
    enrollment: { anchorAt: Date; sendTimeArm: string | null };
    history: SendTimeHistory | null;
    timeZone: string;
    settings: Pick<ShopSettings, "audience">;
    now: Date;
  },
): SendTimeHoldDecision | null {
  const window = history ? sendTimeWindow(step, enrollment, now) : null;
  if (!window || !history) return null;
  const choice = chooseSendTime({
    ...window,
    timeZone,
    history,
    quietHours: settings.audience.quietHours,
  });
  if (choice.hold !== "ENGAGEMENT" || choice.at.getTime() - now.getTime() < MIN_HOLD_MS) return null;
  return {
    until: choice.at,
    data: { basis: choice.basis, localHour: choice.localHour, localTime: choice.localTime },
  };
}
