import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { verifyCronRequest } from "~/lib/cron-auth.server";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { signedWebhookRequest, TEST_APP_URL } from "../../test/helpers/webhooks";
import {
  bulkOperationGid,
  mockBulkOperation,
  mockBulkQueryStart,
  productLine,
  variantLine,
} from "../../test/mocks/bulk-operations";
import { action as bulkFinishAction } from "./webhooks.bulk_operations.finish";
import { action, loader } from "./jobs.tick";

const SECRET = "test-cron-secret-0123456789abcdef0123456789";
const tick = (headers: Record<string, string> = {}) =>
  new Request(`${TEST_APP_URL}/jobs/tick`, { method: "POST", headers });

describe("POST /jobs/tick", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong secret", { Authorization: "Bearer not-the-secret-not-the-secret-not-the" }],
    ["the secret with another scheme", { Authorization: `Basic ${SECRET}` }],
    ["the secret with a suffix", { Authorization: `Bearer ${SECRET}x` }],
  ])("answers 401 to %s and does nothing", async (_case, headers) => {
    await prisma.webhookDelivery.create({
      data: { shop: "a.myshopify.com", webhookId: "old", topic: "t", receivedAt: new Date(0) },
    });
    const response = await callAction(action, tick(headers));
    expect(response.status).toBe(401);
    expect(await prisma.webhookDelivery.count()).toBe(1);
  });

  it("runs with the bearer secret and answers JSON counts per task", async () => {
    const now = Date.now();
    await prisma.webhookDelivery.createMany({
      data: [
        {
          shop: "a.myshopify.com",
          webhookId: "old",
          topic: "t",
          receivedAt: new Date(now - 4 * 24 * 3_600_000),
        },
        { shop: "a.myshopify.com", webhookId: "recent", topic: "t", receivedAt: new Date(now - 3_600_000) },
      ],
    });

    const response = await callAction(action, tick({ Authorization: `Bearer ${SECRET}` }));

    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report.tasks.webhookDeliveries).toEqual({ pruned: 1 });
    expect(report.errors).toEqual({});
    expect((await prisma.webhookDelivery.findMany()).map((row) => row.webhookId)).toEqual(["recent"]);
  });

  it("imports a finished catalog export: install, bulk_operations/finish, then the tick", async () => {
    mockBulkQueryStart(77);
    await installTestShop(SHOP_A);
    const { startCatalogSync } = await import("~/domain/catalog");
    const { adminGraphqlFor } = await import("~/shopify.server");
    await startCatalogSync(SHOP_A, { graphql: await adminGraphqlFor(SHOP_A), now: new Date() });
    const finished = signedWebhookRequest({
      topic: "bulk_operations/finish",
      shop: SHOP_A,
      body: {
        admin_graphql_api_id: bulkOperationGid(77),
        status: "completed",
        error_code: null,
        type: "query",
      },
    });
    expect((await callAction(bulkFinishAction, finished)).status).toBe(200);
    mockBulkOperation({
      id: 77,
      lines: () => [
        productLine({ id: 1, price: ["10.00", "10.00"] }),
        variantLine(1, 10, true),
        productLine({ id: 2, price: ["5.00", "5.00"] }),
      ],
    });

    const response = await callAction(action, tick({ Authorization: `Bearer ${SECRET}` }));

    expect(response.status).toBe(200);
    expect((await response.json()).tasks.catalog).toEqual({ IMPORT_IMPORTED: 1 });
    expect(await prisma.product.count({ where: { shop: SHOP_A } })).toBe(2);
    expect(await prisma.catalogState.findUniqueOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      syncStatus: "COMPLETED",
      productCount: 2,
    });
  });

  it("sends a due recovery email end to end: webhook in, tick, composed email in the outbox", async () => {
    const { default: fs } = await import("node:fs");
    const { getShopSettings, saveShopSettings } = await import("~/domain/shops");
    const { abandonCheckout } = await import("../../test/helpers/recovery");
    await installTestShop(SHOP_A, { timezone: "UTC", name: "Maple & Pine" });
    const settings = await getShopSettings(SHOP_A);
    // The tick uses the real clock: quiet hours off, so the test does not depend on the time of day.
    await saveShopSettings(SHOP_A, {
      ...settings,
      audience: { ...settings.audience, quietHours: { ...settings.audience.quietHours, enabled: false } },
    });
    await abandonCheckout(SHOP_A, {
      token: "e2e",
      email: "jane@shopper.co",
      updatedAt: new Date(Date.now() - 2 * 3_600_000),
    });

    const response = await callAction(action, tick({ Authorization: `Bearer ${SECRET}` }));

    expect(response.status).toBe(200);
    expect((await response.json()).tasks.recovery).toMatchObject({ enrol_ACTIVE: 1, step_SENT: 1 });
    const outbox = process.env.OUTBOX_DIR as string;
    const files = fs.readdirSync(outbox).filter((file) => file.endsWith(".json"));
    expect(files).toHaveLength(1);
    const email = JSON.parse(fs.readFileSync(`${outbox}/${files[0]}`, "utf8"));
    expect(email).toMatchObject({
      to: "jane@shopper.co",
      subject: "You left something in your cart",
      from: '"Maple & Pine" <recover@cartback.test>',
    });
    expect(email.html).toContain("IPod Nano - 8GB");
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(email.idempotencyKey).toMatch(/^cartback:shop-a\.myshopify\.com:.+:step-1$/);
  });

  it("answers 405 to GET", async () => {
    expect((await callLoader(loader, new Request(`${TEST_APP_URL}/jobs/tick`))).status).toBe(405);
  });

  it("refuses every call when no secret is configured", () => {
    expect(() => verifyCronRequest(tick({ Authorization: "Bearer " }), null)).toThrow(
      /CRON_SECRET is not set/,
    );
  });
});
