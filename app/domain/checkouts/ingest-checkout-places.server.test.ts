import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { parseJsonExact } from "~/lib/webhooks.server";
import { editFixture } from "../../../test/helpers/fixtures";
import { SHOP_A } from "../../../test/helpers/shops";
import { CheckoutPayloadSchema, toCheckoutFacts } from "./checkout-payload";
import { upsertCheckout } from "./ingest-checkout.server";

const NOW = new Date("2026-11-20T12:00:00Z");
const SAMPLE = "checkouts-update.shopify-sample-2026-07.json";

function facts(changes: Record<string, unknown>) {
  return toCheckoutFacts(CheckoutPayloadSchema.parse(parseJsonExact(editFixture(SAMPLE, changes))));
}

const placesOf = (token: string) =>
  prisma.checkout.findFirstOrThrow({
    where: { shop: SHOP_A, token },
    select: {
      countryCode: true,
      shippingCountryCode: true,
      shippingProvinceCode: true,
      billingCountryCode: true,
      billingProvinceCode: true,
    },
  });

describe("upsertCheckout: place codes", () => {
  it("stores both addresses' codes, and a newer delivery replaces them", async () => {
    const first = facts({
      token: "tok-places",
      updated_at: "2026-11-20T10:00:00Z",
      shipping_address: { country_code: "CA", province_code: "QC" },
      billing_address: { country_code: "US", province_code: "NY" },
    });
    await prisma.$transaction((tx) => upsertCheckout(tx, SHOP_A, first, { now: NOW }));
    expect(await placesOf("tok-places")).toEqual({
      countryCode: "CA",
      shippingCountryCode: "CA",
      shippingProvinceCode: "QC",
      billingCountryCode: "US",
      billingProvinceCode: "NY",
    });

    const next = facts({
      token: "tok-places",
      updated_at: "2026-11-20T11:00:00Z",
      shipping_address: [],
      billing_address: { country_code: "FR", province_code: null },
    });
    await prisma.$transaction((tx) => upsertCheckout(tx, SHOP_A, next, { now: NOW }));
    expect(await placesOf("tok-places")).toEqual({
      countryCode: "FR",
      shippingCountryCode: null,
      shippingProvinceCode: null,
      billingCountryCode: "FR",
      billingProvinceCode: null,
    });
  });
});
