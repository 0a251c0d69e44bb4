import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "~/domain/shops";
import { decideEnrollment, isSubscribed, type CandidateFacts } from "./decide-enrollment";
import { drawArm } from "./deterministic-draw";

const NOW = new Date("2026-11-21T12:00:00Z");
const settings = defaultShopSettings("USD");
const facts = (changes: Partial<CandidateFacts> = {}): CandidateFacts => ({
  shop: "a.myshopify.com",
  checkoutId: "c1",
  checkoutToken: "t1",
  email: "jane@shopper.co",
  acceptsMarketing: true,
  lastActivityAt: new Date("2026-11-21T10:00:00Z"),
  consent: null,
  suppression: null,
  hasRecentSequence: false,
  sendingPaused: false,
  ...changes,
});
const decide = (changes: Partial<CandidateFacts>, settingsChanges: Partial<typeof settings> = {}) =>
  decideEnrollment(facts(changes), { ...settings, ...settingsChanges }, { now: NOW });

describe("decideEnrollment", () => {
  it("enrols a subscribed shopper with a fresh checkout", () => {
    expect(decide({})).toEqual({ status: "ACTIVE", arm: "TREATMENT", offerArm: null, sendTimeArm: null });
  });

  it.each([
    ["no email", { email: null }, "NO_EMAIL"],
    ["sending paused", { sendingPaused: true }, "SENDING_PAUSED"],
    ["idle longer than 7 days", { lastActivityAt: new Date("2026-11-14T11:59:00Z") }, "TOO_OLD"],
    ["Google's shopping crawler", { email: "x@storebotmail.joonix.net" }, "BOT_ADDRESS"],
    ["a reserved test domain", { email: "tester@example.com" }, "TEST_CHECKOUT"],
    ["a .test domain", { email: "qa@shop.test" }, "TEST_CHECKOUT"],
    ["an unsubscribed address", { suppression: "UNSUBSCRIBED" }, "UNSUBSCRIBED"],
    ["a bounced address", { suppression: "HARD_BOUNCE" }, "SUPPRESSED"],
    ["a shopper who did not accept marketing", { acceptsMarketing: false }, "NOT_SUBSCRIBED"],
    ["a shopper in another sequence", { hasRecentSequence: true }, "FREQUENCY_CAP"],
  ] as const)("skips %s", (_case, changes, reason) => {
    expect(decide(changes)).toEqual({
      status: "SKIPPED",
      reason,
      arm: "TREATMENT",
      offerArm: null,
      sendTimeArm: null,
    });
  });

  it("honours the merchant's blocklist of addresses and domains (subdomains included)", () => {
    const audience = {
      ...settings.audience,
      blockedEmails: ["vip@shopper.co"],
      blockedDomains: ["competitor.com"],
    };
    expect(decide({ email: "vip@shopper.co" }, { audience })).toMatchObject({ reason: "BLOCKED_ADDRESS" });
    expect(decide({ email: "spy@mail.competitor.com" }, { audience })).toMatchObject({
      reason: "BLOCKED_ADDRESS",
    });
    expect(decide({ email: "fan@notcompetitor.com" }, { audience })).toMatchObject({ status: "ACTIVE" });
  });

  it("never emails a shopper who opted out in Shopify, in any audience mode", () => {
    const optedOut = { state: "UNSUBSCRIBED", updatedAt: new Date("2026-11-21T11:00:00Z") };
    for (const mode of ["SUBSCRIBERS", "ALL"] as const) {
      const audience = { ...settings.audience, mode };
      expect(decide({ acceptsMarketing: false, consent: optedOut }, { audience }), mode).toEqual({
        status: "SKIPPED",
        reason: "UNSUBSCRIBED",
        arm: "TREATMENT",
        offerArm: null,
        sendTimeArm: null,
      });
      // Opted out, then ticked "email me" on a later checkout: that later word counts.
      const earlier = { ...optedOut, updatedAt: new Date("2026-11-20T09:00:00Z") };
      expect(decide({ acceptsMarketing: true, consent: earlier }, { audience }), mode).toMatchObject({
        status: "ACTIVE",
      });
    }
  });

  it("emails everyone with an address when the audience is ALL, but never the suppressed", () => {
    const audience = { ...settings.audience, mode: "ALL" as const };
    expect(decide({ acceptsMarketing: false }, { audience })).toMatchObject({ status: "ACTIVE" });
    expect(decide({ acceptsMarketing: false, suppression: "COMPLAINT" }, { audience })).toMatchObject({
      reason: "SUPPRESSED",
    });
  });

  it("lets test addresses through when the merchant does not exclude them", () => {
    const audience = { ...settings.audience, excludeTestCheckouts: false };
    expect(decide({ email: "tester@example.com" }, { audience })).toMatchObject({ status: "ACTIVE" });
  });

  it("holds out about the configured share, always the same checkouts", () => {
    const arms = Array.from({ length: 4000 }, (_, i) => drawArm("a.myshopify.com", `checkout-${i}`, 20));
    const heldOut = arms.filter((arm) => arm === "HOLDOUT").length / arms.length;
    expect(heldOut).toBeGreaterThan(0.17);
    expect(heldOut).toBeLessThan(0.23);
    expect(drawArm("a.myshopify.com", "checkout-7", 20)).toBe(arms[7]);
    expect(decide({}, { holdoutPercent: 0 })).toMatchObject({ status: "ACTIVE" });
  });

  it("draws the arm from Shopify's checkout token, so the same checkouts are held out in any database", () => {
    // Our row ids are new in every database: a restore, a replay of the webhooks, each run of the demo.
    const armsWith = (rowId: (index: number) => string) =>
      Array.from(
        { length: 40 },
        (_, index) =>
          decide({ checkoutToken: `token-${index}`, checkoutId: rowId(index) }, { holdoutPercent: 50 }).arm,
      );
    const arms = armsWith((index) => `row-${index}`);
    expect(new Set(arms)).toEqual(new Set(["TREATMENT", "HOLDOUT"]));
    expect(armsWith((index) => `another-row-${index}`)).toEqual(arms);
  });
});

