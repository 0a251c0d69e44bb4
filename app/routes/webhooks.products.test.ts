import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { action as createAction } from "./webhooks.products.create";
import { action as deleteAction } from "./webhooks.products.delete";
import { action as updateAction } from "./webhooks.products.update";

// A products/update delivery as Shopify sends it (REST shape, API 2026-10), trimmed to what matters here.
function productPayload(overrides: Record<string, unknown> = {}) {
  return {
    id: 7880321196742,
    admin_graphql_api_id: "gid://shopify/Product/7880321196742",
    title: "Example T-Shirt",
    body_html:
      "<p>An <strong>organic</strong> cotton tee.</p><ul><li>Soft &amp; light</li><li>Fair&nbsp;trade</li></ul>",
    vendor: "Acme",
    product_type: "Shirts",
    handle: "example-t-shirt",
    created_at: "2026-10-01T09:00:00-04:00",
    updated_at: "2026-11-01T09:00:00-04:00",
    published_at: "2026-10-01T09:00:00-04:00",
    status: "active",
    tags: "summer, cotton ,, mens",
    variants: [
      {
        id: 6426670414727,
        price: "19.99",
        inventory_quantity: 0,
        inventory_policy: "deny",
        inventory_management: "shopify",
      },
      {
        id: 7576504846442,
        price: "24.50",
        inventory_quantity: 0,
        inventory_policy: "deny",
        inventory_management: "shopify",
      },
    ],
    image: { id: 1, src: "https://cdn.shopify.com/s/files/1/tee.jpg" },
    images: [{ id: 1, src: "https://cdn.shopify.com/s/files/1/tee.jpg" }],
    ...overrides,
  };
}

type Topic = "products/create" | "products/update" | "products/delete";
const ACTIONS = {
  "products/create": createAction,
  "products/update": updateAction,
  "products/delete": deleteAction,
};

const deliver = (
  topic: Topic,
  body: unknown,
  options: { shop?: string; webhookId?: string; secret?: string } = {},
) =>
  callAction(ACTIONS[topic], signedWebhookRequest({ topic, shop: options.shop ?? SHOP_A, body, ...options }));

const stored = (productId = "7880321196742", shop = SHOP_A) =>
  prisma.product.findUnique({ where: { shop_productId: { shop, productId } } });

const catalogVersion = async (shop = SHOP_A) =>
  (await prisma.catalogState.findUnique({ where: { shop } }))?.version ?? 0;

