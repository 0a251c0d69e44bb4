import { isOfferArm, OFFER_ARM_LABELS } from "~/domain/discounts";
import { EMAIL_TEMPLATE_LABELS, EMAIL_TEMPLATES, type EmailTemplate } from "~/domain/messages";
import { STEP_OUTCOMES, type EventType, type StepOutcome } from "~/domain/outcomes";
import { formatMoney, type Money } from "~/lib/money";
import { formatShopTime } from "./checkout-format";
import { attributionMethodText, reasonText } from "./checkout-status";
import { describeMarginCut } from "./margin-cut-text";

/**
 * A checkout's story for the merchant, oldest first: the checkout's own dates, the engine's decisions
 * (RecoveryEvent), each email (RecoverySend: sent, delivered, opened, clicks), and the order that ended it.
 * Pure: the rows are read elsewhere (find-checkout-detail.server.ts), so ordering and wording are tested
 * without a database.
 *
 * Sends, the checkout and the enrolment are the record of what was sent, ordered and recovered, so their SENT,
 * ORDERED and RECOVERED events are not shown twice; a SENT event without its send row (older data), or an
 * ORDERED event when no row names the order, is still shown.
 */

export type TimelineTone = "success" | "critical" | "caution" | undefined;

export interface TimelineEntry {
  key: string;
  /** ISO instant, for <time dateTime>. */
  at: string;
  /** The instant in the shop's time zone. */
  atLabel: string;
  title: string;
  detail: string | null;
  tone: TimelineTone;
  /** The order an entry names: its name as the detail writes it, and its page in Shopify admin. */
  order?: OrderLink;
  /** Why the entry happened, one condition a line (the segment conditions that held at enrolment). */
  because?: string[];
}

export interface OrderLink {
  label: string;
  /**
   * App Bridge's admin protocol: inside the embedded admin an anchor to shopify://admin/orders/<id> with
   * target _top opens the order in the admin itself (shopify.dev, App Home, Navigation API).
   */
  adminUrl: string;
}

export interface TimelineEvent {
  id: string;
  type: string;
  reason: string | null;
  step: number | null;
  at: Date;
  /** JSON details (RecoveryEvent.data). */
  data: string | null;
}

export interface TimelineSend {
  id: string;
  step: number;
  status: string;
  outcome: string | null;
  reason: string | null;
  subject: string | null;
  subjectVariant: string | null;
  /** The design it went out in; null for sends from before the template library. */
  template?: string | null;
  hasOffer: boolean;
  sentAt: Date | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  clickCount: number;
}

export interface TimelineOrder {
  name: string | null;
  total: Money;
}

/** One of the checkout's own discount codes, for the leak events that name it by row id. */
export interface TimelineCode {
  code: string;
  usedOrderId: string | null;
}

export interface TimelineFacts {
  timeZone: string;
  shopCurrency: string;
  checkout: {
    createdAt: Date;
    lastActivityAt: Date;
    completedAt: Date | null;
    orderedAt: Date | null;
    orderId: string | null;
    deletedAt: Date | null;
    redactedAt: Date | null;
  };
  enrollment: {
    recoveredOrderId: string | null;
    recoveredAt: Date | null;
    recoveredByEmail: boolean | null;
    attributionMethod: string | null;
    recoveredMinor: number | null;
  } | null;
  events: readonly TimelineEvent[];
  sends: readonly TimelineSend[];
  /** Orders by Shopify order id. */
  orders: ReadonlyMap<string, TimelineOrder>;
  /** The checkout's discount codes by DiscountCode.id (the codes of its enrolment). */
  codes?: ReadonlyMap<string, TimelineCode>;
}

/**
 * Entries at the same instant keep the order in which they happen: a send before the sequence's COMPLETED
 * (recorded in the same transaction), an order before the STOPPED it causes.
 */
const RANK = {
  started: 0,
  activity: 1,
  decision: 2,
  deferred: 3,
  sent: 4,
  retry: 5,
  delivered: 6,
  opened: 7,
  clicked: 8,
  bounced: 9,
  checkoutCompleted: 10,
  order: 11,
  stopped: 12,
  sequenceCompleted: 13,
  deleted: 14,
  redacted: 15,
} as const;