describe("the offer test's arm", () => {
  const offerArms = ["NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"] as const;
  const decideMany = (holdoutPercent: number) =>
    Array.from({ length: 9000 }, (_, index) =>
      decideEnrollment(facts({ checkoutToken: `token-${index}` }), settings, {
        now: NOW,
        holdoutPercent,
        offerArms,
      }),
    );

  it("splits the checkouts in the sequence evenly between the arms, the same way every time", () => {
    const decisions = decideMany(20);
    const active = decisions.filter((decision) => decision.status === "ACTIVE");
    for (const arm of offerArms) {
      const share = active.filter((decision) => decision.offerArm === arm).length / active.length;
      expect(share).toBeGreaterThan(1 / 3 - 0.02);
      expect(share).toBeLessThan(1 / 3 + 0.02);
    }
    expect(decideMany(20).map((decision) => decision.offerArm)).toEqual(decisions.map((d) => d.offerArm));
  });

  it("gives the held-out and the skipped checkouts no offer arm", () => {
    const decisions = decideMany(30);
    expect(decisions.filter((d) => d.status === "HOLDOUT").every((d) => d.offerArm === null)).toBe(true);
    expect(decisions.some((d) => d.status === "HOLDOUT")).toBe(true);
    const skipped = decideEnrollment(facts({ email: null }), settings, { now: NOW, offerArms });
    expect(skipped).toMatchObject({ status: "SKIPPED", offerArm: null });
  });

  it("does not move a checkout between the holdout and the sequence when a test is added", () => {
    const without = Array.from({ length: 500 }, (_, index) =>
      decideEnrollment(facts({ checkoutToken: `token-${index}` }), settings, {
        now: NOW,
        holdoutPercent: 20,
      }),
    );
    expect(
      decideMany(20)
        .slice(0, 500)
        .map((d) => d.arm),
    ).toEqual(without.map((d) => d.arm));
  });
});

describe("isSubscribed", () => {
  const at = new Date("2026-11-21T10:00:00Z");
  it("lets a newer consent update decide, either way", () => {
    expect(
      isSubscribed({
        acceptsMarketing: true,
        lastActivityAt: at,
        consent: { state: "UNSUBSCRIBED", updatedAt: new Date("2026-11-21T11:00:00Z") },
      }),
    ).toBe(false);
    expect(
      isSubscribed({
        acceptsMarketing: false,
        lastActivityAt: at,
        consent: { state: "SUBSCRIBED", updatedAt: new Date("2026-11-21T11:00:00Z") },
      }),
    ).toBe(true);
  });
  it("falls back to the checkout's box or an earlier subscription", () => {
    expect(
      isSubscribed({
        acceptsMarketing: false,
        lastActivityAt: at,
        consent: { state: "SUBSCRIBED", updatedAt: new Date("2026-10-01T00:00:00Z") },
      }),
    ).toBe(true);
    expect(isSubscribed({ acceptsMarketing: false, lastActivityAt: at, consent: null })).toBe(false);
  });
});

describe("the send-time group", () => {
  const decideMany = (controlPercent: number, holdsForSendTime = true) =>
    Array.from({ length: 10_000 }, (_, index) =>
      decideEnrollment(
        facts({ checkoutToken: `token-${index}` }),
        { ...settings, sendTime: { controlPercent } },
        { now: NOW, holdoutPercent: 10, holdsForSendTime },
      ),
    );

  it("puts the control share of the checkouts in the sequence at the plain delay, the same way every time", () => {
    const decisions = decideMany(20);
    const active = decisions.filter((decision) => decision.status === "ACTIVE");
    const control = active.filter((decision) => decision.sendTimeArm === "CONTROL").length / active.length;
    expect(control).toBeGreaterThan(0.18);
    expect(control).toBeLessThan(0.22);
    expect(active.every((decision) => decision.sendTimeArm !== null)).toBe(true);
    expect(decideMany(20).map((decision) => decision.sendTimeArm)).toEqual(
      decisions.map((d) => d.sendTimeArm),
    );
    // Its own draw: the holdout and the offers are the same with or without it.
    expect(decideMany(20, false).map((decision) => decision.status)).toEqual(decisions.map((d) => d.status));
  });

  it("draws no group without a window, nor for the held-out, and none in control at 0%", () => {
    expect(decideMany(20, false).every((decision) => decision.sendTimeArm === null)).toBe(true);
    const decisions = decideMany(0);
    expect(decisions.filter((d) => d.status === "HOLDOUT").every((d) => d.sendTimeArm === null)).toBe(true);
    expect(decisions.some((d) => d.sendTimeArm === "CONTROL")).toBe(false);
  });
});
