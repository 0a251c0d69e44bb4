import { CheckoutLineSchema, priceCheckoutLines, type CheckoutLine } from "~/domain/checkouts";
import {
  applyMarginFloor,
  ensureOffer,
  isOfferArm,
  tierForArm,
  type DiscountTier,
  type MarginCut,
} from "~/domain/discounts";
import { DEFAULT_SEGMENT_ID } from "~/domain/segments";
import {
  unsubscribeLink,
  type MessageChannel,
  type RecoveryMessage,
  type RecoveryOffer,
} from "~/domain/messages";
import type { AdminGraphql, RunOptions } from "~/lib/admin-graphql.server";
import { deadlineAfter, type Deadline } from "~/lib/clock.server";
import { openField } from "~/lib/encryption.server";
import { isShopReauthRequired, REAUTH_RECHECK_MS } from "~/lib/shop-reauth-required";
import type { Logger } from "~/lib/logger.server";
import { signToken } from "~/lib/signed-token.server";
import type { StepClaim } from "./claim-step.server";
import { decidePreSend, type PreSendDecision } from "./decide-pre-send";
import { chooseContent, type ChosenContent } from "./content-variants";
import {
  MAX_SEND_ATTEMPTS,
  recordDeferred,
  recordFailure,
  recordSent,
  recordShortened,
  recordStopped,
  type RecordSent,
} from "./record-step-outcome.server";
import {
  loadAddressFacts,
  loadSendFacts,
  type AddressFacts,
  type PreSendCheckout,
  type SendFacts,
} from "./load-send-facts.server";
import { recheckBeforeDelivery } from "./recheck-before-delivery.server";
import { holdForSendTime } from "./hold-for-send-time";
import type { ShopContext } from "./shop-context.server";

export interface SendDependencies {
  now: Date;
  mailer: MessageChannel;
  adminFor(shop: string): Promise<AdminGraphql>;
  /** The app's public URL, for tracked links. */
  appUrl: string;
  log: Logger;
  /** The merchant asked for this step now: quiet hours and the minimum gap are waived (decidePreSend). */
  isMerchantRequest?: boolean;
  /** How a delivered step is recorded; the tick groups them (createGroupedRecordSent). */
  recordSent?: RecordSent;
  /** Shared by the whole tick: once the provider answers 429, no more emails are offered to it this tick. */
  providerGate?: ProviderGate;
  /** The tick's: past it, a send starts no further Admin API attempt (the step is retried next tick). */
  deadline?: Deadline;
  /** How this send's Admin API calls wait (tests shorten the attempt timeout). */
  adminCalls?: Pick<RunOptions, "attemptTimeoutMs" | "sleep">;
}

/**
 * The most one send spends on Admin API attempts (making its discount codes) before it is retried later:
 * one slow shop must not hold a batch of another's emails for minutes.
 */
const SEND_ADMIN_BUDGET_MS = 60_000;

function sendDeadline(deps: SendDependencies): Deadline {
  const own = deadlineAfter(SEND_ADMIN_BUDGET_MS);
  return {
    isPast: () => own.isPast() || (deps.deadline?.isPast() ?? false),
    remainingMs: () => Math.min(own.remainingMs(), deps.deadline?.remainingMs() ?? Number.POSITIVE_INFINITY),
  };
}

export interface ProviderGate {
  /** Set by the tick's first rate-limit answer: steps wait until then instead of asking the provider. */
  closedUntil: Date | null;
  /** Closed for the provider's used-up quota rather than its rate. */
  quotaExceeded?: boolean;
}

/** The provider's rate limit is the deployment's, not a step's: the wait it asked for, at least a second. */
function closeGate(
  gate: ProviderGate | undefined,
  now: Date,
  { retryAfterMs, quotaExceeded }: { retryAfterMs?: number; quotaExceeded?: boolean },
): Date {
  const until = new Date(now.getTime() + Math.max(retryAfterMs ?? 60_000, 1_000));
  if (gate && (!gate.closedUntil || gate.closedUntil < until)) {
    gate.closedUntil = until;
    gate.quotaExceeded = quotaExceeded ?? false;
  }
  return until;
}