function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const stepLabel = (step: number | null) => (step ? `Step ${step}` : "A step");

function outcomeText(outcome: string | null): string | null {
  return outcome && outcome in STEP_OUTCOMES ? STEP_OUTCOMES[outcome as StepOutcome] : outcome;
}

/** What one RecoveryEvent adds to the timeline, or null when another record already tells it. */
interface EventEntry {
  rank: number;
  title: string;
  detail?: string | null;
  tone?: TimelineTone;
  step?: number | null;
  because?: string[];
  /** The Shopify order the entry names, linked like the order entries are. */
  orderId?: string | null;
}

interface EventContext {
  /** An instant from an event's JSON details, in the shop's time zone; null when it is not one. */
  timeOf: (value: unknown) => string | null;
  /** Steps whose send row is on the timeline: their SENT events would say it twice. */
  stepsWithSentRow: ReadonlySet<number>;
  /** The checkout's order is on the timeline from the enrolment's recovery or the checkout row. */
  isOrderShown: boolean;
  /** One of the checkout's codes by its row id (an event's data.codeId), with its order's name if known. */
  codeOf: (codeId: unknown) => { code: string; orderId: string | null; orderName: string | null } | null;
}

export type DescribeEvent = (
  event: TimelineEvent,
  data: Record<string, unknown>,
  context: EventContext,
) => EventEntry | null;

/**
 * One entry per event type the engine stores: a type added to EVENT_TYPES does not compile until the
 * merchant's timeline says what it means.
 */
export type TimelineEventTable = Record<EventType, DescribeEvent>;

/** The segment an ENROLLED or HELD_OUT event records, as the engine writes it; null when absent or malformed. */
export interface EventSegment {
  id: string;
  name: string;
  version: number;
  held: string[];
}

/** Longest condition list shown: more than a segment can have (MAX_CONDITIONS), so only a bad row is cut. */
const MAX_HELD = 20;

export function segmentOfEvent(data: Record<string, unknown>): EventSegment | null {
  const segment = data.segment;
  if (!segment || typeof segment !== "object") return null;
  const { id, name, version, held } = segment as Record<string, unknown>;
  if (typeof id !== "string" || typeof name !== "string" || !name.trim()) return null;
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1) return null;
  const conditions = Array.isArray(held)
    ? held.filter((line): line is string => typeof line === "string" && line.trim() !== "").slice(0, MAX_HELD)
    : [];
  return { id, name, version, held: conditions };
}

/**
 * "Segment: Returning, high-value (version 3)" and the conditions that held, for the merchant to see which
 * segment's strategy the checkout got and why. "Everyone else" holds no condition of its own: it caught the
 * checkout because no segment before it matched. Older events carry no segment, and show none.
 */
function segmentLines(data: Record<string, unknown>): { detail: string | null; because?: string[] } {
  const segment = segmentOfEvent(data);
  if (!segment) return { detail: null };
  const named = `Segment: ${segment.name} (version ${segment.version})`;
  if (segment.held.length === 0) return { detail: `${named}; no earlier segment matched` };
  return { detail: named, because: segment.held };
}

/**
 * "Offer test: got free shipping only", when the checkout's segment ran an offer test: why this shopper's
 * offer differs from another's. Null for older events and checkouts without a test.
 */
function offerArmLine(data: Record<string, unknown>): string | null {
  const arm = data.offerArm;
  return isOfferArm(arm) ? `Offer test: got ${OFFER_ARM_LABELS[arm].toLowerCase()}, drawn at random` : null;
}

/** The send-time group, when the checkout's sequence holds steps for the shopper's best hour. */
function sendTimeLine(data: Record<string, unknown>): string | null {
  if (data.sendTimeArm === "OPTIMISED") return "Send time: each step may wait for the shopper's best hour";
  if (data.sendTimeArm === "CONTROL")
    return "Send time: control group, sent at the plain delay to measure whether waiting pays, drawn at random";
  return null;
}

const SEND_TIME_BASIS: Record<string, string> = {
  SHOPPER: "when this shopper usually shops",
  SHOP: "when this shop's shoppers usually click and buy",
  PRIOR: "in the hours most shoppers read email (no history yet)",
};

