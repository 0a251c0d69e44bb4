import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
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

  it("filters by the shop's segments, lists them as choices, and refuses another shop's segment with a notice", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const segment = (shop: string, name: string, position: number, deletedAt: Date | null = null) =>
      prisma.segment.create({
        data: { shop, name, position, rule: "{}", strategy: "{}", deletedAt },
        select: { id: true },
      });
    // Rows that do not parse are left out of matching (and logged), but deleted ones keep their name.
    const gone = await segment(SHOP_A, "Spring promo", 0, T0);
    const theirs = await segment(SHOP_B, "Their VIPs", 0);
    const [inGone, older] = await seedCheckouts(SHOP_A, [
      { updatedAt: T0, enrollment: { status: "COMPLETED" } },
      { updatedAt: T0, enrollment: { status: "ACTIVE" } },
    ]);
    await prisma.enrollment.update({
      where: { id: inGone?.enrollmentId ?? "" },
      data: { segmentId: gone.id },
    });

    const filtered = (await (await list(`?segment=${gone.id}`)).json()) as CheckoutListPage;
    expect(filtered.rows.map((row) => [row.id, row.segment])).toEqual([[inGone?.id, "Spring promo"]]);
    expect(filtered.segment.choices.map((choice) => [choice.name, choice.isDeleted])).toEqual([
      ["Everyone else", false],
      ["Spring promo", true],
    ]);
    const everyone = (await (await list("?segment=default")).json()) as CheckoutListPage;
    expect(everyone.rows.map((row) => [row.id, row.segment])).toEqual([[older?.id, "Everyone else"]]);

    const response = await list(`?segment=${theirs.id}`);
    expect(response.status).toBe(200);
    const refused = (await response.json()) as CheckoutListPage;
    expect(refused.segment).toMatchObject({ selected: null, problem: expect.stringContaining("not one of") });
    expect(refused.rows).toHaveLength(2);
    expect(JSON.stringify(refused)).not.toContain("Their VIPs");
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
