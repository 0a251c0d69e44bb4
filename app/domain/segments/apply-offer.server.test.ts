import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { defaultShopSettings, getShopSettings, updateShopSettings } from "~/domain/shops";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { applyOfferToSegment } from "./apply-offer.server";
import { SegmentStrategySchema, strategyFromSettings, strategyWithOffer } from "./segment-strategy";
import { ensureCurrentVersion } from "./sequence-versions.server";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const TESTED = {
  ...strategyFromSettings(defaultShopSettings("USD")),
  offerArms: ["NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"] as const,
};

async function segmentWithTest(shop: string) {
  const segment = await prisma.segment.create({
    data: {
      shop,
      position: 0,
      name: "Returning",
      rule: JSON.stringify({ match: "ALL", conditions: [] }),
      strategy: JSON.stringify({ ...TESTED, offerArms: [...TESTED.offerArms] }),
    },
    select: { id: true },
  });
  await ensureCurrentVersion(shop, segment.id, SegmentStrategySchema.parse(TESTED), { now: NOW });
  return segment.id;
}

const latestVersion = (shop: string, segmentId: string) =>
  prisma.sequenceVersion.findFirstOrThrow({
    where: { shop, segmentId },
    orderBy: { number: "desc" },
    select: { number: true, data: true },
  });

describe("strategyWithOffer", () => {
  const strategy = SegmentStrategySchema.parse(TESTED);

  it("ends the test with reminders only, keeping the tiers for a later test", () => {
    const next = strategyWithOffer(strategy, "NO_DISCOUNT");
    expect(next.offerArms).toEqual([]);
    expect(next.steps.every((step) => !step.offer)).toBe(true);
    expect(next.tiers).toEqual(strategy.tiers);
  });

  it("ends it with free shipping at each tier's threshold, or with the tiers as they are", () => {
    const free = strategyWithOffer(strategy, "FREE_SHIPPING");
    expect(free.tiers.map((tier) => [tier.minimumSubtotalMinor, tier.percentOff, tier.freeShipping])).toEqual(
      strategy.tiers.map((tier) => [tier.minimumSubtotalMinor, 0, true]),
    );
    expect(free.steps).toEqual(strategy.steps);
    expect(strategyWithOffer(strategy, "TIER_DISCOUNT")).toEqual({ ...strategy, offerArms: [] });
  });
});

describe("applyOfferToSegment", () => {
  it("makes the segment's next version with the chosen offer, once", async () => {
    await installTestShop(SHOP_A);
    const segmentId = await segmentWithTest(SHOP_A);

    const result = await applyOfferToSegment(SHOP_A, { segmentId, arm: "NO_DISCOUNT" }, { now: NOW });

    expect(result).toMatchObject({ ok: true, version: 2 });
    const version = await latestVersion(SHOP_A, segmentId);
    const strategy = SegmentStrategySchema.parse(JSON.parse(version.data));
    expect(strategy.offerArms).toEqual([]);
    expect(strategy.steps.some((step) => step.offer)).toBe(false);
    // The button is stale now: the test it was for has ended.
    expect(await applyOfferToSegment(SHOP_A, { segmentId, arm: "NO_DISCOUNT" }, { now: NOW })).toMatchObject({
      ok: false,
      status: 409,
    });
    expect((await latestVersion(SHOP_A, segmentId)).number).toBe(2);
  });

  it("refuses another shop's segment, an unknown offer and an offer the test does not have", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const segmentId = await segmentWithTest(SHOP_A);

    expect(await applyOfferToSegment(SHOP_B, { segmentId, arm: "NO_DISCOUNT" }, { now: NOW })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await applyOfferToSegment(SHOP_A, { segmentId, arm: "HALF_OFF" }, { now: NOW })).toMatchObject({
      ok: false,
      status: 400,
    });
    await applyOfferToSegment(SHOP_A, { segmentId, arm: "FREE_SHIPPING" }, { now: NOW });
    expect(
      await applyOfferToSegment(SHOP_A, { segmentId, arm: "TIER_DISCOUNT" }, { now: NOW }),
    ).toMatchObject({
      ok: false,
      status: 409,
    });
  });

  it("changes Everyone else through the shop's settings, and makes its next version", async () => {
    await installTestShop(SHOP_A);
    await updateShopSettings(SHOP_A, (current) => ({
      ...current,
      offerArms: ["NO_DISCOUNT", "FREE_SHIPPING"],
    }));
    await ensureCurrentVersion(SHOP_A, "default", strategyFromSettings(await getShopSettings(SHOP_A)), {
      now: NOW,
    });

    const result = await applyOfferToSegment(
      SHOP_A,
      { segmentId: "default", arm: "FREE_SHIPPING" },
      { now: NOW },
    );

    expect(result).toMatchObject({ ok: true, version: 2 });
    const settings = await getShopSettings(SHOP_A);
    expect(settings.offerArms).toEqual([]);
    expect(settings.tiers.every((tier) => tier.percentOff === 0 && tier.freeShipping)).toBe(true);
    expect(
      SegmentStrategySchema.parse(JSON.parse((await latestVersion(SHOP_A, "default")).data)).tiers,
    ).toEqual(settings.tiers);
  });
});
