import { describe, expect, it } from "vitest";
import type { CheckoutListPage } from "~/domain/checkouts";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { seedCheckouts } from "../../test/helpers/checkouts";
import { callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { loader } from "./app.checkouts._index";

const T0 = new Date("2026-11-20T12:00:00Z");
const list = async (query: string, shop = SHOP_A) =>
  callLoader(loader, await adminRequest(`/app/checkouts${query}`, { shop }));

describe("GET /app/checkouts (the checkout list)", () => {
  it("answers the session's shop's checkouts, filtered, searched and sorted as the URL says", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const [skippedJane] = await seedCheckouts(SHOP_A, [
      {
        email: "jane@shopper.co",
        firstName: "Jane",
        updatedAt: T0,
        enrollment: { status: "SKIPPED", reason: "NOT_SUBSCRIBED" },
      },
      { email: "jane2@shopper.co", firstName: "Jane", updatedAt: T0, enrollment: { status: "ACTIVE" } },
      { email: "max@shopper.co", firstName: "Max", updatedAt: T0 },
    ]);
    await seedCheckouts(SHOP_B, [
      { email: "jane@shopper.co", firstName: "Jane", updatedAt: T0, enrollment: { status: "SKIPPED" } },
    ]);

    const response = await list("?status=skipped&q=JANE&sort=value-desc");

    expect(response.status).toBe(200);
    const page = (await response.json()) as CheckoutListPage;
    expect(page).toMatchObject({ status: "skipped", sort: "value-desc", query: "JANE" });
    expect(page.rows.map((row) => [row.id, row.firstName, row.maskedEmail, row.status.reason])).toEqual([
      [skippedJane?.id, "Jane", "j***@shopper.co", "The shopper did not accept email marketing"],
    ]);
  });

  it("shows every checkout of the shop and none of another's, and never a full address", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const ours = await seedCheckouts(SHOP_A, [
      { email: "ann@shopper.co", updatedAt: T0 },
      { email: "bob@shopper.co", updatedAt: T0 },
    ]);
    const theirs = await seedCheckouts(SHOP_B, [{ email: "cat@shopper.co", updatedAt: T0 }]);

    const response = await list("?status=bogus&sort=bogus");
    const text = await response.text();
    const page = JSON.parse(text) as CheckoutListPage;

    expect(new Set(page.rows.map((row) => row.id))).toEqual(new Set(ours.map((row) => row.id)));
    expect(text).not.toContain(theirs[0]?.id);
    expect(text).not.toContain("ann@shopper.co");
    expect(page).toMatchObject({ status: "all", sort: "activity-desc" });
  });

  it("rejects a request without a valid session token and shows nothing", async () => {
    await installTestShop(SHOP_A);
    await seedCheckouts(SHOP_A, [{ firstName: "Jane", updatedAt: T0 }]);

    const anonymous = await callLoader(loader, new Request(`${TEST_APP_URL}/app/checkouts`));
    const forged = await callLoader(loader, await forgedAdminRequest("/app/checkouts", { shop: SHOP_A }));

    expect([302, 401]).toContain(anonymous.status);
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toContain("Jane");
  });
});
