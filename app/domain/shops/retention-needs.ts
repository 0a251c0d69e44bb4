import type { ShopSettings } from "./settings";

const MINUTES_PER_DAY = 24 * 60;
/** Quiet hours, the hours kept between two emails to one address and retries can send an email up to a day late. */
export const LATE_SEND_DAYS = 1;

/**
 * How many days of personal data the shop's own settings need. Retention deletes a checkout's email (and
 * its keyed hash) once its last activity is older than `retentionDays` (apply-retention), while:
 * - its emails go out up to the last step's delay after that activity: a shorter retention deletes the
 *   address first, and those emails are never sent;
 * - an order by the same shopper counts as recovered by email until the attribution window after the
 *   sequence has closed, matched by that hash: a shorter retention counts the late ones as recovered on their
 *   own. (Orders matched by checkout, cart or discount code are not affected.)
 */
export interface RetentionNeeds {
  /** Minutes from a checkout's last activity to its last email (the largest step delay). */
  sequenceSpanMinutes: number;
  /** Fewer days than this delete addresses before the sequence has sent its last email. */
  sequenceDays: number;
  /** Fewer days than this lose email-matched orders late in the attribution window. */
  attributionDays: number;
}

export function retentionNeeds(
  settings: Pick<ShopSettings, "steps" | "attributionWindowDays">,
): RetentionNeeds {
  const sequenceSpanMinutes = Math.max(0, ...settings.steps.map((step) => step.delayMinutes));
  const sequenceDays = Math.ceil(sequenceSpanMinutes / MINUTES_PER_DAY) + LATE_SEND_DAYS;
  return {
    sequenceSpanMinutes,
    sequenceDays,
    attributionDays: sequenceDays + settings.attributionWindowDays,
  };
}
