import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "~/domain/outcomes";
import {
  buildCheckoutTimeline,
  type TimelineEvent,
  type TimelineEventTable,
  type TimelineFacts,
  type TimelineSend,
} from "./checkout-timeline";

const at = (iso: string) => new Date(iso);
let sequence = 0;
const event = (type: string, iso: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  id: `e${++sequence}`,
  type,
  reason: null,
  step: null,
  at: at(iso),
  data: null,
  ...extra,
});
const send = (step: number, iso: string, extra: Partial<TimelineSend> = {}): TimelineSend => ({
  id: `s${step}`,
  step,
  status: "SENT",
  outcome: "SENT",
  reason: null,
  subject: "You left something in your cart",
  subjectVariant: null,
  hasOffer: false,
  sentAt: at(iso),
  deliveredAt: null,
  openedAt: null,
  clickCount: 0,
  ...extra,
});

function facts(overrides: Partial<TimelineFacts> = {}): TimelineFacts {
  return {
    timeZone: "America/New_York",
    shopCurrency: "USD",
    checkout: {
      createdAt: at("2026-11-20T16:00:00Z"),
      lastActivityAt: at("2026-11-20T17:00:00Z"),
      completedAt: null,
      orderedAt: null,
      orderId: null,
      deletedAt: null,
      redactedAt: null,
    },
    enrollment: null,
    events: [],
    sends: [],
    orders: new Map(),
    ...overrides,
  };
}

