import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "~/domain/shops";
import { decidePreSend, type PreSendFacts } from "./decide-pre-send";

// 23:00 in New York: inside the default quiet hours (21:00-08:00).
const NOW = new Date("2026-11-21T04:00:00Z");
const settings = defaultShopSettings("USD");
const facts = (changes: Partial<PreSendFacts> = {}): PreSendFacts => ({
  shop: "a.myshopify.com",
  checkoutId: "c1",
  checkoutToken: "t1",
  email: "jane@shopper.co",
  acceptsMarketing: true,
  lastActivityAt: new Date("2026-11-20T17:00:00Z"),
  consent: null,
  suppression: null,
  hasRecentSequence: false,
  sendingPaused: false,
  shopInstalled: true,
  timezone: "America/New_York",
  checkout: { completedAt: null, orderedAt: null, deletedAt: null, redactedAt: null },
  // Two hours ago: within the 16-hour gap.
  lastEmailToAddressAt: new Date("2026-11-21T02:00:00Z"),
  ...changes,
});
const EARLIER = new Date("2026-11-20T20:00:00Z");

describe("decidePreSend for the merchant's explicit 'send now'", () => {
  it("defers a scheduled send to the end of quiet hours, but sends the merchant's at once", () => {
    expect(decidePreSend(facts(), settings, { now: NOW })).toMatchObject({
      action: "DEFER",
      outcome: "DEFERRED_QUIET_HOURS",
    });
    expect(decidePreSend(facts(), settings, { now: NOW, isMerchantRequest: true })).toEqual({
      action: "SEND",
    });
  });

  it("waives the minimum gap between two emails to one address too", () => {
    const daytime = new Date("2026-11-21T15:00:00Z");
    const recent = facts({ lastEmailToAddressAt: new Date("2026-11-21T14:00:00Z") });
    expect(decidePreSend(recent, settings, { now: daytime })).toMatchObject({
      outcome: "DEFERRED_FREQUENCY",
    });
    expect(decidePreSend(recent, settings, { now: daytime, isMerchantRequest: true })).toEqual({
      action: "SEND",
    });
  });

  it("holds a step while sending is paused instead of ending its sequence, even at the merchant's request", () => {
    const paused = facts({ sendingPaused: true });
    for (const isMerchantRequest of [false, true])
      expect(decidePreSend(paused, settings, { now: NOW, isMerchantRequest })).toEqual({
        action: "DEFER",
        until: new Date(NOW.getTime() + 60 * 60 * 1000),
        outcome: "DEFERRED_PAUSED",
      });
  });

  it.each([
    ["an uninstalled app", { shopInstalled: false }, "SHOP_UNINSTALLED"],
    [
      "an order",
      { checkout: { completedAt: null, orderedAt: EARLIER, deletedAt: null, redactedAt: null } },
      "ORDERED",
    ],
    [
      "a completed checkout",
      { checkout: { completedAt: EARLIER, orderedAt: null, deletedAt: null, redactedAt: null } },
      "COMPLETED",
    ],
    [
      "a deleted checkout",
      { checkout: { completedAt: null, orderedAt: null, deletedAt: EARLIER, redactedAt: null } },
      "DELETED",
    ],
    [
      "an erased shopper",
      { checkout: { completedAt: null, orderedAt: null, deletedAt: null, redactedAt: EARLIER } },
      "REDACTED",
    ],
    ["an unsubscribe", { suppression: "UNSUBSCRIBED" }, "UNSUBSCRIBED"],
    ["a bounce", { suppression: "HARD_BOUNCE" }, "SUPPRESSED"],
    ["withdrawn consent", { consent: { state: "UNSUBSCRIBED", updatedAt: NOW } }, "UNSUBSCRIBED"],
    ["a checkout past the maximum age", { lastActivityAt: new Date("2026-11-10T00:00:00Z") }, "TOO_OLD"],
  ] as const)("never waives %s", (_case, changes, reason) => {
    expect(decidePreSend(facts(changes), settings, { now: NOW, isMerchantRequest: true })).toEqual({
      action: "STOP",
      reason,
    });
  });
});
