import type { CheckoutSegmentChoice } from "./checkout-list-options";
import type { CheckoutListParams } from "./checkout-list-query";
import type { CheckoutFilter, CheckoutStatusView } from "./checkout-status";
import type { TimelineEntry } from "./checkout-timeline";

/**
 * What the merchant's checkout pages receive from their loaders: plain, display-ready data (money and times
 * already formatted in the shop's time zone), safe to send to the browser. Pure types, so components import
 * them without reaching into server modules.
 */

export interface CheckoutListRow {
  id: string;
  firstName: string | null;
  /** "j***@example.com"; null when the checkout has no address (or it was erased). */
  maskedEmail: string | null;
  value: string;
  itemCount: number;
  lastActivityAt: string;
  lastActivityLabel: string;
  status: CheckoutStatusView;
  stepsSent: number;
  clicks: number;
  order: { name: string; value: string | null } | null;
  /** The name of the segment that matched at enrolment; null when none was chosen (skipped, or no enrolment). */
  segment: string | null;
}

export interface CheckoutListPage {
  status: CheckoutFilter;
  sort: CheckoutListParams["sort"];
  query: string;
  /** How the search was read, or why it could not be. */
  search: { kind: "EMAIL" | "FIRST_NAME" | null; problem: string | null };
  /** The segment filter: the one applied (an id) or null, the shop's choices, and why a URL's was not used. */
  segment: { selected: string | null; choices: CheckoutSegmentChoice[]; problem: string | null };
  rows: CheckoutListRow[];
  /** The `after` cursor of the next page, the `before` cursor of the previous one. */
  nextCursor: string | null;
  previousCursor: string | null;
}

export interface CheckoutDetailLine {
  title: string;
  variantTitle: string | null;
  quantity: number;
  unitPrice: string;
  linePrice: string;
  imageUrl: string | null;
}

export interface CheckoutDiscountCode {
  code: string;
  /** "10% off", "Free shipping". */
  offer: string;
  /** Its state in words: valid until when, used by which order, expired, or not created. */
  note: string;
}

export interface CheckoutDetail {
  id: string;
  timeZone: string;
  status: CheckoutStatusView;
  cart: {
    subtotal: string;
    total: string;
    itemCount: number;
    lines: CheckoutDetailLine[];
    startedLabel: string;
    lastActivityLabel: string;
  };
  shopper: {
    email: string | null;
    firstName: string | null;
    locale: string | null;
    acceptsMarketing: boolean;
    /** The shopper's data was erased on request. */
    isErased: boolean;
  };
  sequence: {
    status: string;
    reason: string | null;
    stepsSent: number;
    stepCount: number;
    nextStep: number | null;
    dueLabel: string | null;
  } | null;
  actions: {
    canStop: boolean;
    canSendNow: boolean;
    /** Why neither action applies, when they do not. */
    unavailableReason: string | null;
  };
  timeline: TimelineEntry[];
  discountCodes: CheckoutDiscountCode[];
}
