import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { adminRequest } from "../../test/helpers/admin";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { storeCheckout } from "../../test/helpers/shoppers";
import { loader as downloadLoader } from "./app.privacy.$id.download";
import { loader } from "./app.privacy";
import { action as dataRequestAction } from "./webhooks.customers.data_request";

const shopper = { email: "jane@shopper.co", firstName: "Jane", customerId: "9007199254740993" };

async function dataRequest(shop: string, requestId: number) {
  const body = {
    shop_id: 1,
    shop_domain: shop,
    customer: { id: shopper.customerId, email: shopper.email, phone: null },
    orders_requested: [],
    data_request: { id: requestId },
  };
  expect(
    (
      await callAction(
        dataRequestAction,
        signedWebhookRequest({ topic: "customers/data_request", shop, body }),
      )
    ).status,
  ).toBe(200);
  return prisma.privacyRequest.findFirstOrThrow({ where: { shop, shopifyRequestId: String(requestId) } });
}

describe("/app/privacy", () => {
  it("lists the shop's privacy requests and downloads an export as a JSON file", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout(SHOP_A, shopper, { token: "t1", cartToken: "c1" });
    const request = await dataRequest(SHOP_A, 4242);

    const list = await (
      await callLoader(loader, await adminRequest("/app/privacy", { shop: SHOP_A }))
    ).json();
    expect(list.requests).toEqual([
      expect.objectContaining({
        id: request.id,
        kind: "DATA_REQUEST",
        shopifyRequestId: "4242",
        hasExport: true,
      }),
    ]);

    const download = await callLoader(
      downloadLoader,
      await adminRequest(`/app/privacy/${request.id}/download`, { shop: SHOP_A }),
      { id: request.id },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="customer-data-${request.id}.json"`,
    );
    const file = JSON.parse(await download.text());
    expect(JSON.stringify(file)).toContain("jane@shopper.co");
  });

  it("never shows or serves another shop's requests", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await storeCheckout(SHOP_B, shopper, { token: "t1", cartToken: "c1" });
    const other = await dataRequest(SHOP_B, 7);

    const list = await (
      await callLoader(loader, await adminRequest("/app/privacy", { shop: SHOP_A }))
    ).json();
    expect(list.requests).toEqual([]);
    const download = await callLoader(
      downloadLoader,
      await adminRequest(`/app/privacy/${other.id}/download`, { shop: SHOP_A }),
      { id: other.id },
    );
    expect(download.status).toBe(404);
  });
});