/** "Held until 19:00, when this shopper usually shops", for a step held by send-time optimisation. */
function sendTimeHold(data: Record<string, unknown>, until: string | null): string | null {
  const basis = typeof data.basis === "string" ? SEND_TIME_BASIS[data.basis] : undefined;
  if (!basis || !until) return null;
  return `Held until ${until}, ${basis}`;
}

/** "Design: Image-led"; null for sends from before the template library. */
function designLine(value: unknown): string | null {
  if (!(EMAIL_TEMPLATES as readonly unknown[]).includes(value)) return null;
  return `Design: ${EMAIL_TEMPLATE_LABELS[value as EmailTemplate]}`;
}

const EVENT_ENTRIES = {
  ENROLLED: (_event, data) => {
    const segment = segmentLines(data);
    const extras = [offerArmLine(data), sendTimeLine(data)].filter(Boolean);
    return {
      rank: RANK.decision,
      title: "Enrolled in the recovery sequence",
      ...segment,
      ...(extras.length > 0 ? { detail: [segment.detail, ...extras].filter(Boolean).join(". ") } : {}),
    };
  },
  HELD_OUT: (_event, data) => {
    const segment = segmentLines(data);
    return {
      rank: RANK.decision,
      title: "Put in the holdout group",
      ...segment,
      detail: [segment.detail, "Gets no email, so the dashboard can measure what the emails add"]
        .filter(Boolean)
        .join(". "),
    };
  },
  SKIPPED: (event) => ({
    rank: RANK.decision,
    title: "Skipped: no sequence started",
    detail: reasonText(event.reason),
    tone: "caution",
  }),
  RESTARTED: (_event, data) => ({
    rank: RANK.decision,
    title: "The shopper changed the cart: the sequence's timing restarted",
    detail: typeof data.step === "number" ? `Step ${data.step} is next` : null,
  }),
  DEFERRED: (event, data, { timeOf }) => {
    const until = timeOf(data.until);
    const held = event.reason === "DEFERRED_SEND_TIME" ? sendTimeHold(data, until) : null;
    return {
      rank: RANK.deferred,
      title: `${stepLabel(event.step)} ${held ? "held for a better hour" : "deferred"}`,
      detail: held ?? [outcomeText(event.reason), until ? `until ${until}` : null].filter(Boolean).join(", "),
      step: event.step,
    };
  },
  SENT: (event, _data, { stepsWithSentRow }) =>
    event.step && stepsWithSentRow.has(event.step)
      ? null
      : {
          rank: RANK.sent,
          title: `${stepLabel(event.step)} sent`,
          detail: reasonText(event.reason),
          tone: "success",
          step: event.step,
        },
  RETRY: (event, data, { timeOf }) => {
    const next = timeOf(data.nextAttemptAt);
    return {
      rank: RANK.retry,
      title: `${stepLabel(event.step)} not sent yet: retrying`,
      detail: [event.reason, next ? `next attempt ${next}` : null].filter(Boolean).join(", "),
      tone: "caution",
      step: event.step,
    };
  },
  FAILED: (event) => {
    const step = event.step;
    if (event.reason === "HARD_BOUNCE" || event.reason === "SOFT_BOUNCE" || event.reason === "COMPLAINT")
      return {
        rank: RANK.bounced,
        title:
          event.reason === "COMPLAINT"
            ? `${stepLabel(step)} was reported as spam`
            : `${stepLabel(step)} bounced`,
        detail:
          event.reason === "SOFT_BOUNCE"
            ? "A temporary bounce: the mailbox may accept later emails"
            : "The address is suppressed: it will get no more recovery emails",
        tone: "critical",
        step,
      };
    return {
      rank: RANK.retry,
      title: `${stepLabel(step)} failed`,
      detail: event.reason,
      tone: "critical",
      step,
    };
  },
  STOPPED: (event) => ({
    rank: RANK.stopped,
    title: "Sequence stopped",
    detail: reasonText(event.reason),
    tone: "caution",
    step: event.step,
  }),
  COMPLETED: (event) => {
    const reason = reasonText(event.reason);
    return {
      rank: RANK.sequenceCompleted,
      title: reason ? "Sequence finished early" : "Sequence finished: every step was sent",
      detail: reason,
    };
  },
  CLICKED: (event) => ({
    rank: RANK.clicked,
    title: `${stepLabel(event.step)} link clicked`,
    step: event.step,
  }),
  // The order's entry comes from the checkout row or the enrolment's recovery, which name the order and say
  // whether the emails earned it; an ORDERED event (the engine records none today) only stands in without them.
  ORDERED: (_event, _data, { isOrderShown }) =>
    isOrderShown
      ? null
      : { rank: RANK.order, title: "Order placed", detail: "Not credited to a recovery email" },
  // The enrolment's recovery fields are the record.
  RECOVERED: () => null,
  // Recorded with the step's send, just before it: said before "Step n sent".
  OFFER_LIMITED_BY_MARGIN: (event, data) => ({
    rank: RANK.decision,
    ...describeMarginCut(data),
    tone: "caution",
    step: event.step,
  }),
  // Leaked codes (attribution-rules.ts): the code and the order are read from their rows, never stored here.
  CODE_LEAKED: (_event, data, { codeOf }) => {
    const used = codeOf(data.codeId);
    const order = used?.orderName ? `order ${used.orderName}` : "order";
    return {
      rank: RANK.order,
      title: "Its discount code was used by another shopper",
      detail: `${used ? `Its code ${used.code}` : "Its code"} was used by another shopper's ${order}: a leaked redemption. The discount counts as a cost; the order is not this checkout's recovery`,
      tone: "caution",
      orderId: used?.orderName ? used.orderId : null,
    };
  },
  LEAKED_CODE_USED: () => ({
    rank: RANK.order,
    title: "The order used a code sent to another shopper",
    detail:
      "A discount code from another checkout's recovery email: a leaked redemption. The discount counts as a cost; it earns that email no credit",
    tone: "caution",
  }),
} satisfies TimelineEventTable;

