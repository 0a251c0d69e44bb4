import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { editFixture } from "../../test/helpers/fixtures";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { adminCalls } from "../../test/mocks/shopify-admin";
import { action } from "./webhooks.bulk_operations.finish";

const FIXTURE = "bulk_operations-finish.shopify-sample-2026-07.json";
const OPERATION = "gid://shopify/BulkOperation/147595010";

const deliver = (
  changes: Record<string, unknown> = {},
  options: { shop?: string; webhookId?: string } = {},
) =>
  callAction(
    action,
    signedWebhookRequest({
      topic: "bulk_operations/finish",
      shop: options.shop ?? SHOP_A,
      body: editFixture(FIXTURE, changes),
      webhookId: options.webhookId,
    }),
  );

async function runningSync(shop: string, bulkOperationId = OPERATION) {
  await prisma.catalogState.create({
    data: {
      shop,
      syncStatus: "RUNNING",
      syncId: `sync-${shop}`,
      bulkOperationId,
      syncStartedAt: new Date("2026-11-20T10:00:00Z"),
    },
  });
}

const state = (shop = SHOP_A) => prisma.catalogState.findUniqueOrThrow({ where: { shop } });

describe("POST /webhooks/bulk_operations/finish", () => {
  it("marks the shop's running export READY for the import, without calling Shopify", async () => {
    await installTestShop(SHOP_A);
    await runningSync(SHOP_A);

    const response = await deliver();

    expect(response.status).toBe(200);
    expect(await state()).toMatchObject({ syncStatus: "READY", syncError: null, bulkOperationId: OPERATION });
    expect(adminCalls).toEqual([]);
  });

  it("records a failed export as FAILED with a reason the merchant can read", async () => {
    await installTestShop(SHOP_A);
    await runningSync(SHOP_A);

    await deliver({ status: "failed", error_code: "timeout" });

    const failed = await state();
    expect(failed.syncStatus).toBe("FAILED");
    expect(failed.syncError).toBe("Shopify timed out while exporting the products");
    expect(failed.syncFinishedAt).toBeInstanceOf(Date);
  });

  it("records a canceled export as FAILED", async () => {
    await installTestShop(SHOP_A);
    await runningSync(SHOP_A);

    await deliver({ status: "canceled" });

    expect(await state()).toMatchObject({
      syncStatus: "FAILED",
      syncError: "The product export was canceled in Shopify",
    });
  });

  it("ignores an operation Cartback is not waiting for, and a sync already past RUNNING", async () => {
    await installTestShop(SHOP_A);
    await runningSync(SHOP_A, "gid://shopify/BulkOperation/1");

    expect((await deliver()).status).toBe(200);
    expect(await state()).toMatchObject({
      syncStatus: "RUNNING",
      bulkOperationId: "gid://shopify/BulkOperation/1",
    });

    await prisma.catalogState.update({
      where: { shop: SHOP_A },
      data: { bulkOperationId: OPERATION, syncStatus: "COMPLETED" },
    });
    expect((await deliver({ status: "failed", error_code: "internal_server_error" })).status).toBe(200);
    expect(await state()).toMatchObject({ syncStatus: "COMPLETED", syncError: null });
  });

  it("only touches the sync of the shop the delivery is from", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await runningSync(SHOP_B);

    expect((await deliver({}, { shop: SHOP_A })).status).toBe(200);

    expect(await state(SHOP_B)).toMatchObject({ syncStatus: "RUNNING" });
    expect(await prisma.catalogState.count({ where: { shop: SHOP_A } })).toBe(0);
  });

  it("refuses a payload without a BulkOperation id", async () => {
    await installTestShop(SHOP_A);

    const response = await deliver({ admin_graphql_api_id: "gid://shopify/Product/1" });

    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/admin_graphql_api_id/);
  });
});