describe("POST /webhooks/products/create and /update", () => {
  it("stores the product: exact id, plain-text description, tags, prices in minor units, image", async () => {
    await installTestShop(SHOP_A);

    const response = await deliver("products/create", productPayload());

    expect(response.status).toBe(200);
    const product = await stored();
    expect(product).toMatchObject({
      shop: SHOP_A,
      productId: "7880321196742",
      handle: "example-t-shirt",
      title: "Example T-Shirt",
      description: "An organic cotton tee. Soft & light Fair trade",
      productType: "Shirts",
      vendor: "Acme",
      status: "ACTIVE",
      currency: "USD",
      priceMinMinor: 1999,
      priceMaxMinor: 2450,
      imageUrl: "https://cdn.shopify.com/s/files/1/tee.jpg",
      availableForSale: false,
      syncId: null,
    });
    expect(JSON.parse(product?.tags ?? "")).toEqual(["summer", "cotton", "mens"]);
    expect(product?.shopifyUpdatedAt.toISOString()).toBe("2026-11-01T13:00:00.000Z");
    expect(await prisma.catalogState.findUnique({ where: { shop: SHOP_A } })).toMatchObject({
      version: 1,
      productCount: 1,
    });
  });

  it("prices in the shop's currency: 1200 yen is 1200 minor units", async () => {
    await installTestShop(SHOP_A, { currency: "JPY" });
    const variants = [
      { price: "1200", inventory_quantity: 3, inventory_policy: "deny", inventory_management: "shopify" },
    ];

    expect((await deliver("products/create", productPayload({ variants }))).status).toBe(200);

    expect(await stored()).toMatchObject({ currency: "JPY", priceMinMinor: 1200, priceMaxMinor: 1200 });
  });

  it.each([
    [
      "stock is left",
      { inventory_quantity: 2, inventory_policy: "deny", inventory_management: "shopify" },
      true,
    ],
    [
      "stock is not tracked",
      { inventory_quantity: 0, inventory_policy: "deny", inventory_management: null },
      true,
    ],
    [
      "it sells at zero stock",
      { inventory_quantity: -3, inventory_policy: "continue", inventory_management: "shopify" },
      true,
    ],
    [
      "it is sold out",
      { inventory_quantity: 0, inventory_policy: "deny", inventory_management: "shopify" },
      false,
    ],
  ])("a variant is available when %s", async (_case, stock, expected) => {
    await installTestShop(SHOP_A);
    const soldOut = {
      price: "5.00",
      inventory_quantity: 0,
      inventory_policy: "deny",
      inventory_management: "shopify",
    };

    await deliver("products/create", productPayload({ variants: [soldOut, { price: "6.00", ...stock }] }));

    expect((await stored())?.availableForSale).toBe(expected);
  });

  it("applies a newer update, ignores an older one, and moves the version only on a real change", async () => {
    await installTestShop(SHOP_A);
    await deliver("products/create", productPayload());
    expect(await catalogVersion()).toBe(1);

    await deliver(
      "products/update",
      productPayload({ title: "Renamed tee", updated_at: "2026-11-02T09:00:00Z" }),
    );
    expect(await stored()).toMatchObject({ title: "Renamed tee" });
    expect(await catalogVersion()).toBe(2);

    // Delivered late: older than what is stored.
    await deliver(
      "products/update",
      productPayload({ title: "Stale title", updated_at: "2026-11-01T20:00:00Z" }),
    );
    expect(await stored()).toMatchObject({ title: "Renamed tee" });
    expect((await stored())?.shopifyUpdatedAt.toISOString()).toBe("2026-11-02T09:00:00.000Z");
    expect(await catalogVersion()).toBe(2);

    // Only updated_at moved (an inventory count Cartback does not keep): stored, but the index stays valid.
    await deliver(
      "products/update",
      productPayload({ title: "Renamed tee", updated_at: "2026-11-03T09:00:00Z" }),
    );
    expect((await stored())?.shopifyUpdatedAt.toISOString()).toBe("2026-11-03T09:00:00.000Z");
    expect(await catalogVersion()).toBe(2);

    // An intermediate state delivered after that newer timestamp no longer applies.
    await deliver(
      "products/update",
      productPayload({ title: "Intermediate", updated_at: "2026-11-02T12:00:00Z" }),
    );
    expect(await stored()).toMatchObject({ title: "Renamed tee" });
  });

  it("stores the standard category when the payload carries one, and none when it is null", async () => {
    await installTestShop(SHOP_A);
    const category = {
      admin_graphql_api_id: "gid://shopify/TaxonomyCategory/aa-1-13-8",
      name: "T-Shirts",
      full_name: "Apparel & Accessories > Clothing > Clothing Tops > T-Shirts",
    };

    await deliver("products/create", productPayload({ category }));
    expect(await stored()).toMatchObject({ category: category.full_name });
    expect(await catalogVersion()).toBe(1);

    await deliver("products/update", productPayload({ category: null, updated_at: "2026-11-02T09:00:00Z" }));
    expect(await stored()).toMatchObject({ category: null });
    // The index reads the category: a change of it alone moves the version.
    expect(await catalogVersion()).toBe(2);
  });

  it("keeps the synced links, and the category when the payload has none, on update", async () => {
    await installTestShop(SHOP_A);
    await deliver("products/create", productPayload());
    // As the last full sync left it (webhooks carry no metafields).
    await prisma.product.update({
      where: { shop_productId: { shop: SHOP_A, productId: "7880321196742" } },
      data: {
        category: "Apparel & Accessories > Clothing > Clothing Tops > T-Shirts",
        complementaryProductIds: '["111","222"]',
        relatedProductIds: '["333"]',
      },
    });

    await deliver(
      "products/update",
      productPayload({ title: "Renamed tee", updated_at: "2026-11-02T09:00:00Z" }),
    );

    expect(await stored()).toMatchObject({
      title: "Renamed tee",
      category: "Apparel & Accessories > Clothing > Clothing Tops > T-Shirts",
      complementaryProductIds: '["111","222"]',
      relatedProductIds: '["333"]',
    });

    // A category of a shape Shopify does not send says nothing either; the links stay when it is set.
    await deliver(
      "products/update",
      productPayload({ category: "T-Shirts", title: "Tee", updated_at: "2026-11-03T09:00:00Z" }),
    );
    expect(await stored()).toMatchObject({
      title: "Tee",
      category: "Apparel & Accessories > Clothing > Clothing Tops > T-Shirts",
    });
    await deliver(
      "products/update",
      productPayload({
        category: { full_name: "Apparel & Accessories > Clothing" },
        updated_at: "2026-11-04T09:00:00Z",
      }),
    );
    expect(await stored()).toMatchObject({
      category: "Apparel & Accessories > Clothing",
      complementaryProductIds: '["111","222"]',
      relatedProductIds: '["333"]',
    });
  });

  it("stores a redelivered webhook once", async () => {
    await installTestShop(SHOP_A);
    const first = await deliver("products/create", productPayload(), { webhookId: "same-delivery" });
    const again = await deliver(
      "products/create",
      productPayload({ title: "Changed on redelivery?", updated_at: "2026-11-05T00:00:00Z" }),
      { webhookId: "same-delivery" },
    );

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await stored()).toMatchObject({ title: "Example T-Shirt" });
    expect(await prisma.webhookDelivery.count({ where: { shop: SHOP_A, webhookId: "same-delivery" } })).toBe(
      1,
    );
    expect(await catalogVersion()).toBe(1);
  });

  it("answers 401 to a wrong signature and stores nothing", async () => {
    await installTestShop(SHOP_A);

    const response = await deliver("products/create", productPayload(), { secret: "forged" });

    expect(response.status).toBe(401);
    expect(await prisma.product.count()).toBe(0);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("answers 400 with a reason to malformed JSON and to an invalid product", async () => {
    await installTestShop(SHOP_A);

    const broken = await deliver("products/update", '{"id": 1, "title": ');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: "BAD_REQUEST", message: "body is not valid JSON" });

    const noHandle = await deliver("products/update", productPayload({ handle: "" }));
    expect(noHandle.status).toBe(400);
    expect((await noHandle.json()).message).toMatch(/handle/);

    const badPrice = await deliver(
      "products/update",
      productPayload({ variants: [{ price: "12.5.0", inventory_management: null }] }),
    );
    expect(badPrice.status).toBe(400);
    expect((await badPrice.json()).message).toMatch(/variants\.0\.price/);
    expect(await prisma.product.count()).toBe(0);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("acknowledges and ignores a delivery for a shop without a session", async () => {
    const response = await deliver("products/create", productPayload(), { shop: SHOP_B });

    expect(response.status).toBe(200);
    expect(await prisma.product.count()).toBe(0);
    expect(await prisma.catalogState.count()).toBe(0);
  });

  it("keeps ids above 2^53 exact and keeps shops apart", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const body = JSON.stringify(productPayload()).replace("7880321196742", "9007199254740993123");

    await deliver("products/create", body);
    await deliver("products/create", productPayload({ title: "B's tee" }), { shop: SHOP_B });

    expect(await stored("9007199254740993123")).toMatchObject({ title: "Example T-Shirt" });
    expect(await stored("7880321196742", SHOP_B)).toMatchObject({ title: "B's tee" });
    expect(await stored("7880321196742", SHOP_A)).toBeNull();
  });
});

describe("POST /webhooks/products/delete", () => {
  it("deletes the product of that shop only, bumping its version and count", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await deliver("products/create", productPayload());
    await deliver("products/create", productPayload(), { shop: SHOP_B });

    const response = await deliver("products/delete", { id: 7880321196742 });

    expect(response.status).toBe(200);
    expect(await stored()).toBeNull();
    expect(await stored("7880321196742", SHOP_B)).not.toBeNull();
    expect(await prisma.catalogState.findUnique({ where: { shop: SHOP_A } })).toMatchObject({
      version: 2,
      productCount: 0,
    });
    expect(await catalogVersion(SHOP_B)).toBe(1);
  });

  it("acknowledges an unknown product without a version change, and refuses a payload without an id", async () => {
    await installTestShop(SHOP_A);

    expect((await deliver("products/delete", { id: 42 })).status).toBe(200);
    expect(await catalogVersion()).toBe(0);

    const invalid = await deliver("products/delete", { title: "no id" });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).message).toMatch(/^not a valid products\/delete payload: id/);
  });
});