const deferredOutcome = (quotaExceeded: boolean | undefined) =>
  quotaExceeded ? "DEFERRED_PROVIDER_QUOTA" : "DEFERRED_RATE_LIMITED";

/** What happened to the claimed step, for the tick's counts. */
export type SendStepResult =
  | "SENT"
  | "SENT_WITHOUT_OFFER"
  | `STOPPED_${string}`
  | "DEFERRED_QUIET_HOURS"
  | "DEFERRED_FREQUENCY"
  | "DEFERRED_RATE_LIMITED"
  | "DEFERRED_PROVIDER_QUOTA"
  | "DEFERRED_PAUSED"
  | "DEFERRED_REAUTH_REQUIRED"
  | "DEFERRED_SEND_TIME"
  | "RETRYING"
  | "FAILED"
  | "COMPLETED_SHORTENED"
  | "LEASE_LOST";

export function trackedLink(appUrl: string, sendId: string): string {
  return `${appUrl}/r/${signToken("click", sendId)}`;
}

/**
 * Items that cannot be bought any more (archived, or nothing in stock) are left out of the email. A product
 * the catalog does not know (not synced yet) is kept: the checkout says it was for sale.
 */
function availableLines(lines: CheckoutLine[], unavailable: ReadonlySet<string>): CheckoutLine[] {
  return lines.filter((line) => !line.productId || !unavailable.has(line.productId));
}

type OfferOutcome =
  | { offer: RecoveryOffer | null; withoutOfferReason: string | null; marginCut: MarginCut | null }
  | { retry: string }
  | { waitForReauth: string };

/**
 * The shop's margin floor applied to the cart's offer (app/domain/discounts/margin-floor.ts): the same offer,
 * a smaller one, or none, and what was cut. No floor: the offer as it is.
 */
function limitToMarginFloor(
  { settings }: ShopContext,
  tier: DiscountTier,
  { lines, sequence, variantCosts }: { lines: CheckoutLine[] } & Pick<SendFacts, "sequence" | "variantCosts">,
): { tier: DiscountTier | null; cut: MarginCut | null } {
  if (settings.marginFloorPercent === null) return { tier, cut: null };
  return applyMarginFloor({
    lines,
    unitCosts: variantCosts,
    defaultMarginPercent: settings.defaultMarginPercent,
    floorPercent: settings.marginFloorPercent,
    tier,
    tiers: sequence.tiers,
  });
}

