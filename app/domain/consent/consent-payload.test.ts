import { describe, expect, it } from "vitest";
import { MarketingConsentPayloadSchema, toConsentFacts } from "./consent-payload";

const fallbackUpdatedAt = new Date("2026-01-01T00:00:00Z");
const facts = (payload: unknown) =>
  toConsentFacts(MarketingConsentPayloadSchema.parse(payload), { fallbackUpdatedAt });

describe("toConsentFacts", () => {
  it("uppercases Shopify's lowercase states and reads the change's own time", () => {
    expect(
      facts({
        customer_id: "706405506930370084",
        email_address: "bob@biller.com",
        email_marketing_consent: {
          state: "not_subscribed",
          opt_in_level: "single_opt_in",
          consent_updated_at: "2021-12-31T19:00:00-05:00",
        },
      }),
    ).toEqual({
      customerId: "706405506930370084",
      rawEmail: "bob@biller.com",
      state: "NOT_SUBSCRIBED",
      consentUpdatedAt: new Date("2022-01-01T00:00:00Z"),
    });
  });

  it("keeps a state it does not know, so it still replaces an older SUBSCRIBED", () => {
    expect(
      facts({ email_address: "a@b.co", email_marketing_consent: { state: "Paused_By_Merchant" } })?.state,
    ).toBe("PAUSED_BY_MERCHANT");
  });

  it("dates a change without consent_updated_at by the delivery, and skips a payload without consent", () => {
    expect(
      facts({
        email_address: "a@b.co",
        email_marketing_consent: { state: "pending", consent_updated_at: null },
      }),
    ).toMatchObject({
      consentUpdatedAt: fallbackUpdatedAt,
      customerId: null,
    });
    expect(facts({ customer_id: 1, email_address: "a@b.co", email_marketing_consent: null })).toBeNull();
  });

  it("refuses a state that is not a word", () => {
    expect(
      MarketingConsentPayloadSchema.safeParse({ email_marketing_consent: { state: "sub scribed!" } }).success,
    ).toBe(false);
    expect(MarketingConsentPayloadSchema.safeParse({ email_marketing_consent: { state: "" } }).success).toBe(
      false,
    );
  });
});
