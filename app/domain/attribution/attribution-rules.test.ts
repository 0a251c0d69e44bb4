import { describe, expect, it } from "vitest";
import { defaultShopSettings, SequenceStepSchema } from "~/domain/shops";
import {
  attributionRuleOf,
  discountCodeSpellings,
  emailWindowClosesAt,
  isInEmailWindow,
  isLeakedRedemption,
  isRecoveredByEmail,
  isSameDiscountCode,
  pickEnrollment,
  type AttributionRule,
} from "./attribution-rules";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = new Date("2026-03-02T10:00:00Z");
const at = (offset: number) => new Date(T0.getTime() + offset);

// The default sequence: steps at 1 hour, 1 day and 3 days; a 7-day window.
const RULE: AttributionRule = { windowDays: 7, sequenceSpanMinutes: 3 * 24 * 60 };

const treated = (lastSentAt: Date | null, enrolledAt = at(HOUR)) => ({
  status: "COMPLETED",
  arm: "TREATMENT",
  anchorAt: T0,
  enrolledAt,
  lastSentAt,
});
const heldOut = { status: "HOLDOUT", arm: "HOLDOUT", anchorAt: T0, enrolledAt: at(HOUR), lastSentAt: null };

describe("attributionRuleOf", () => {
  it("takes the window from the settings and the span from the latest step", () => {
    expect(attributionRuleOf(defaultShopSettings("USD"))).toEqual(RULE);
    expect(
      attributionRuleOf({
        attributionWindowDays: 2,
        steps: [
          { ...SequenceStepSchema.parse({ delayMinutes: 30, offer: false, subject: "a" }) },
          { ...SequenceStepSchema.parse({ delayMinutes: 90, offer: true, subject: "b" }) },
        ],
      }),
    ).toEqual({ windowDays: 2, sequenceSpanMinutes: 90 });
  });
});

describe("emailWindowClosesAt", () => {
  it("closes the window of a held-out checkout when its last step would have been sent, plus the window", () => {
    expect(emailWindowClosesAt(heldOut, RULE)).toEqual(at(3 * DAY + 7 * DAY));
  });

  it("gives a treated checkout the same window when its emails went out on schedule", () => {
    expect(emailWindowClosesAt(treated(at(3 * DAY)), RULE)).toEqual(emailWindowClosesAt(heldOut, RULE));
    // A sequence that stopped after its first email is matched as long as its held-out twin would be.
    expect(emailWindowClosesAt(treated(at(HOUR)), RULE)).toEqual(emailWindowClosesAt(heldOut, RULE));
  });

  it("extends the window after an email that went out late (quiet hours, retries)", () => {
    expect(emailWindowClosesAt(treated(at(3 * DAY + 10 * HOUR)), RULE)).toEqual(at(10 * DAY + 10 * HOUR));
  });

  it("counts from the enrolment when the checkout was enrolled after its schedule had passed", () => {
    expect(emailWindowClosesAt(treated(null, at(5 * DAY)), RULE)).toEqual(at(12 * DAY));
  });
});

describe("isInEmailWindow", () => {
  it("accepts orders from the abandonment to the close of the window, inclusive", () => {
    expect(isInEmailWindow(heldOut, T0, RULE)).toBe(true);
    expect(isInEmailWindow(heldOut, at(10 * DAY), RULE)).toBe(true);
    expect(isInEmailWindow(heldOut, at(10 * DAY + 1), RULE)).toBe(false);
  });

  it("rejects an order placed before the checkout's last activity", () => {
    expect(isInEmailWindow(treated(at(HOUR)), at(-1), RULE)).toBe(false);
  });
});

describe("isRecoveredByEmail", () => {
  const base = { method: "CHECKOUT_TOKEN" as const, arm: "TREATMENT", windowDays: 7 };

  it("credits an email sent before the order, within the window", () => {
    expect(isRecoveredByEmail({ ...base, lastSentBeforeOrder: at(HOUR), orderAt: at(HOUR + 7 * DAY) })).toBe(
      true,
    );
  });

  it("does not credit an email older than the window, even when the order completed that very checkout", () => {
    expect(
      isRecoveredByEmail({ ...base, lastSentBeforeOrder: at(HOUR), orderAt: at(HOUR + 7 * DAY + 1) }),
    ).toBe(false);
  });

  it("credits the email's discount code however late it was used", () => {
    expect(
      isRecoveredByEmail({
        ...base,
        method: "DISCOUNT_CODE",
        lastSentBeforeOrder: at(HOUR),
        orderAt: at(20 * DAY),
      }),
    ).toBe(true);
  });

  it("never credits a checkout that got no email before the order, or a held-out one", () => {
    expect(isRecoveredByEmail({ ...base, lastSentBeforeOrder: null, orderAt: at(DAY) })).toBe(false);
    expect(isRecoveredByEmail({ ...base, lastSentBeforeOrder: at(DAY), orderAt: at(DAY) })).toBe(false);
    expect(
      isRecoveredByEmail({ ...base, arm: "HOLDOUT", lastSentBeforeOrder: at(HOUR), orderAt: at(DAY) }),
    ).toBe(false);
  });
});