describe("buildCheckoutTimeline", () => {
  it("tells a recovered checkout's story oldest first, times in the shop's zone, each outcome in words", () => {
    const timeline = buildCheckoutTimeline(
      facts({
        checkout: {
          ...facts().checkout,
          orderedAt: at("2026-11-22T01:00:00Z"),
          orderId: "5001",
        },
        enrollment: {
          recoveredOrderId: "5001",
          recoveredAt: at("2026-11-22T01:00:00Z"),
          recoveredByEmail: true,
          attributionMethod: "DISCOUNT_CODE",
          recoveredMinor: 40_495,
        },
        // Out of order on purpose: the builder sorts.
        events: [
          event("STOPPED", "2026-11-22T01:00:05Z", { reason: "ORDERED" }),
          event("SENT", "2026-11-21T17:00:00Z", { step: 2 }),
          event("RECOVERED", "2026-11-22T01:00:00Z", { data: '{"method":"DISCOUNT_CODE","byEmail":true}' }),
          event("ENROLLED", "2026-11-20T18:00:00Z"),
          event("SENT", "2026-11-20T18:00:00Z", { step: 1 }),
          event("DEFERRED", "2026-11-21T02:30:00Z", {
            step: 2,
            reason: "DEFERRED_QUIET_HOURS",
            data: '{"until":"2026-11-21T13:00:00.000Z"}',
          }),
          event("CLICKED", "2026-11-21T18:00:00Z", { step: 2 }),
        ],
        sends: [
          send(1, "2026-11-20T18:00:00Z", { deliveredAt: at("2026-11-20T18:00:09Z") }),
          send(2, "2026-11-21T17:00:00Z", {
            subject: "Still thinking it over?",
            subjectVariant: "B",
            hasOffer: true,
            clickCount: 2,
            openedAt: at("2026-11-21T17:30:00Z"),
          }),
        ],
        orders: new Map([["5001", { name: "#1042", total: { amountMinor: 40_495, currency: "USD" } }]]),
      }),
    );

    expect(timeline.map((entry) => [entry.atLabel, entry.title, entry.detail])).toEqual([
      ["Nov 20, 2026, 11:00 AM EST", "Checkout started", null],
      ["Nov 20, 2026, 12:00 PM EST", "Shopper's last activity", "The sequence's timing counts from here"],
      ["Nov 20, 2026, 1:00 PM EST", "Enrolled in the recovery sequence", null],
      [
        "Nov 20, 2026, 1:00 PM EST",
        "Step 1 sent",
        "Subject: “You left something in your cart” · Without an offer · 0 clicks",
      ],
      ["Nov 20, 2026, 1:00 PM EST", "Step 1 delivered", null],
      [
        "Nov 20, 2026, 9:30 PM EST",
        "Step 2 deferred",
        "Waiting for the end of quiet hours, until Nov 21, 2026, 8:00 AM EST",
      ],
      [
        "Nov 21, 2026, 12:00 PM EST",
        "Step 2 sent",
        "Subject: “Still thinking it over?” (variant B) · With the discount offer · 2 clicks",
      ],
      [
        "Nov 21, 2026, 12:30 PM EST",
        "Step 2 opened",
        "Opens are an estimate: some mail apps open every email automatically",
      ],
      ["Nov 21, 2026, 1:00 PM EST", "Step 2 link clicked", null],
      [
        "Nov 21, 2026, 8:00 PM EST",
        "Recovered by email",
        "#1042, $404.95; matched because its discount code was used; a recovery email was sent before the order, within the attribution window",
      ],
      ["Nov 21, 2026, 8:00 PM EST", "Sequence stopped", "The shopper placed an order"],
    ]);
    expect(timeline[0]?.at).toBe("2026-11-20T16:00:00.000Z");
    expect(timeline.filter((entry) => entry.tone === "success").map((entry) => entry.title)).toEqual([
      "Step 1 sent",
      "Step 2 sent",
      "Recovered by email",
    ]);
  });

  it("names skips, retries, bounces and failures with their reasons", () => {
    const timeline = buildCheckoutTimeline(
      facts({
        checkout: { ...facts().checkout, createdAt: at("2026-11-20T17:00:00Z") },
        events: [
          event("SKIPPED", "2026-11-20T18:00:00Z", { reason: "FREQUENCY_CAP" }),
          event("ENROLLED", "2026-11-20T19:00:00Z"),
          event("RETRY", "2026-11-20T20:00:00Z", {
            step: 1,
            reason: "Resend answered 503",
            data: '{"attempts":1,"nextAttemptAt":"2026-11-20T20:01:00.000Z"}',
          }),
          event("FAILED", "2026-11-20T21:00:00Z", { step: 1, reason: "HARD_BOUNCE" }),
          event("STOPPED", "2026-11-20T21:00:00Z", { reason: "SUPPRESSED" }),
          event("FAILED", "2026-11-20T22:00:00Z", { step: 2, reason: "Resend answered 422" }),
          event("STOPPED", "2026-11-20T23:00:00Z", { reason: "STOPPED_BY_MERCHANT" }),
        ],
      }),
    );

    expect(timeline.map((entry) => [entry.title, entry.detail, entry.tone])).toEqual([
      ["Checkout started", null, undefined],
      ["Skipped: no sequence started", "The shopper already got a recovery sequence recently", "caution"],
      ["Enrolled in the recovery sequence", null, undefined],
      [
        "Step 1 not sent yet: retrying",
        "Resend answered 503, next attempt Nov 20, 2026, 3:01 PM EST",
        "caution",
      ],
      ["Step 1 bounced", "The address is suppressed: it will get no more recovery emails", "critical"],
      ["Sequence stopped", "The address bounced or complained", "caution"],
      ["Step 2 failed", "Resend answered 422", "critical"],
      ["Sequence stopped", "Stopped by the merchant", "caution"],
    ]);
  });

  it("shows an order that no email earned, and a completion, once each", () => {
    const timeline = buildCheckoutTimeline(
      facts({
        checkout: {
          ...facts().checkout,
          completedAt: at("2026-11-20T18:00:00Z"),
          orderedAt: at("2026-11-20T18:00:00Z"),
          orderId: "77",
        },
        orders: new Map([["77", { name: "#1077", total: { amountMinor: 1_500, currency: "EUR" } }]]),
      }),
    );

    expect(timeline.slice(2).map((entry) => [entry.title, entry.detail])).toEqual([
      ["Checkout completed", null],
      ["Order placed", "#1077, €15.00; not credited to a recovery email"],
    ]);
  });

  it("keeps a SENT event that has no send row (older data), and an unknown event's own name", () => {
    const timeline = buildCheckoutTimeline(
      facts({
        events: [
          event("SENT", "2026-11-20T18:00:00Z", { step: 1 }),
          event("SOMETHING_NEW", "2026-11-20T19:00:00Z", { reason: "WHY_NOT" }),
        ],
      }),
    );
    expect(timeline.slice(2).map((entry) => [entry.title, entry.detail])).toEqual([
      ["Step 1 sent", null],
      ["SOMETHING_NEW", "WHY_NOT"],
    ]);
  });

  it("shows an ORDERED event as the order only when neither the checkout nor the enrolment names the order", () => {
    const ordered = event("ORDERED", "2026-11-20T19:00:00Z", { reason: "ORDERED" });
    expect(buildCheckoutTimeline(facts({ events: [ordered] })).at(-1)).toMatchObject({
      title: "Order placed",
      detail: "Not credited to a recovery email",
      tone: undefined,
    });

    const withOrderRow = buildCheckoutTimeline(
      facts({
        checkout: { ...facts().checkout, orderedAt: at("2026-11-20T19:00:00Z"), orderId: "77" },
        events: [ordered],
      }),
    );
    expect(withOrderRow.filter((entry) => entry.title === "Order placed")).toHaveLength(1);
    expect(withOrderRow.at(-1)?.detail).toBe("Order 77; not credited to a recovery email");

    const recovered = buildCheckoutTimeline(
      facts({
        enrollment: {
          recoveredOrderId: "77",
          recoveredAt: at("2026-11-20T19:00:00Z"),
          recoveredByEmail: true,
          attributionMethod: "DISCOUNT_CODE",
          recoveredMinor: 1_500,
        },
        events: [ordered],
      }),
    );
    expect(recovered.slice(2).map((entry) => entry.title)).toEqual(["Recovered by email"]);
  });

  it("says which segment matched, at which version, and the conditions that held", () => {
    const segment = (name: string, held: unknown, version: unknown = 3, id = "seg1") =>
      JSON.stringify({ segment: { id, name, version, held } });
    const timeline = buildCheckoutTimeline(
      facts({
        events: [
          event("ENROLLED", "2026-11-20T18:00:00Z", {
            data: segment("Returning, high-value", ["Returning customer", "Total spent at least $500.00"]),
          }),
          event("HELD_OUT", "2026-11-20T18:01:00Z", { data: segment("Everyone else", [], 1, "default") }),
          // Older events carry no segment; a malformed one shows none rather than a wrong one.
          event("ENROLLED", "2026-11-20T18:02:00Z"),
          event("ENROLLED", "2026-11-20T18:03:00Z", { data: segment("Bad version", [], "2") }),
          event("ENROLLED", "2026-11-20T18:04:00Z", { data: segment("Odd list", ["Kept", 7, null, ""]) }),
          event("ENROLLED", "2026-11-20T18:05:00Z", { data: "{not json" }),
        ],
      }),
    );
    const decisions = timeline.filter((entry) => entry.key.startsWith("event-"));
    expect(decisions.map(({ title, detail, because }) => ({ title, detail, because }))).toEqual([
      {
        title: "Enrolled in the recovery sequence",
        detail: "Segment: Returning, high-value (version 3)",
        because: ["Returning customer", "Total spent at least $500.00"],
      },
      {
        title: "Put in the holdout group",
        detail:
          "Segment: Everyone else (version 1); no earlier segment matched. " +
          "Gets no email, so the dashboard can measure what the emails add",
        because: undefined,
      },
      { title: "Enrolled in the recovery sequence", detail: null, because: undefined },
      { title: "Enrolled in the recovery sequence", detail: null, because: undefined },
      {
        title: "Enrolled in the recovery sequence",
        detail: "Segment: Odd list (version 3)",
        because: ["Kept"],
      },
      { title: "Enrolled in the recovery sequence", detail: null, because: undefined },
    ]);
    // Only entries with conditions carry the field, so the loader's JSON stays as it was for the others.
    expect(decisions.filter((entry) => "because" in entry)).toHaveLength(2);
  });

  it("says which offer an offer test gave the checkout, and shows no arm it does not know", () => {
    const data = (offerArm: unknown) =>
      JSON.stringify({ segment: { id: "seg1", name: "New shoppers", version: 2, held: [] }, offerArm });
    const timeline = buildCheckoutTimeline(
      facts({
        events: [
          event("ENROLLED", "2026-11-20T18:00:00Z", { data: data("FREE_SHIPPING") }),
          event("ENROLLED", "2026-11-20T18:01:00Z", { data: data("HALF_OFF") }),
        ],
      }),
    );
    expect(timeline.filter((entry) => entry.key.startsWith("event-")).map((entry) => entry.detail)).toEqual([
      "Segment: New shoppers (version 2); no earlier segment matched. " +
        "Offer test: got free shipping only, drawn at random",
      "Segment: New shoppers (version 2); no earlier segment matched",
    ]);
  });

  it("says a checkout's send-time group, why a step was held and until when, and each email's design", () => {
    const timeline = buildCheckoutTimeline(
      facts({
        events: [
          event("ENROLLED", "2026-11-20T18:00:00Z", { data: JSON.stringify({ sendTimeArm: "CONTROL" }) }),
          event("ENROLLED", "2026-11-20T18:01:00Z", { data: JSON.stringify({ sendTimeArm: "OPTIMISED" }) }),
          event("DEFERRED", "2026-11-20T19:00:00Z", {
            step: 1,
            reason: "DEFERRED_SEND_TIME",
            data: JSON.stringify({ until: "2026-11-21T00:00:00Z", basis: "SHOPPER", localHour: 19 }),
          }),
          event("DEFERRED", "2026-11-20T19:05:00Z", {
            step: 2,
            reason: "DEFERRED_SEND_TIME",
            data: JSON.stringify({ until: "2026-11-21T00:00:00Z", basis: "SOMETHING_ELSE" }),
          }),
        ],
        sends: [send(1, "2026-11-21T00:00:00Z", { template: "IMAGE", subjectVariant: "B" })],
      }),
    );
    const detailOf = (key: string) => timeline.filter((entry) => entry.key.startsWith(key));
    expect(detailOf("event-").map((entry) => [entry.title, entry.detail])).toEqual([
      [
        "Enrolled in the recovery sequence",
        "Send time: control group, sent at the plain delay to measure whether waiting pays, drawn at random",
      ],
      ["Enrolled in the recovery sequence", "Send time: each step may wait for the shopper's best hour"],
      [
        "Step 1 held for a better hour",
        "Held until Nov 20, 2026, 7:00 PM EST, when this shopper usually shops",
      ],
      [
        "Step 2 deferred",
        "Held for the hour the shopper is most likely to read it (send-time optimisation), until Nov 20, 2026, 7:00 PM EST",
      ],
    ]);
    expect(detailOf("send-")[0]?.detail).toContain("Design: Image-led");
    expect(detailOf("send-")[0]?.detail).toContain("(variant B)");
  });

  it("puts every stored event type into words, never its raw name", () => {
    for (const type of EVENT_TYPES) {
      const timeline = buildCheckoutTimeline(
        facts({ events: [event(type, "2026-11-20T19:00:00Z", { step: 1, data: '{"step":2}' })] }),
      );
      expect(timeline.map((entry) => entry.title)).not.toContain(type);
    }
  });

  it("has a timeline entry for every event type, checked by the compiler", () => {
    const hide = () => null;
    const complete: TimelineEventTable = {
      ENROLLED: hide,
      HELD_OUT: hide,
      SKIPPED: hide,
      RESTARTED: hide,
      DEFERRED: hide,
      SENT: hide,
      RETRY: hide,
      FAILED: hide,
      STOPPED: hide,
      COMPLETED: hide,
      CLICKED: hide,
      ORDERED: hide,
      RECOVERED: hide,
      OFFER_LIMITED_BY_MARGIN: hide,
      CODE_LEAKED: hide,
      LEAKED_CODE_USED: hide,
    };
    const { ORDERED: _ordered, ...withoutOrdered } = complete;
    // @ts-expect-error Property 'ORDERED' is missing: a table that leaves out a type does not compile.
    const incomplete: TimelineEventTable = withoutOrdered;
    expect(Object.keys(incomplete)).toHaveLength(EVENT_TYPES.length - 1);
  });

  it("says how an order recovered on its own was matched, with the enrolment's amount when the order row is gone", () => {
    const timeline = buildCheckoutTimeline(
      facts({
        enrollment: {
          recoveredOrderId: "9",
          recoveredAt: at("2026-11-21T12:00:00Z"),
          recoveredByEmail: false,
          attributionMethod: "EMAIL_WINDOW",
          recoveredMinor: 2_500,
        },
      }),
    );
    expect(timeline.at(-1)).toMatchObject({
      title: "Ordered: recovered on its own",
      detail:
        "Order 9, $25.00; matched because the same shopper ordered within the attribution window; no recovery email earned it",
      tone: undefined,
      order: { label: "Order 9", adminUrl: "shopify://admin/orders/9" },
    });
  });

  it("links only a Shopify order id to the admin, never an id of another form", () => {
    const timeline = buildCheckoutTimeline(
      facts({
        enrollment: {
          recoveredOrderId: "gid://shopify/Order/9",
          recoveredAt: at("2026-11-21T12:00:00Z"),
          recoveredByEmail: true,
          attributionMethod: "CHECKOUT_TOKEN",
          recoveredMinor: 2_500,
        },
      }),
    );
    expect(timeline.at(-1)?.title).toBe("Recovered by email");
    expect(timeline.at(-1)?.order).toBeUndefined();
  });

  it("tells a leaked code on the recipient's checkout, naming the code and the order from their rows", () => {
    const leaked = event("CODE_LEAKED", "2026-11-22T01:00:00Z", { data: '{"codeId":"code-1"}' });
    const timeline = buildCheckoutTimeline(
      facts({
        events: [leaked],
        codes: new Map([["code-1", { code: "CB-7Q2KX9AB", usedOrderId: "8001" }]]),
        orders: new Map([["8001", { name: "#1001", total: { amountMinor: 9_000, currency: "USD" } }]]),
      }),
    );
    expect(timeline.at(-1)).toMatchObject({
      title: "Its discount code was used by another shopper",
      detail:
        "Its code CB-7Q2KX9AB was used by another shopper's order #1001: a leaked redemption. The discount counts as a cost; the order is not this checkout's recovery",
      tone: "caution",
      order: { label: "#1001", adminUrl: "shopify://admin/orders/8001" },
    });

    // The order's name erased with its shopper (or the rows not found): the sentence without them, no link.
    const erased = buildCheckoutTimeline(
      facts({
        events: [leaked],
        codes: new Map([["code-1", { code: "CB-7Q2KX9AB", usedOrderId: "redacted-1" }]]),
        orders: new Map([["redacted-1", { name: null, total: { amountMinor: 9_000, currency: "USD" } }]]),
      }),
    ).at(-1);
    expect(erased?.detail).toMatch(/^Its code CB-7Q2KX9AB was used by another shopper's order: a leaked/);
    expect(erased?.order).toBeUndefined();
    expect(buildCheckoutTimeline(facts({ events: [leaked] })).at(-1)?.detail).toMatch(
      /^Its code was used by another shopper's order: a leaked redemption/,
    );
  });

  it("tells the shopper's own checkout that its order used a code sent to someone else", () => {
    const timeline = buildCheckoutTimeline(
      facts({ events: [event("LEAKED_CODE_USED", "2026-11-22T01:00:00Z", { data: '{"codeId":"c"}' })] }),
    );
    expect(timeline.at(-1)).toMatchObject({
      title: "The order used a code sent to another shopper",
      tone: "caution",
    });
    expect(timeline.at(-1)?.detail).toContain("a leaked redemption");
  });
});
