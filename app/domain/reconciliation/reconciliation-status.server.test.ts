import { describe, expect, it } from "vitest";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { getReconciliationStatus, requestReconciliation } from "./reconciliation-status.server";

const NOW = new Date("2026-12-04T10:00:00Z");

describe("reconciliation status", () => {
  it("says nothing ran for a shop never reconciled", async () => {
    await installTestShop(SHOP_A);
    expect(await getReconciliationStatus(SHOP_A)).toMatchObject({
      lastFinishedAt: null,
      lastOutcome: null,
      lastFound: 0,
      requestedAt: null,
    });
  });

  it("records the merchant's request for one shop only", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await requestReconciliation(SHOP_A, NOW);
    await requestReconciliation(SHOP_A, NOW);
    expect((await getReconciliationStatus(SHOP_A)).requestedAt).toEqual(NOW);
    expect((await getReconciliationStatus(SHOP_B)).requestedAt).toBeNull();
  });
});