describe("pickEnrollment", () => {
  it("prefers a checkout in the experiment to a skipped one, then the latest abandonment", () => {
    const older = { status: "COMPLETED", anchorAt: at(0), id: "older" };
    const newer = { status: "HOLDOUT", anchorAt: at(DAY), id: "newer" };
    const skipped = { status: "SKIPPED", anchorAt: at(2 * DAY), id: "skipped" };
    expect(pickEnrollment([older, skipped, newer])?.id).toBe("newer");
    expect(pickEnrollment([skipped, older])?.id).toBe("older");
    expect(pickEnrollment([skipped])?.id).toBe("skipped");
    expect(pickEnrollment([])).toBeNull();
  });
});

describe("discount codes", () => {
  it("looks a code up under the spellings Shopify may report, and compares without case", () => {
    expect(discountCodeSpellings([" Cbk-7q2 ", "", "CBK-7Q2"]).sort()).toEqual([
      "CBK-7Q2",
      "Cbk-7q2",
      "cbk-7q2",
    ]);
    expect(isSameDiscountCode("cbk-7q2", "CBK-7Q2 ")).toBe(true);
    expect(isSameDiscountCode("CBK-7Q2", "CBK-7Q3")).toBe(false);
  });
});

describe("isLeakedRedemption", () => {
  // Nora was emailed the code for her guest checkout; hashes and ids stand for the real ones.
  const nora = {
    emailHashes: ["hash-nora", "hash-nora"],
    customerId: null,
    checkoutToken: "checkout-nora",
    cartToken: "cart-nora",
    isRedacted: false,
  };
  const stranger = {
    emailHash: "hash-stranger",
    customerId: "9001",
    checkoutToken: "checkout-stranger",
    cartToken: "cart-stranger",
  };

  it("calls a guest checkout's code used by an order under another address leaked", () => {
    expect(isLeakedRedemption(stranger, nora)).toBe(true);
    expect(isLeakedRedemption({ ...stranger, customerId: null, cartToken: null }, nora)).toBe(true);
  });

  it("does not when the email is the same, whatever the customer account", () => {
    expect(isLeakedRedemption({ ...stranger, emailHash: "hash-nora" }, { ...nora, customerId: "7001" })).toBe(
      false,
    );
  });

  it("does not when the customer is the same, whatever the address", () => {
    expect(isLeakedRedemption({ ...stranger, customerId: "7001" }, { ...nora, customerId: "7001" })).toBe(
      false,
    );
  });

  it("does not when the order came from the recipient's checkout or cart", () => {
    expect(isLeakedRedemption({ ...stranger, checkoutToken: "checkout-nora" }, nora)).toBe(false);
    expect(isLeakedRedemption({ ...stranger, cartToken: "cart-nora" }, nora)).toBe(false);
  });

  it("compares the address the enrolment was emailed at, when the checkout's changed since", () => {
    expect(
      isLeakedRedemption(
        { ...stranger, emailHash: "hash-nora-old" },
        { ...nora, emailHashes: ["hash-nora-new", "hash-nora-old"] },
      ),
    ).toBe(false);
  });

  it("does not call it leaked with nothing personal to compare: missing data, tokens only, or erased", () => {
    const nothing = { emailHash: null, customerId: null, checkoutToken: null, cartToken: null };
    expect(isLeakedRedemption(nothing, nora)).toBe(false);
    expect(isLeakedRedemption(nothing, { ...nora, emailHashes: [], customerId: null })).toBe(false);
    // Only the tokens are on both sides, and they differ: another device of the same shopper, perhaps.
    expect(isLeakedRedemption({ ...stranger, emailHash: null, customerId: null }, nora)).toBe(false);
    // The order's customer against a guest checkout, and no order email: nothing personal compared.
    expect(isLeakedRedemption({ ...stranger, emailHash: null }, nora)).toBe(false);
    expect(
      isLeakedRedemption(stranger, {
        emailHashes: [null, null],
        customerId: null,
        checkoutToken: "redacted-1",
        cartToken: null,
        isRedacted: true,
      }),
    ).toBe(false);
  });
});
