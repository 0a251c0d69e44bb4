import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { marginOfMinor } from "~/domain/attribution/order-profit";
import { seedEnrollments, type EnrollmentSeed } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { saveSettingsSection } from "./save-settings-section.server";
import { sectionFields, toSettingsForm } from "./settings-form";
import { getShopSettings } from "./shop-settings.server";

/**
 * A new default margin recomputes, with the settings save, the profit of the shop's recovered orders whose
 * cost of goods is unknown, and of nothing else.
 */

const NOW = new Date("2026-11-21T10:00:00Z");
const T0 = new Date("2026-11-01T10:00:00Z");

function formData(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

async function saveProfit(
  shop: string,
  change: { defaultMarginPercent?: string; marginFloorPercent?: string },
) {
  const form = toSettingsForm(await getShopSettings(shop), "USD");
  form.profit = { ...form.profit, ...change };
  return saveSettingsSection(shop, formData(sectionFields("profit", form)), { now: NOW });
}

const recovered = (
  merchandiseMinor: number,
  costOfGoodsMinor: number | null,
  discountMinor: number,
): EnrollmentSeed => ({
  anchorAt: T0,
  status: "COMPLETED",
  recovered: {
    at: T0,
    byEmail: true,
    minor: merchandiseMinor - discountMinor,
    merchandiseMinor,
    costOfGoodsMinor,
    discountMinor,
    // A stand-in the recompute must replace (or leave, where it must not touch the row).
    profitMinor: -1,
  },
});

/** The shop's enrolments' profits, in the order they were seeded. */
async function profits(shop: string) {
  const rows = await prisma.enrollment.findMany({ where: { shop }, select: { id: true, profitMinor: true } });
  const order = seededIds.get(shop) ?? [];
  return order.map((id) => rows.find((row) => row.id === id)?.profitMinor);
}

const seededIds = new Map<string, string[]>();
async function seed(shop: string, seeds: EnrollmentSeed[]) {
  const seeded = await seedEnrollments(shop, seeds);
  seededIds.set(
    shop,
    seeded.map((row) => row.id),
  );
  return seeded;
}

describe("recomputing profits when the default margin changes", () => {
  it("recomputes the shop's recovered orders of unknown cost, half up as attribution rounds, in BIGINT", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const unknownCost: Array<[merchandise: number, discount: number]> = [
      [10_001, 1_001],
      [1, 0],
      [3, 0],
      [149, 0],
      [2_000_000_000, 0],
    ];
    const seeded = await seed(SHOP_A, [
      ...unknownCost.map(([merchandise, discount]) => recovered(merchandise, null, discount)),
      // Its cost of goods is known: the margin plays no part.
      recovered(10_000, 6_000, 0),
      // Not recovered: no profit to recompute.
      { anchorAt: T0, status: "ACTIVE" },
    ]);
    await seed(SHOP_B, [recovered(10_000, null, 0)]);

    const result = await saveProfit(SHOP_A, { defaultMarginPercent: "35" });

    expect(result.ok).toBe(true);
    expect((await getShopSettings(SHOP_A)).defaultMarginPercent).toBe(35);
    expect(seeded).toHaveLength(7);
    expect(await profits(SHOP_A)).toEqual([
      ...unknownCost.map(([merchandise, discount]) => marginOfMinor(merchandise, 35) - discount),
      -1,
      null,
    ]);
    expect((await profits(SHOP_A)).slice(0, 5)).toEqual([2_499, 0, 1, 52, 700_000_000]);
    expect(await profits(SHOP_B)).toEqual([-1]);

    await saveProfit(SHOP_A, { defaultMarginPercent: "99" });
    expect((await profits(SHOP_A)).slice(0, 5)).toEqual(
      unknownCost.map(([merchandise, discount]) => marginOfMinor(merchandise, 99) - discount),
    );
  });

  it("leaves profits alone when the margin did not change (another field of the section did)", async () => {
    await installTestShop(SHOP_A);
    await seed(SHOP_A, [recovered(10_000, null, 0)]);

    const result = await saveProfit(SHOP_A, { marginFloorPercent: "20" });

    expect(result.ok).toBe(true);
    expect((await getShopSettings(SHOP_A)).marginFloorPercent).toBe(20);
    expect(await profits(SHOP_A)).toEqual([-1]);
  });

  it("saves nothing, and recomputes nothing, when the margin is refused", async () => {
    await installTestShop(SHOP_A);
    await seed(SHOP_A, [recovered(10_000, null, 0)]);

    const result = await saveProfit(SHOP_A, { defaultMarginPercent: "0" });

    expect(result).toMatchObject({
      ok: false,
      errors: { defaultMarginPercent: "Must be between 1 and 100" },
    });
    expect((await getShopSettings(SHOP_A)).defaultMarginPercent).toBe(50);
    expect(await profits(SHOP_A)).toEqual([-1]);
  });
});