async function prepareOffer(
  context: ShopContext,
  claim: StepClaim,
  {
    checkout,
    discountCodes,
    sequence,
    enrollment,
    variantCosts,
  }: Pick<SendFacts, "checkout" | "discountCodes" | "sequence" | "enrollment" | "variantCosts">,
  lines: CheckoutLine[],
  content: ChosenContent["content"],
  deps: SendDependencies,
): Promise<OfferOutcome> {
  // The variant's offer: a content experiment may test the step with and without it.
  if (!content.offer) return { offer: null, withoutOfferReason: null, marginCut: null };
  // Tiers are in the shop's currency; a checkout priced in another currency is not compared with them.
  if (checkout.currency !== context.currency) {
    return {
      offer: null,
      withoutOfferReason: `the checkout is in ${checkout.currency}, the tiers in ${context.currency}`,
      marginCut: null,
    };
  }
  // The offer test's arm decides which offer the cart's tier becomes (none, the tier, free shipping only).
  const arm = isOfferArm(enrollment.offerArm) ? enrollment.offerArm : null;
  const cartTier = tierForArm(arm, sequence.tiers, checkout.subtotalMinor);
  if (!cartTier) return { offer: null, withoutOfferReason: null, marginCut: null };
  // Then the margin floor: the largest offer that keeps the cart's margin (of the lines the email shows).
  const { tier, cut: marginCut } = limitToMarginFloor(context, cartTier, { lines, sequence, variantCosts });
  if (!tier) return { offer: null, withoutOfferReason: null, marginCut };
  let graphql: AdminGraphql;
  try {
    graphql = await deps.adminFor(context.shop);
  } catch (error) {
    // Until the merchant re-authorises, no code can be made: the step waits without using up its attempts.
    if (isShopReauthRequired(error)) return { waitForReauth: error.reason };
    return { retry: "the shop's Admin API session is not available" };
  }
  const result = await ensureOffer({
    shop: context.shop,
    enrollmentId: claim.enrollmentId,
    customerId: checkout.customerId,
    customerBound: context.settings.customerBoundCodes,
    tier,
    currency: context.currency,
    sendAt: deps.now,
    lifetimeHours: sequence.codeLifetimeHours,
    graphql,
    storedCodes: discountCodes,
    retry: { ...deps.adminCalls, deadline: sendDeadline(deps) },
  });
  if (result.ok) return { offer: result.offer, withoutOfferReason: null, marginCut };
  // Never an email that promises a discount without a valid code: a passing failure waits for the code, a
  // permanent one sends the reminder without the offer and says why.
  if (result.retryable) return { retry: `discount code: ${result.reason}` };
  return { offer: null, withoutOfferReason: `discount code: ${result.reason}`, marginCut };
}

export type PreSendCheck = { action: "SEND"; email: string } | Exclude<PreSendDecision, { action: "SEND" }>;

/**
 * The last look before a step goes out, with the facts as they are now: audience (consent, suppression,
 * decrypted address), the address's last recovery email, the shop's state. The engine runs it on every claimed
 * step (with facts it read for a batch of steps just before); "Send the next step now" runs it first too, so a
 * refusal changes nothing.
 */
export async function checkBeforeSending(
  context: ShopContext,
  checkout: PreSendCheckout,
  options: { now: Date; isMerchantRequest?: boolean },
): Promise<PreSendCheck> {
  const facts = (await loadAddressFacts(context, [checkout], options)).get(checkout.id);
  return decideBeforeSending(context, checkout, facts, options);
}

function decideBeforeSending(
  context: ShopContext,
  checkout: PreSendCheckout,
  facts: AddressFacts | undefined,
  { now, isMerchantRequest = false }: { now: Date; isMerchantRequest?: boolean },
): PreSendCheck {
  if (!facts?.audience) return { action: "STOP", reason: "NO_EMAIL" };
  const decision = decidePreSend(
    {
      ...facts.audience,
      shopInstalled: context.installed,
      timezone: context.timezone,
      checkout,
      lastEmailToAddressAt: facts.lastEmailToAddressAt,
    },
    context.settings,
    { now, isMerchantRequest },
  );
  if (decision.action !== "SEND") return decision;
  // decidePreSend stops a checkout without an address, so there is one here.
  return { action: "SEND", email: facts.audience.email as string };
}

/**
 * Sends one claimed step: re-checks everything that may have changed since enrolment, leaves out items that
 * cannot be bought, makes or reuses the offer's codes, hands the message to the mailer with the step's
 * idempotency key, and records exactly one outcome.
 */
