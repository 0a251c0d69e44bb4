import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { RepeatCohorts } from "~/domain/analytics";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { hashEmail } from "~/lib/encryption.server";
import { runAt } from "~/lib/clock.server";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { seedEnrollments } from "../../test/helpers/recovery-seed";
import { callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { loader } from "./app.customer-value";

const NOW = new Date("2026-07-15T12:00:00.000Z");
const DAY_MS = 86_400_000;
const EMAIL = "returning.buyer@example.com";

async function load(shop: string): Promise<Response> {
  return runAt(NOW, async () => callLoader(loader, await adminRequest("/app/customer-value", { shop })));
}

/** A shopper recovered by email in March who orders again 20 days later. */
async function seedRecoveredBuyer(shop: string) {
  const emailHash = hashEmail(shop, EMAIL);
  const recoveredAt = new Date("2026-03-10T15:00:00.000Z");
  await seedEnrollments(shop, [
    {
      emailHash,
      status: "STOPPED",
      anchorAt: new Date(recoveredAt.getTime() - DAY_MS),
      recovered: { at: recoveredAt, byEmail: true, minor: 4_000, orderId: "7001" },
    },
  ]);
  const order = (orderId: string, at: Date, totalMinor: number) => ({
    shop,
    orderId,
    emailHash,
    customerId: "8800123",
    discountCodes: "[]",
    lines: "[]",
    currency: "EUR",
    totalMinor,
    subtotalMinor: totalMinor,
    presentmentCurrency: "EUR",
    presentmentTotalMinor: totalMinor,
    shopifyCreatedAt: at,
  });
  await prisma.order.createMany({
    data: [
      order("7001", recoveredAt, 4_000),
      order("7002", new Date(recoveredAt.getTime() + 20 * DAY_MS), 2_500),
    ],
  });
  return emailHash;
}

describe("GET /app/customer-value", () => {
  it("answers with the session shop's cohorts, in its currency and time zone, without personal data", async () => {
    await installTestShop(SHOP_A, { currency: "EUR", timezone: "Europe/Berlin" });
    await saveShopSettings(SHOP_A, { ...(await getShopSettings(SHOP_A)), retentionDays: 365 });
    const emailHash = await seedRecoveredBuyer(SHOP_A);

    const response = await load(SHOP_A);
    expect(response.status).toBe(200);
    const text = await response.text();
    const cohorts = JSON.parse(text) as RepeatCohorts;
    expect(cohorts).toMatchObject({ currency: "EUR", timezone: "Europe/Berlin", retentionDays: 365 });
    const march = cohorts.months.find((month) => month.month === "2026-03");
    expect(march?.cells.RECOVERED_BY_EMAIL.buyers).toBe(1);
    expect(march?.cells.RECOVERED_BY_EMAIL.windows[0]?.figures).toMatchObject({
      repeatBuyers: 1,
      repeatRevenueMinor: 2_500,
      revenuePerBuyerMinor: 2_500,
    });
    for (const secret of [emailHash, EMAIL, "8800123", "7001", "7002"]) expect(text).not.toContain(secret);
  });

  it("shows an empty page for a shop with no orders, and refuses a forged session token", async () => {
    await installTestShop(SHOP_A);
    const cohorts = (await (await load(SHOP_A)).json()) as RepeatCohorts;
    expect(cohorts.hasBuyers).toBe(false);
    // The default retention (90 days): May to July only.
    expect(cohorts.months.map((month) => month.month)).toEqual(["2026-05", "2026-06", "2026-07"]);
    const forged = await callLoader(
      loader,
      await forgedAdminRequest("/app/customer-value", { shop: SHOP_A }),
    );
    expect(forged.status).toBe(401);
  });
});
