import type { ShopSettings } from "~/domain/shops";
import {
  ARM,
  ENROLLMENT_STATUS,
  type AttributionMethod,
  type Arm,
  type EnrollmentStatus,
} from "~/domain/outcomes";

/**
 * The rules that decide which abandoned checkout an order recovered, and whether an email earned it. Pure, so
 * the dashboard's definitions can be read (and tested) in one place.
 *
 * Matching, strongest evidence first (the first method that finds an enrolment not yet recovered wins):
 *   1. DISCOUNT_CODE: the order used one of our codes; the code belongs to exactly one enrolment.
 *   2. CHECKOUT_TOKEN: the order completed the enrolled checkout itself.
 *   3. CART_TOKEN: the order came from the same cart through another checkout.
 *   4. EMAIL_WINDOW: the same shopper (email hash) ordered after abandoning, before the email window closed.
 * Tokens and codes are proof of the link, so they carry no time limit. The email window is only a guess, so
 * it is bounded; see emailWindowClosesAt for how, alike for both arms of the holdout test.
 *
 * Credit: a recovery is "by email" (ours) only when an email had been sent before the order and the order
 * came within the attribution window of the last such email (or used the email's own discount code, which only
 * the email carried). Otherwise, a held-out checkout, a checkout that got no email yet, or one whose last email
 * is older than the window, it "recovered on its own".
 *
 * Leaked codes: a code is meant for the shopper it was emailed to, but codes get shared and posted on coupon
 * sites. An order that uses one of our codes is a LEAKED redemption when it is plainly someone else's: every
 * identifier known on both sides differs between the order and the code's checkout (email hash, against the
 * checkout's and the enrolment's, which may differ if the shopper changed address; Shopify customer id;
 * checkout token; cart token), and at least one personal identifier (email or customer) was there to compare.
 *   - One identifier in common is enough to call it the recipient's: the same address under another customer
 *     account, the same cart under another address.
 *   - A token that differs proves nothing alone: the recipient who comes back on another device has a new cart
 *     and a new checkout. So tokens can only clear an order, and an order compared on tokens alone (no email
 *     or customer on one side) is not called leaked.
 *   - A redacted checkout has no identifiers left: nothing is compared, nothing is called leaked.
 * A leaked code's use is still a cost (its discount is recorded), but the code does not credit its own
 * enrolment (DISCOUNT_CODE): that recipient did not come back. The order may still match a checkout of its own
 * shopper by the other methods. The code's checkout, and the order's own checkout when it has one, say so on
 * their timelines (CODE_LEAKED, LEAKED_CODE_USED); the dashboard counts leaked codes by DiscountCode.leakedAt.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface AttributionRule {
  /** settings.attributionWindowDays: orders within this many days of the last email count as its doing. */
  windowDays: number;
  /**
   * Minutes from the checkout's last activity to the last step of the longest sequence an enrolment of the
   * shop may be on (the largest step delay of the settings and of every sequence version).
   */
  sequenceSpanMinutes: number;
}

export function attributionRuleOf(
  settings: Pick<ShopSettings, "attributionWindowDays" | "steps">,
  otherSequences: ReadonlyArray<{ steps: ReadonlyArray<{ delayMinutes: number }> }> = [],
): AttributionRule {
  return {
    windowDays: settings.attributionWindowDays,
    sequenceSpanMinutes: Math.max(
      0,
      ...[settings, ...otherSequences].flatMap((sequence) => sequence.steps.map((step) => step.delayMinutes)),
    ),
  };
}

/** What the rules read of an enrolment. */
export interface EnrollmentTiming {
  status: EnrollmentStatus | string;
  arm: Arm | string;
  anchorAt: Date;
  enrolledAt: Date;
  lastSentAt: Date | null;
}

/**
 * When the EMAIL_WINDOW match of an enrolment closes: the attribution window after the later of
 *   - when its last step was due on schedule: the sequence's span after the checkout's last activity (steps
 *     are timed from anchorAt), or the enrolment itself if that came later (a late enrolment sends its due
 *     steps at once);
 *   - the last email actually sent (quiet hours or retries can push it past the schedule).
 * A held-out checkout gets no email, so the first bound is all it has; a treated one gets at least the same,
 * so the two arms are measured over windows of the same length and the holdout comparison stays fair. (A
 * treated checkout whose sequence stopped after one email is still matched for as long as its held-out twin
 * would be; the credit rule below then decides whether that email earned the order.)
 */
