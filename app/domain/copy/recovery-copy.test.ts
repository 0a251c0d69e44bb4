import { describe, expect, it } from "vitest";
import type { RecoveryMessage } from "~/domain/messages";
import { copyInputFromMessage, displayFirstName, effectiveOffer, stepPositionOf } from "./recovery-copy";

describe("stepPositionOf", () => {
  it("names the first, follow-up and last steps, and never calls a lone step the last", () => {
    expect([1, 2, 3, 4].map((step) => stepPositionOf(step, 4))).toEqual([
      "FIRST",
      "FOLLOW_UP",
      "FOLLOW_UP",
      "LAST",
    ]);
    expect(stepPositionOf(2, 2)).toBe("LAST");
    expect(stepPositionOf(1, 1)).toBe("FIRST");
  });
});

describe("effectiveOffer", () => {
  it("treats an offer that gives nothing as no offer", () => {
    const base = { codes: [], expiresAt: new Date() };
    expect(effectiveOffer({ ...base, percentOff: 0, freeShipping: false })).toBeNull();
    expect(effectiveOffer({ ...base, percentOff: 0, freeShipping: true })).not.toBeNull();
    expect(effectiveOffer(null)).toBeNull();
  });
});

describe("displayFirstName", () => {
  it("trims, joins whitespace, drops invisible characters and caps the length", () => {
    expect(displayFirstName("  Ana \t Maria\u200b ")).toBe("Ana Maria");
    expect(displayFirstName("\u0000 ")).toBeNull();
    expect([...(displayFirstName("x".repeat(100)) ?? "")]).toHaveLength(40);
  });
});

describe("copyInputFromMessage", () => {
  it("takes the facts copy needs from a recovery message, its tone included, and no address", () => {
    const money = { amountMinor: 2500, currency: "USD" };
    const message: RecoveryMessage = {
      channel: "email",
      shop: "maple.myshopify.com",
      shopName: "Maple & Pine",
      shopAddress: "1 Main St, Toronto",
      timezone: "America/Toronto",
      storefrontUrl: "https://maple.example",
      to: "jane@example.com",
      firstName: "Jane",
      locale: "fr-CA",
      checkoutId: "c1",
      enrollmentId: "e1",
      sendId: "s1",
      step: 2,
      stepCount: 3,
      subject: "Your cart",
      subjectVariant: "A",
      template: "PRODUCT",
      tone: "DIRECT",
      lines: [
        {
          productId: "1",
          variantId: "2",
          title: "Linen shirt",
          variantTitle: "Blue / M",
          quantity: 2,
          unitPrice: money,
          linePrice: money,
          imageUrl: null,
        },
      ],
      subtotal: money,
      offer: null,
      links: { recovery: "https://maple.example/r/abc", unsubscribe: "https://maple.example/u/abc" },
      sender: { displayName: null, replyTo: null, logoUrl: null, accentColor: "#008060" },
      aiCopy: false,
    };
    const input = copyInputFromMessage(message, { hasRecommendations: true });
    expect(input).toEqual({
      shop: "maple.myshopify.com",
      shopName: "Maple & Pine",
      firstName: "Jane",
      locale: "fr-CA",
      lines: [{ title: "Linen shirt", quantity: 2 }],
      offer: null,
      step: 2,
      stepCount: 3,
      hasRecommendations: true,
      aiEnabled: false,
      timeZone: "America/Toronto",
      tone: "DIRECT",
    });
    expect(JSON.stringify(input)).not.toMatch(/jane@example\.com|Main St|r\/abc/);
  });
});
