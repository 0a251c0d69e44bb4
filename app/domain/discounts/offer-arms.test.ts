import { describe, expect, it } from "vitest";
import { OfferArmsSchema, offerArmOf, tierForArm } from "./offer-arms";

const tiers = [
  { minimumSubtotalMinor: 5000, percentOff: 10, freeShipping: false },
  { minimumSubtotalMinor: 20000, percentOff: 20, freeShipping: true },
];

describe("tierForArm", () => {
  it("gives the reached tier without an experiment or in the tier arm", () => {
    expect(tierForArm(null, tiers, 25000)).toEqual(tiers[1]);
    expect(tierForArm("TIER_DISCOUNT", tiers, 6000)).toEqual(tiers[0]);
  });

  it("gives nothing in the no-discount arm, whatever the cart", () => {
    expect(tierForArm("NO_DISCOUNT", tiers, 25000)).toBeNull();
  });

  it("gives free shipping only, at the reached tier's threshold, in the free-shipping arm", () => {
    expect(tierForArm("FREE_SHIPPING", tiers, 6000)).toEqual({
      minimumSubtotalMinor: 5000,
      percentOff: 0,
      freeShipping: true,
    });
  });

  it("gives nothing to a cart below every tier, in any arm", () => {
    for (const arm of [null, "TIER_DISCOUNT", "FREE_SHIPPING", "NO_DISCOUNT"] as const)
      expect(tierForArm(arm, tiers, 4999)).toBeNull();
  });
});

describe("offerArmOf", () => {
  it("is none without an experiment", () => {
    expect(offerArmOf([], 0.5)).toBeNull();
  });

  it("splits the draw's range into equal shares", () => {
    const arms = ["NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"] as const;
    expect(offerArmOf(arms, 0)).toBe("NO_DISCOUNT");
    expect(offerArmOf(arms, 0.34)).toBe("TIER_DISCOUNT");
    expect(offerArmOf(arms, 0.999999)).toBe("FREE_SHIPPING");
  });
});

describe("OfferArmsSchema", () => {
  it("takes none, two or three different arms, in a fixed order", () => {
    expect(OfferArmsSchema.parse([])).toEqual([]);
    expect(OfferArmsSchema.parse(["FREE_SHIPPING", "NO_DISCOUNT"])).toEqual(["NO_DISCOUNT", "FREE_SHIPPING"]);
  });

  it("refuses one arm, a repeated arm and an unknown one", () => {
    expect(OfferArmsSchema.safeParse(["NO_DISCOUNT"]).success).toBe(false);
    expect(OfferArmsSchema.safeParse(["NO_DISCOUNT", "NO_DISCOUNT"]).success).toBe(false);
    expect(OfferArmsSchema.safeParse(["NO_DISCOUNT", "HALF_OFF"]).success).toBe(false);
  });
});