export function emailWindowClosesAt(enrollment: EnrollmentTiming, rule: AttributionRule): Date {
  const scheduledEnd = Math.max(
    enrollment.enrolledAt.getTime(),
    enrollment.anchorAt.getTime() + rule.sequenceSpanMinutes * MINUTE_MS,
  );
  const lastEmail = enrollment.lastSentAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return new Date(Math.max(scheduledEnd, lastEmail) + rule.windowDays * DAY_MS);
}

/**
 * Whether an order by the same shopper falls in the enrolment's email window: after the abandonment (an
 * order placed before the checkout's last activity cannot be what recovered it) and before the window closes.
 */
export function isInEmailWindow(enrollment: EnrollmentTiming, orderAt: Date, rule: AttributionRule): boolean {
  return (
    enrollment.anchorAt.getTime() <= orderAt.getTime() &&
    orderAt.getTime() <= emailWindowClosesAt(enrollment, rule).getTime()
  );
}

/**
 * Among several enrolments one method found, the one the order recovered: a checkout in the experiment
 * (treated or held out) before one that was skipped, so an order is not taken away from the holdout test by a
 * skipped duplicate; then the most recent abandonment. Returns null for an empty list.
 */
export function pickEnrollment<T extends Pick<EnrollmentTiming, "status" | "anchorAt">>(
  candidates: readonly T[],
): T | null {
  let best: T | null = null;
  for (const candidate of candidates) {
    if (!best) {
      best = candidate;
      continue;
    }
    const inExperiment = candidate.status !== ENROLLMENT_STATUS.SKIPPED;
    const bestInExperiment = best.status !== ENROLLMENT_STATUS.SKIPPED;
    if (inExperiment !== bestInExperiment) {
      if (inExperiment) best = candidate;
      continue;
    }
    if (candidate.anchorAt.getTime() > best.anchorAt.getTime()) best = candidate;
  }
  return best;
}

/**
 * Whether the recovery is ours. `lastSentBeforeOrder` is the sentAt of the enrolment's latest email sent
 * strictly before the order (null when none was). A held-out checkout never is, whatever its rows say.
 */
export function isRecoveredByEmail({
  method,
  arm,
  lastSentBeforeOrder,
  orderAt,
  windowDays,
}: {
  method: AttributionMethod;
  arm: Arm | string;
  lastSentBeforeOrder: Date | null;
  orderAt: Date;
  windowDays: number;
}): boolean {
  if (arm === ARM.HOLDOUT || !lastSentBeforeOrder) return false;
  if (lastSentBeforeOrder.getTime() >= orderAt.getTime()) return false;
  // The code existed only in our email: using it is the email's doing however long the shopper waited.
  if (method === "DISCOUNT_CODE") return true;
  return orderAt.getTime() - lastSentBeforeOrder.getTime() <= windowDays * DAY_MS;
}

/** The variants under which an order's code may be stored: Shopify treats codes case-insensitively. */
export function discountCodeSpellings(codes: readonly string[]): string[] {
  const spellings = new Set<string>();
  for (const code of codes) {
    const trimmed = code.trim();
    if (!trimmed) continue;
    spellings.add(trimmed).add(trimmed.toUpperCase()).add(trimmed.toLowerCase());
  }
  return [...spellings];
}

/** Case-insensitive code equality, as Shopify applies codes. */
export function isSameDiscountCode(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** What leak detection compares of the order that used a code. */
export interface OrderIdentifiers {
  emailHash: string | null;
  customerId: string | null;
  checkoutToken: string | null;
  cartToken: string | null;
}

/** What it compares of the code's recipient: its checkout, and the address its enrolment was emailed at. */
export interface RecipientIdentifiers {
  /** The checkout's email hash and the enrolment's (null entries: unknown). */
  emailHashes: ReadonlyArray<string | null>;
  customerId: string | null;
  checkoutToken: string | null;
  cartToken: string | null;
  /** The recipient's data was erased on request: nothing is left to compare. */
  isRedacted: boolean;
}

/** Whether an order's use of a code is a leaked redemption (see the rules above). */
export function isLeakedRedemption(order: OrderIdentifiers, recipient: RecipientIdentifiers): boolean {
  if (recipient.isRedacted) return false;
  const emails = recipient.emailHashes.filter((hash): hash is string => hash !== null);
  const emailCompared = order.emailHash !== null && emails.length > 0;
  const customerCompared = order.customerId !== null && recipient.customerId !== null;
  if (!emailCompared && !customerCompared) return false;
  const same = (a: string | null, b: string | null) => a !== null && b !== null && a === b;
  const inCommon =
    (order.emailHash !== null && emails.includes(order.emailHash)) ||
    same(order.customerId, recipient.customerId) ||
    same(order.checkoutToken, recipient.checkoutToken) ||
    same(order.cartToken, recipient.cartToken);
  return !inCommon;
}
