import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { AppError } from "~/lib/app-error";
import { seedDiscountCode, seedEnrollment } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { getLeakedCodes } from "./get-leaked-codes.server";

const MARCH = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };
const d = (iso: string) => new Date(`2026-${iso}Z`);

/** A code of `shop` used at `at` with `discountMinor` off, leaked or not (as attribution leaves it). */
async function usedCode(shop: string, code: string, at: Date, discountMinor: number, isLeaked: boolean) {
  const enrollment = await seedEnrollment(shop, { anchorAt: d("02-20T10:00:00") });
  const row = await seedDiscountCode(shop, enrollment.id, {
    code,
    used: { orderId: `order-${code}`, at, discountMinor },
  });
  if (isLeaked) await prisma.discountCode.update({ where: { id: row.id }, data: { leakedAt: at } });
}

describe("getLeakedCodes", () => {
  it("counts the period's leaked codes by order date, with their discount and their share of the codes used", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await usedCode(SHOP_A, "CB-LEAK-1", d("03-05T10:00:00"), 2_500, true);
    // The period's first instant is in it; its end is the next period's.
    await usedCode(SHOP_A, "CB-LEAK-2", d("03-01T00:00:00"), 1_200, true);
    await usedCode(SHOP_A, "CB-LEAK-3", d("04-01T00:00:00"), 9_900, true);
    await usedCode(SHOP_A, "CB-OWN-1", d("03-06T10:00:00"), 1_000, false);
    await usedCode(SHOP_A, "CB-OWN-2", d("03-07T10:00:00"), 1_000, false);
    const unused = await seedEnrollment(SHOP_A, { anchorAt: d("03-03T10:00:00") });
    await seedDiscountCode(SHOP_A, unused.id, { code: "CB-UNUSED" });
    // Another shop's leak is not this shop's.
    await usedCode(SHOP_B, "CB-LEAK-B", d("03-05T10:00:00"), 7_700, true);

    expect(await getLeakedCodes(SHOP_A, MARCH)).toEqual({
      leaked: 2,
      costMinor: 3_700,
      used: 4,
      share: 0.5,
    });
  });

  it("has no share without a code used, and refuses a period that ends before it starts", async () => {
    await installTestShop(SHOP_A);
    expect(await getLeakedCodes(SHOP_A, MARCH)).toEqual({ leaked: 0, costMinor: 0, used: 0, share: null });
    await expect(getLeakedCodes(SHOP_A, { from: MARCH.to, to: MARCH.from })).rejects.toBeInstanceOf(AppError);
  });
});
