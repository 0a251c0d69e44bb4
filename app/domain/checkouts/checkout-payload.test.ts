import { describe, expect, it } from "vitest";
import { parseJsonExact } from "~/lib/webhooks.server";
import { editFixture } from "../../../test/helpers/fixtures";
import { abandonedCheckoutNode } from "../../../test/helpers/abandoned-checkouts";
import { toReconciledFacts } from "./abandoned-checkout-facts";
import { CheckoutPayloadSchema, toCheckoutFacts } from "./checkout-payload";

const SAMPLE = "checkouts-update.shopify-sample-2026-07.json";

function factsOf(changes: Record<string, unknown> = {}) {
  return toCheckoutFacts(CheckoutPayloadSchema.parse(parseJsonExact(editFixture(SAMPLE, changes))));
}

const places = (facts: ReturnType<typeof factsOf>) => ({
  countryCode: facts.countryCode,
  shippingCountryCode: facts.shippingCountryCode,
  shippingProvinceCode: facts.shippingProvinceCode,
  billingCountryCode: facts.billingCountryCode,
  billingProvinceCode: facts.billingProvinceCode,
});

describe("toCheckoutFacts: place codes", () => {
  it("reads both addresses' country and province codes from Shopify's sample", () => {
    expect(places(factsOf())).toEqual({
      countryCode: "US",
      shippingCountryCode: "US",
      shippingProvinceCode: "KY",
      billingCountryCode: "US",
      billingProvinceCode: "KY",
    });
  });

  it("keeps each address apart, upper-cases, and accepts the ISO 3166-2 form of its own country", () => {
    const facts = factsOf({
      shipping_address: { first_name: "Ann", country_code: "ca", province_code: "CA-qc" },
      billing_address: { country_code: "FR", province_code: "75" },
    });
    expect(places(facts)).toEqual({
      countryCode: "CA",
      shippingCountryCode: "CA",
      shippingProvinceCode: "QC",
      billingCountryCode: "FR",
      billingProvinceCode: "75",
    });
  });

  it("drops codes of the wrong shape, a province without a country, and another country's province", () => {
    expect(
      places(
        factsOf({
          shipping_address: { country_code: "United States", province_code: "KY" },
          billing_address: { country_code: "US", province_code: "Kentucky" },
        }),
      ),
    ).toEqual({
      countryCode: null,
      shippingCountryCode: null,
      shippingProvinceCode: null,
      billingCountryCode: "US",
      billingProvinceCode: null,
    });
    expect(
      places(factsOf({ shipping_address: { country_code: "US", province_code: "CA-QC" } })),
    ).toMatchObject({ shippingCountryCode: "US", shippingProvinceCode: null });
    expect(places(factsOf({ shipping_address: { country_code: "US", province_code: null } }))).toMatchObject({
      shippingCountryCode: "US",
      shippingProvinceCode: null,
    });
  });

  it("reads a guest's empty-array addresses as no place at all", () => {
    expect(places(factsOf({ shipping_address: [], billing_address: null }))).toEqual({
      countryCode: null,
      shippingCountryCode: null,
      shippingProvinceCode: null,
      billingCountryCode: null,
      billingProvinceCode: null,
    });
  });

  it("keeps countryCode falling back to the billing country when there is no shipping address", () => {
    const facts = factsOf({
      shipping_address: undefined,
      billing_address: { country_code: "de", province_code: "BE" },
    });
    expect(places(facts)).toEqual({
      countryCode: "DE",
      shippingCountryCode: null,
      shippingProvinceCode: null,
      billingCountryCode: "DE",
      billingProvinceCode: "BE",
    });
  });
});

describe("toReconciledFacts: place codes", () => {
  const node = abandonedCheckoutNode("shop.myshopify.com", {
    id: "77",
    token: "tok77",
    updatedAt: new Date("2026-11-20T12:00:00Z"),
  });

  it("reads the province of the shipping address and the billing address Shopify's list gives", () => {
    const { facts } = toReconciledFacts({
      ...node,
      shippingAddress: { countryCodeV2: "US", provinceCode: "NY", firstName: "Jane" },
      billingAddress: { countryCodeV2: "CA", provinceCode: "ON" },
    });
    expect(places(facts)).toEqual({
      countryCode: "US",
      shippingCountryCode: "US",
      shippingProvinceCode: "NY",
      billingCountryCode: "CA",
      billingProvinceCode: "ON",
    });
  });

  it("reads an answer without a billing address or province as unknown places", () => {
    const { facts } = toReconciledFacts(node);
    expect(places(facts)).toEqual({
      countryCode: "US",
      shippingCountryCode: "US",
      shippingProvinceCode: null,
      billingCountryCode: null,
      billingProvinceCode: null,
    });
  });
});
