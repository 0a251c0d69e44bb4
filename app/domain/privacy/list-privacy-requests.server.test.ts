import { describe, expect, it } from "vitest";
import { action as dataRequestAction } from "~/routes/webhooks.customers.data_request";
import { action as redactAction } from "~/routes/webhooks.customers.redact";
import { editFixture } from "../../../test/helpers/fixtures";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { storeCheckout, type TestShopper } from "../../../test/helpers/shoppers";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import { getPrivacyExport } from "./get-privacy-export.server";
import { listPrivacyRequests } from "./list-privacy-requests.server";

const ZOE: TestShopper = {
  email: "zephyrine.quill@example.org",
  firstName: "Zephyrine",
  customerId: "7700112233445566778",
};
const MARGUERITE: TestShopper = {
  email: "marguerite.holt@example.net",
  firstName: "Marguerite",
  customerId: "7700998877665544332",
};

/** A request's counts when it touched no table. */
const NOTHING = {
  recoveryEvents: 0,
  flowTriggers: 0,
  recoverySends: 0,
  discountCodes: 0,
  enrollments: 0,
  suppressions: 0,
  checkouts: 0,
  orders: 0,
  marketingConsent: 0,
  privacyRequests: 0,
};

const asCustomer = (shopper: TestShopper) => ({ id: shopper.customerId, email: shopper.email, phone: null });

// Rows are dated by the pipeline's clock; a pause keeps "newest first" unambiguous.
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function requestData(shop: string, shopper: TestShopper, requestId: number) {
  const body = editFixture("customers-data_request.shopify-sample-2026-07.json", {
    customer: asCustomer(shopper),
    data_request: { id: requestId },
  });
  const response = await callAction(
    dataRequestAction,
    signedWebhookRequest({ topic: "customers/data_request", shop, body }),
  );
  expect(response.status).toBe(200);
  await tick();
}

async function redact(shop: string, shopper: TestShopper) {
  const body = editFixture("customers-redact.shopify-sample-2026-07.json", { customer: asCustomer(shopper) });
  const response = await callAction(
    redactAction,
    signedWebhookRequest({ topic: "customers/redact", shop, body }),
  );
  expect(response.status).toBe(200);
  await tick();
}

describe("privacy requests for the admin", () => {
  it("lists the shop's requests newest first, with their counts and without their exports", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await storeCheckout(SHOP_A, ZOE, { token: "zoe-1", cartToken: "zoe-cart-1" });
    await storeCheckout(SHOP_A, MARGUERITE, { token: "marguerite-1", cartToken: "marguerite-cart-1" });
    await requestData(SHOP_A, ZOE, 41);
    await requestData(SHOP_A, MARGUERITE, 43);
    await requestData(SHOP_B, ZOE, 42);
    await redact(SHOP_A, ZOE);

    const listed = await listPrivacyRequests(SHOP_A);

    // Zoe's data request went with her redaction; Marguerite's stays.
    expect(listed).toEqual([
      expect.objectContaining({
        kind: "CUSTOMER_REDACT",
        shopifyRequestId: null,
        hasExport: false,
        summary: { ...NOTHING, checkouts: 1, privacyRequests: 1 },
      }),
      expect.objectContaining({
        kind: "DATA_REQUEST",
        shopifyRequestId: "43",
        hasExport: true,
        summary: { ...NOTHING, checkouts: 1, privacyRequests: 1 },
      }),
    ]);
    expect(listed[0]?.completedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(listed)).not.toMatch(/v1\.|marguerite/i);
    expect((await listPrivacyRequests(SHOP_B)).map((item) => item.shopifyRequestId)).toEqual(["42"]);
    expect(await listPrivacyRequests(SHOP_A, { limit: 1 })).toHaveLength(1);
  });

  it("gives a data request's export to its own shop only, and nothing for other kinds or unknown ids", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await storeCheckout(SHOP_A, MARGUERITE, { token: "marguerite-1", cartToken: "marguerite-cart-1" });
    await requestData(SHOP_A, MARGUERITE, 43);
    await redact(SHOP_A, ZOE);
    const [redaction, dataRequest] = await listPrivacyRequests(SHOP_A);

    const found = await getPrivacyExport(SHOP_A, dataRequest?.id ?? "");

    expect(found).toMatchObject({ id: dataRequest?.id, shopifyRequestId: "43" });
    expect(found?.export.subject).toEqual({ customerId: MARGUERITE.customerId, email: MARGUERITE.email });
    expect(found?.export.data.checkouts).toEqual([
      expect.objectContaining({
        token: "marguerite-1",
        email: MARGUERITE.email,
        firstName: MARGUERITE.firstName,
      }),
    ]);
    expect(await getPrivacyExport(SHOP_B, dataRequest?.id ?? "")).toBeNull();
    expect(await getPrivacyExport(SHOP_A, redaction?.id ?? "")).toBeNull();
    expect(await getPrivacyExport(SHOP_A, "no-such-request")).toBeNull();
  });
});
