import { formatDecimal } from "~/lib/money";
import { maxAttemptsFor, nextRetryAt, type RetryDelays } from "~/lib/retry-delays";

/**
 * Cartback's Shopify Flow triggers (extensions/flow-checkout-*): their handles and payloads. The field names
 * are the `key`s of each extension's [[settings.fields]] (a test holds them equal); a customer reference
 * travels as `customer_id`, the numeric id Flow resolves to the customer.
 */

export const FLOW_TRIGGERS = {
  CHECKOUT_ABANDONED: "checkout-abandoned",
  CHECKOUT_RECOVERED: "checkout-recovered",
} as const;
export type FlowTriggerHandle = (typeof FLOW_TRIGGERS)[keyof typeof FLOW_TRIGGERS];

export const FLOW_FIELDS = {
  checkoutValue: "Checkout value",
  currency: "Currency",
  stepReached: "Step reached",
  recoveryMethod: "Recovery method",
  orderValue: "Order value",
} as const;

type Payload = Record<string, string | number>;

/** A number_decimal field: the exact decimal of the amount (199.99), never a float computed from it. */
const decimal = (minor: number, currency: string) => Number(formatDecimal(minor, currency));

function withCustomer(payload: Payload, customerId: string | null): Payload {
  // Flow wants the customer's numeric id; Cartback keeps it as exact digits.
  return customerId && /^\d{1,20}$/.test(customerId)
    ? { ...payload, customer_id: Number(customerId) }
    : payload;
}

/** "Checkout abandoned": fired when a checkout starts its email sequence (the emailed group only). */
export function checkoutAbandonedPayload(input: {
  subtotalMinor: number;
  currency: string;
  customerId: string | null;
}): Payload {
  return withCustomer(
    {
      [FLOW_FIELDS.checkoutValue]: decimal(input.subtotalMinor, input.currency),
      [FLOW_FIELDS.currency]: input.currency,
    },
    input.customerId,
  );
}

/** "Checkout recovered": fired when an order is attributed to the recovery emails. */
export function checkoutRecoveredPayload(input: {
  subtotalMinor: number;
  orderTotalMinor: number;
  currency: string;
  stepReached: number;
  method: string;
  customerId: string | null;
}): Payload {
  return withCustomer(
    {
      [FLOW_FIELDS.checkoutValue]: decimal(input.subtotalMinor, input.currency),
      [FLOW_FIELDS.orderValue]: decimal(input.orderTotalMinor, input.currency),
      [FLOW_FIELDS.currency]: input.currency,
      [FLOW_FIELDS.stepReached]: input.stepReached,
      [FLOW_FIELDS.recoveryMethod]: input.method,
    },
    input.customerId,
  );
}

/** Waits between attempts at a trigger Shopify may yet take; after the last one it is given up. */
export const FLOW_RETRY_DELAYS: RetryDelays = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  12 * 3_600_000,
];
export const MAX_FLOW_ATTEMPTS = maxAttemptsFor(FLOW_RETRY_DELAYS);

/** When to try again after `attempts` failed tries, or null when it is time to give up. */
export function nextFlowAttemptAt(attempts: number, now: Date): Date | null {
  return nextRetryAt(FLOW_RETRY_DELAYS, attempts, now);
}
