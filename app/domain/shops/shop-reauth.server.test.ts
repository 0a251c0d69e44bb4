import { describe, expect, it } from "vitest";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { clearShopReauth, findReauthNeed, markShopNeedsReauth } from ".";

const FIRST = new Date("2026-12-01T10:00:00Z");
const LATER = new Date("2026-12-01T11:00:00Z");

describe("a shop's need to re-authorise", () => {
  it("is marked once: a later failure keeps when and why access was first lost", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);

    expect(await markShopNeedsReauth(SHOP_A, "Shopify refused the refresh token", FIRST)).toBe(true);
    expect(await markShopNeedsReauth(SHOP_A, "something else", LATER)).toBe(false);

    expect(await findReauthNeed(SHOP_A)).toEqual({
      since: FIRST,
      reason: "Shopify refused the refresh token",
    });
    expect(await findReauthNeed(SHOP_B)).toBeNull();
  });

  it("is cleared when the merchant authenticates again, and can be marked afresh after", async () => {
    await installTestShop(SHOP_A);
    await markShopNeedsReauth(SHOP_A, "first loss", FIRST);

    await clearShopReauth(SHOP_A);
    expect(await findReauthNeed(SHOP_A)).toBeNull();

    expect(await markShopNeedsReauth(SHOP_A, "second loss", LATER)).toBe(true);
    expect(await findReauthNeed(SHOP_A)).toEqual({ since: LATER, reason: "second loss" });
  });

  it("is never stored longer than the admin home can show", async () => {
    await installTestShop(SHOP_A);
    await markShopNeedsReauth(SHOP_A, "x".repeat(1_000), FIRST);
    expect((await findReauthNeed(SHOP_A))?.reason).toHaveLength(300);
  });
});
