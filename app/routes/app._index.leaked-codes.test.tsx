import { describe, expect, it } from "vitest";
import type { DashboardPageData } from "~/components/dashboard-page";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { action as checkoutAction } from "~/routes/webhooks.checkouts.update";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { hashEmail } from "~/lib/encryption.server";
import { prisma } from "~/db.server";
import { adminRequest } from "../../test/helpers/admin";
import { editFixture } from "../../test/helpers/fixtures";
import { seedDiscountCode, seedEnrollment } from "../../test/helpers/recovery-seed";
import { renderHome, textOf } from "../../test/helpers/render-home";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { loader } from "./app._index";

const WEEK = "?from=2026-03-14&to=2026-03-20";
const at = (iso: string) => new Date(`${iso}Z`);

/** Nora's guest checkout, stored through the webhook, enrolled, with one code of ours. */
async function emailedCode(token: string, code: string) {
  const body = editFixture("checkouts-update.shopify-sample-2026-07.json", {
    token,
    cart_token: `cart-${token}`,
    email: `${token}@example.com`,
    customer: null,
    created_at: "2026-03-14T09:00:00Z",
    updated_at: "2026-03-14T10:00:00Z",
  });
  const response = await callAction(
    checkoutAction,
    signedWebhookRequest({ topic: "checkouts/update", shop: SHOP_A, body }),
  );
  expect(response.status).toBe(200);
  const checkout = await prisma.checkout.findUniqueOrThrow({
    where: { shop_token: { shop: SHOP_A, token } },
  });
  const enrollment = await seedEnrollment(SHOP_A, {
    checkoutId: checkout.id,
    emailHash: hashEmail(SHOP_A, `${token}@example.com`),
    anchorAt: at("2026-03-14T10:00:00"),
  });
  await seedDiscountCode(SHOP_A, enrollment.id, { code });
}

async function orderWith(id: string, email: string, code: string, createdAt: string) {
  const body = editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
    id,
    email,
    contact_email: email,
    customer: null,
    checkout_token: null,
    cart_token: null,
    discount_codes: [{ code, amount: "15.00", type: "percentage" }],
    test: false,
    created_at: createdAt,
  });
  const response = await callAction(
    orderAction,
    signedWebhookRequest({ topic: "orders/create", shop: SHOP_A, body }),
  );
  expect(response.status).toBe(200);
}

describe("the app home's leaked codes", () => {
  it("counts the week's codes used by other shoppers, beside the discount cost, from real orders", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC", currency: "USD" });
    await saveShopSettings(SHOP_A, { ...(await getShopSettings(SHOP_A)), customerBoundCodes: false });
    await emailedCode("nora", "CB-NORA0001");
    await emailedCode("omar", "CB-OMAR0001");
    await emailedCode("lena", "CB-LENA0001");
    // Posted online: a stranger uses Nora's code. Omar uses his own. Lena's leaks after the week.
    await orderWith("9101", "stranger@example.com", "CB-NORA0001", "2026-03-16T12:00:00Z");
    await orderWith("9102", "omar@example.com", "CB-OMAR0001", "2026-03-17T12:00:00Z");
    await orderWith("9103", "someone@example.com", "CB-LENA0001", "2026-03-21T00:00:00Z");

    const response = await callLoader(loader, await adminRequest(`/app${WEEK}`, { shop: SHOP_A }));
    expect(response.status).toBe(200);
    const data = (await response.json()) as DashboardPageData;
    expect(data.leakedCodes).toEqual({
      leaked: 1,
      costMinor: 1_500,
      used: 2,
      share: 0.5,
      isCustomerBound: false,
    });
    expect(data.figures.discounts).toEqual({ used: 2, costMinor: 3_000 });

    const text = textOf(await renderHome(data, `/app${WEEK}`));
    expect(text).toMatch(
      /Discount cost \$30\.00 2 codes used .* Leaked codes 1 code leaked \$15\.00 of discount · 50% of the 2 codes used in this period/,
    );
    expect(text).toContain("Bind codes to the customer in Settings");
  });
});