export async function sendClaimedStep(
  claim: StepClaim,
  context: ShopContext,
  deps: SendDependencies,
  prefetched?: SendFacts,
): Promise<SendStepResult> {
  const { now, log } = deps;
  const rateLimitedUntil = deps.providerGate?.closedUntil;
  if (rateLimitedUntil)
    return deferForRateLimit(claim, now, rateLimitedUntil, deferredOutcome(deps.providerGate?.quotaExceeded));
  const facts = prefetched ?? (await loadSendFacts(context, [claim], { now })).get(claim.sendId);
  // The claim stays and its lease lapses; nothing can be decided without them.
  if (!facts) throw new Error("the claimed step's enrolment or checkout is gone");
  const { enrollment, checkout, sequence } = facts;
  // The enrolment's own version: a step it was claimed for exists unless the data was edited by hand.
  const step = sequence.steps[claim.step - 1];
  if (!step) return recordResult(await recordShortened(claim, { now }), "COMPLETED_SHORTENED");
  const check = decideBeforeSending(context, checkout, facts, {
    now,
    isMerchantRequest: deps.isMerchantRequest,
  });
  if (check.action === "STOP")
    return recordResult(await recordStopped(claim, { now, reason: check.reason }), `STOPPED_${check.reason}`);
  if (check.action === "DEFER") {
    return recordResult(
      await recordDeferred(claim, { now, until: check.until, outcome: check.outcome }),
      check.outcome,
    );
  }
  // A step allowed to wait for the shopper's best hour may be held for it (quiet hours were checked above).
  const hold = deps.isMerchantRequest
    ? null
    : holdForSendTime(step, {
        enrollment,
        history: facts.sendTimeHistory,
        timeZone: context.timezone,
        settings: context.settings,
        now,
      });
  if (hold)
    return recordResult(
      await recordDeferred(claim, { now, until: hold.until, outcome: "DEFERRED_SEND_TIME", data: hold.data }),
      "DEFERRED_SEND_TIME",
    );
  const { email } = check;
  const firstName = openField(claim.shop, checkout.firstName);
  if (!firstName.readable) {
    log.error(
      { checkoutId: checkout.id, field: "firstName", cause: firstName.error },
      "a checkout's first name could not be decrypted: its sequence stops as UNREADABLE_DATA",
    );
    return recordResult(
      await recordStopped(claim, { now, reason: "UNREADABLE_DATA" }),
      "STOPPED_UNREADABLE_DATA",
    );
  }

  const lines = availableLines(
    CheckoutLineSchema.array().parse(JSON.parse(checkout.lineItems)),
    facts.unavailableProductIds,
  );
  if (lines.length === 0)
    return recordResult(
      await recordStopped(claim, { now, reason: "NOTHING_AVAILABLE" }),
      "STOPPED_NOTHING_AVAILABLE",
    );

  const chosen = chooseContent(step, {
    shop: claim.shop,
    checkoutToken: checkout.token,
    stepNumber: claim.step,
    segmentId: enrollment.segmentId ?? DEFAULT_SEGMENT_ID,
    winnerOf: (key) => context.winners.get(key),
  });
  const offer = await prepareOffer(context, claim, facts, lines, chosen.content, deps);
  if ("waitForReauth" in offer) {
    log.info({ step: claim.step, reason: offer.waitForReauth }, "step waits for the shop's re-authorisation");
    return recordResult(
      await recordDeferred(claim, {
        now,
        until: new Date(now.getTime() + REAUTH_RECHECK_MS),
        outcome: "DEFERRED_REAUTH_REQUIRED",
      }),
      "DEFERRED_REAUTH_REQUIRED",
    );
  }
  if ("retry" in offer)
    return recordResult(
      await recordFailure(claim, { now, reason: offer.retry, retryable: true }),
      "RETRYING",
    );

  const { subject, template, tone } = chosen.content;
  const variant = chosen.variant;
  const unsubscribe = unsubscribeLink(deps.appUrl, claim.shop, email);
  if (!unsubscribe)
    return recordResult(
      await recordFailure(claim, { now, reason: "the recipient is not an email address", retryable: false }),
      "FAILED",
    );
  const message: RecoveryMessage = {
    channel: "email",
    shop: claim.shop,
    shopName: context.name,
    shopAddress: context.address,
    timezone: context.timezone,
    storefrontUrl: context.storefrontUrl,
    to: email,
    firstName: firstName.value,
    locale: checkout.locale,
    checkoutId: checkout.id,
    enrollmentId: claim.enrollmentId,
    sendId: claim.sendId,
    step: claim.step,
    stepCount: sequence.steps.length,
    subject,
    subjectVariant: variant,
    template,
    tone,
    lines: priceCheckoutLines(lines, checkout.currency),
    subtotal: {
      amountMinor: lines.reduce((sum, line) => sum + line.linePriceMinor, 0),
      currency: checkout.currency,
    },
    offer: offer.offer,
    links: { recovery: trackedLink(deps.appUrl, claim.sendId), unsubscribe },
    sender: { ...context.settings.sender, replyTo: context.settings.sender.replyTo ?? context.contactEmail },
    aiCopy: context.settings.aiCopy.enabled,
  };

  // Seconds or minutes may have passed since the batch read its facts (codes, copy, other sends): the facts
  // that forbid an email are read again for this step alone.
  const stopNow = await recheckBeforeDelivery(claim);
  if (stopNow)
    return recordResult(await recordStopped(claim, { now, reason: stopNow }), `STOPPED_${stopNow}`);

  const result = await deps.mailer.send(message, {
    idempotencyKey: claim.idempotencyKey,
    now,
    shop: claim.shop,
    sendId: claim.sendId,
    batchKey: claim.batchKey,
    ...(deps.deadline ? { deadline: deps.deadline } : {}),
  });
  if (!result.ok && result.rateLimited) {
    if (result.quotaExceeded)
      log.warn(
        { step: claim.step, retryAfterMs: result.retryAfterMs, reason: result.reason },
        "the email provider's sending quota is used up; sending waits for it",
      );
    else
      log.info(
        { step: claim.step, retryAfterMs: result.retryAfterMs },
        "the email provider asked to slow down",
      );
    const until = closeGate(deps.providerGate, now, result);
    return deferForRateLimit(claim, now, until, deferredOutcome(result.quotaExceeded));
  }
  if (!result.ok) {
    log.warn(
      { step: claim.step, retryable: result.retryable, reason: result.reason },
      "recovery email not sent",
    );
    const recorded = await recordFailure(claim, {
      now,
      reason: result.reason,
      retryable: result.retryable,
      retryAfterMs: result.retryAfterMs,
    });
    return recordResult(
      recorded,
      result.retryable && claim.attempts < MAX_SEND_ATTEMPTS ? "RETRYING" : "FAILED",
    );
  }
  const outcome = offer.withoutOfferReason && chosen.content.offer ? "SENT_WITHOUT_OFFER" : "SENT";
  // The mailer sends the copy's subject when the merchant's is in another language than the shopper's: the
  // send records what went out, and such a send counts for neither A/B variant.
  const sentSubject = result.subject ?? subject;
  const recorded = await (deps.recordSent ?? recordSent)(claim, {
    now,
    steps: sequence.steps,
    anchorAt: enrollment.anchorAt,
    outcome,
    reason: offer.withoutOfferReason,
    subject: sentSubject,
    // The variant and its experiment stay when the subject was localised: the rest of the variant went out.
    subjectVariant: variant,
    experimentKey: chosen.experimentKey,
    template,
    hasOffer: offer.offer !== null,
    providerMessageId: result.providerMessageId,
    marginCut: offer.marginCut,
  });
  return recordResult(recorded, outcome);
}

async function deferForRateLimit(
  claim: StepClaim,
  now: Date,
  until: Date,
  outcome: ReturnType<typeof deferredOutcome>,
): Promise<SendStepResult> {
  return recordResult(await recordDeferred(claim, { now, until, outcome }), outcome);
}

function recordResult<T extends SendStepResult>(
  recorded: "RECORDED" | "LEASE_LOST",
  result: T,
): T | "LEASE_LOST" {
  return recorded === "RECORDED" ? result : "LEASE_LOST";
}