function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_ENTRIES, type);
}

/** A type this build does not know (written by a newer one): its own name, so nothing is hidden. */
const describeUnknownEvent: DescribeEvent = (event) => ({
  rank: RANK.decision,
  title: event.type,
  detail: reasonText(event.reason),
  step: event.step,
});

export function buildCheckoutTimeline(facts: TimelineFacts): TimelineEntry[] {
  const { timeZone } = facts;
  const time = (instant: Date) => formatShopTime(instant, timeZone);
  const timeOf = (value: unknown) =>
    typeof value === "string" && !Number.isNaN(Date.parse(value)) ? time(new Date(value)) : null;
  const entries: Array<TimelineEntry & { time: number; rank: number; step: number }> = [];
  const add = (
    key: string,
    at: Date,
    rank: number,
    title: string,
    detail: string | null = null,
    tone: TimelineTone = undefined,
    step: number | null = null,
    because: string[] = [],
  ) =>
    entries.push({
      key,
      at: at.toISOString(),
      atLabel: time(at),
      time: at.getTime(),
      title,
      detail,
      tone,
      rank,
      step: step ?? 0,
      ...(because.length > 0 ? { because } : {}),
    });
  const orderName = (orderId: string) => facts.orders.get(orderId)?.name ?? `Order ${orderId}`;
  const orderText = (orderId: string, fallback: Money | null) => {
    const total = facts.orders.get(orderId)?.total ?? fallback;
    return total ? `${orderName(orderId)}, ${formatMoney(total)}` : orderName(orderId);
  };
  // Shopify's order ids are whole numbers; anything else (an admin GraphQL gid, older data) gets no link.
  const linkLastEntryTo = (orderId: string) => {
    const entry = entries.at(-1);
    if (entry && /^\d+$/.test(orderId))
      entry.order = { label: orderName(orderId), adminUrl: `shopify://admin/orders/${orderId}` };
  };

  const { checkout, enrollment } = facts;
  add("started", checkout.createdAt, RANK.started, "Checkout started");
  if (checkout.lastActivityAt.getTime() !== checkout.createdAt.getTime())
    add(
      "activity",
      checkout.lastActivityAt,
      RANK.activity,
      "Shopper's last activity",
      "The sequence's timing counts from here",
    );

  const stepsWithSentRow = new Set<number>();
  for (const send of facts.sends) {
    if (!send.sentAt) continue;
    stepsWithSentRow.add(send.step);
    const details = [
      send.outcome === "SENT_WITHOUT_OFFER"
        ? `${outcomeText(send.outcome)}${send.reason ? ` (${send.reason})` : ""}`
        : null,
      send.subject
        ? `Subject: “${send.subject}”${send.subjectVariant ? ` (variant ${send.subjectVariant})` : ""}`
        : null,
      designLine(send.template),
      send.hasOffer ? "With the discount offer" : "Without an offer",
      `${send.clickCount} ${send.clickCount === 1 ? "click" : "clicks"}`,
    ].filter((part): part is string => part !== null);
    add(
      `send-${send.id}`,
      send.sentAt,
      RANK.sent,
      `${stepLabel(send.step)} sent`,
      details.join(" · "),
      "success",
      send.step,
    );
    if (send.deliveredAt)
      add(`delivered-${send.id}`, send.deliveredAt, RANK.delivered, `${stepLabel(send.step)} delivered`);
    if (send.openedAt)
      add(
        `opened-${send.id}`,
        send.openedAt,
        RANK.opened,
        `${stepLabel(send.step)} opened`,
        "Opens are an estimate: some mail apps open every email automatically",
        undefined,
        send.step,
      );
  }

  const context: EventContext = {
    timeOf,
    codeOf: (codeId) => {
      const code = typeof codeId === "string" ? facts.codes?.get(codeId) : undefined;
      if (!code) return null;
      const orderName = code.usedOrderId ? (facts.orders.get(code.usedOrderId)?.name ?? null) : null;
      return { code: code.code, orderId: code.usedOrderId, orderName };
    },
    stepsWithSentRow,
    isOrderShown:
      Boolean(enrollment?.recoveredOrderId && enrollment.recoveredAt) ||
      Boolean(checkout.orderedAt && checkout.orderId),
  };
  for (const event of facts.events) {
    const describe: DescribeEvent = isEventType(event.type)
      ? EVENT_ENTRIES[event.type]
      : describeUnknownEvent;
    const entry = describe(event, parseData(event.data), context);
    if (!entry) continue;
    add(
      `event-${event.id}`,
      event.at,
      entry.rank,
      entry.title,
      entry.detail,
      entry.tone,
      entry.step,
      entry.because,
    );
    if (entry.orderId) linkLastEntryTo(entry.orderId);
  }

  if (checkout.completedAt)
    add("completed", checkout.completedAt, RANK.checkoutCompleted, "Checkout completed");
  if (enrollment?.recoveredOrderId && enrollment.recoveredAt) {
    const byEmail = enrollment.recoveredByEmail === true;
    const fallback =
      enrollment.recoveredMinor !== null
        ? { amountMinor: enrollment.recoveredMinor, currency: facts.shopCurrency }
        : null;
    const method = attributionMethodText(enrollment.attributionMethod);
    add(
      "recovered",
      enrollment.recoveredAt,
      RANK.order,
      byEmail ? "Recovered by email" : "Ordered: recovered on its own",
      [
        orderText(enrollment.recoveredOrderId, fallback),
        method ? `matched because ${method}` : null,
        byEmail
          ? "a recovery email was sent before the order, within the attribution window"
          : "no recovery email earned it",
      ]
        .filter(Boolean)
        .join("; "),
      byEmail ? "success" : undefined,
    );
    linkLastEntryTo(enrollment.recoveredOrderId);
  }
  if (checkout.orderedAt && checkout.orderId && checkout.orderId !== enrollment?.recoveredOrderId) {
    add(
      "ordered",
      checkout.orderedAt,
      RANK.order,
      "Order placed",
      `${orderText(checkout.orderId, null)}; not credited to a recovery email`,
    );
    linkLastEntryTo(checkout.orderId);
  }
  if (checkout.deletedAt) add("deleted", checkout.deletedAt, RANK.deleted, "Shopify deleted the checkout");
  if (checkout.redactedAt)
    add("redacted", checkout.redactedAt, RANK.redacted, "The shopper's data was erased on request");

  return entries
    .sort((a, b) => a.time - b.time || a.rank - b.rank || a.step - b.step)
    .map(({ time: _time, rank: _rank, step: _step, ...entry }) => entry);
}
