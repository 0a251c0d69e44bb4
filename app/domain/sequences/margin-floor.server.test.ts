import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { abandonCheckout, at, enrollmentOf, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { adminCalls } from "../../../test/mocks/shopify-admin";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";

/**
 * The margin floor in a real tick: the send reads the carts' unit costs with its batch, gives each cart the
 * largest offer that keeps its margin, makes the codes for that offer, and tells the timeline when it cut one.
 */

// Noon UTC, outside the default quiet hours.
const T0 = at("2026-11-20T12:00:00Z");

async function setup() {
  await installTestShop(SHOP_A, { timezone: "UTC" });
  await saveShopSettings(SHOP_A, {
    ...(await getShopSettings(SHOP_A)),
    steps: [{ delayMinutes: 60, offer: true, subject: "Your cart, with an offer" }],
    tiers: [
      { minimumSubtotalMinor: 0, percentOff: 5, freeShipping: false },
      { minimumSubtotalMinor: 5_000, percentOff: 10, freeShipping: false },
      { minimumSubtotalMinor: 10_000, percentOff: 20, freeShipping: false },
    ],
    defaultMarginPercent: 50,
    marginFloorPercent: 30,
    // Codes open to anyone, although the checkouts have a Shopify customer.
    customerBoundCodes: false,
  });
}

const eventsOf = async (token: string) =>
  (
    await prisma.recoveryEvent.findMany({
      where: { shop: SHOP_A, enrollmentId: (await enrollmentOf(SHOP_A, token)).id },
      orderBy: { at: "asc" },
    })
  ).map((event) => ({
    type: event.type,
    step: event.step,
    data: event.data ? (JSON.parse(event.data) as unknown) : null,
  }));

describe("the margin floor in the tick", () => {
  it("cuts an offer that would take the cart below the floor to the largest that keeps it, and says so", async () => {
    await setup();
    const mailer = createRecordingMailer();
    // 2 x 60.00 of product 501 (variant 5010), whose unit cost is 35.00: 70.00 of cost on 120.00. 20% off
    // leaves (96 - 70) / 96 = 27% (below 30%); 10% off leaves (108 - 70) / 108 = 35%.
    await abandonCheckout(SHOP_A, {
      token: "thin",
      updatedAt: T0,
      customerId: "7001",
      lines: [[501, "Wool coat", "60.00", 2]],
    });
    // The same cart of a product without a known cost: the 50% default margin keeps 20% off (37.5%).
    await abandonCheckout(SHOP_A, {
      token: "unknown",
      updatedAt: T0,
      customerId: "7002",
      lines: [[601, "Linen shirt", "60.00", 2]],
    });
    await prisma.variantCost.create({
      data: {
        shop: SHOP_A,
        variantId: "5010",
        productId: "501",
        unitCostMinor: 3_500,
        currency: "USD",
        updatedAt: T0,
      },
    });

    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);

    const offerTo = (token: string) =>
      mailer.delivered.find((sent) => sent.message.to === `${token}@shopper.co`)?.message.offer;
    expect(offerTo("thin")).toMatchObject({ percentOff: 10, freeShipping: false });
    expect(offerTo("unknown")).toMatchObject({ percentOff: 20, freeShipping: false });
    // Recorded with the send, in its transaction, at the same instant (the timeline ranks it first).
    const events = (await eventsOf("thin")).filter((event) => event.step === 1);
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        {
          type: "OFFER_LIMITED_BY_MARGIN",
          step: 1,
          data: { fromPercent: 20, toPercent: 10, floorPercent: 30, freeShipping: false },
        },
        expect.objectContaining({ type: "SENT", data: { offer: true, variant: null } }),
      ]),
    );
    expect((await eventsOf("unknown")).map((event) => event.type)).not.toContain("OFFER_LIMITED_BY_MARGIN");

    // The code is made for the offer that goes out, open to anyone (customerBoundCodes off).
    const thin = await enrollmentOf(SHOP_A, "thin");
    expect(
      await prisma.discountCode.findMany({ where: { enrollmentId: thin.id }, select: { percentOff: true } }),
    ).toEqual([{ percentOff: 10 }]);
    const created = adminCalls.filter((call) => call.operationName === "CreatePercentageDiscountCode");
    expect(created).toHaveLength(2);
    for (const call of created) {
      const input = call.variables.input as { context: unknown };
      expect(input.context).toEqual({ all: "ALL" });
    }
  });
});
