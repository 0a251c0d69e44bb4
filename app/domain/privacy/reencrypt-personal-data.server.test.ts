import { afterEach, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { hashEmail, isEnvelope } from "~/lib/encryption.server";
import { action as dataRequestAction } from "~/routes/webhooks.customers.data_request";
import { readAllRows } from "../../../test/helpers/database-scan";
import { editFixture } from "../../../test/helpers/fixtures";
import { callAction } from "../../../test/helpers/routes";
import { storeCheckout, storeOrder } from "../../../test/helpers/shoppers";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import { SEALED_COLUMNS } from "./reencrypt-personal-data.server";

// The test environment's key (vitest.config.ts) is the one being rotated away from.
const OLD_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const NEW_KEY = Buffer.alloc(32, 42).toString("base64");
const SHOPPER = { email: "rotate.me@example.org", firstName: "Rowena", customerId: "7700112233445566778" };

/**
 * A shop with every kind of sealed field: its session's tokens, a checkout (email,
 * name, link), an order, a data-request export.
 */
async function seedSealedData() {
  await installTestShop(SHOP_A);
  await storeCheckout(SHOP_A, SHOPPER, { token: "rot-1", cartToken: "rot-cart" });
  await storeOrder(SHOP_A, SHOPPER, { orderId: "5550001", checkoutToken: "rot-1" });
  const request = signedWebhookRequest({
    topic: "customers/data_request",
    shop: SHOP_A,
    body: editFixture("customers-data_request.shopify-sample-2026-07.json", {
      customer: { id: SHOPPER.customerId, email: SHOPPER.email, phone: null },
      orders_requested: [],
      data_request: { id: 4242 },
    }),
  });
  expect((await callAction(dataRequestAction, request)).status).toBe(200);
}

/** The app's modules as a process started with these keys would load them. */
async function withKeys(keys: Record<string, string>) {
  for (const [name, value] of Object.entries(keys)) vi.stubEnv(name, value);
  vi.resetModules();
  return {
    encryption: await import("~/lib/encryption.server"),
    rotation: await import("./reencrypt-personal-data.server"),
    db: await import("~/db.server"),
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("key rotation", () => {
  it("lists every column that holds a sealed field", async () => {
    await seedSealedData();
    const sealed = new Set<string>();
    for (const [model, rows] of Object.entries(await readAllRows(SHOP_A)))
      for (const row of rows)
        for (const [column, value] of Object.entries(row))
          if (isEnvelope(value)) sealed.add(`${model}.${column}`);
    const listed = Object.entries(SEALED_COLUMNS).flatMap(([table, columns]) =>
      columns.map((column) => `${table[0]!.toUpperCase()}${table.slice(1)}.${column}`),
    );
    expect([...sealed].sort()).toEqual([...listed].sort());
  });

  it("reads old envelopes with the previous key, seals them again under the new one, and keeps every hash", async () => {
    await seedSealedData();
    const before = await prisma.checkout.findFirstOrThrow({ where: { token: "rot-1" } });
    const hashBefore = hashEmail(SHOP_A, SHOPPER.email);
    expect(before.emailHash).toBe(hashBefore);

    const rotated = await withKeys({
      DATA_ENCRYPTION_KEY: NEW_KEY,
      DATA_ENCRYPTION_KEY_PREVIOUS: OLD_KEY,
      DATA_HASH_KEY: OLD_KEY,
    });
    const { decryptField, isSealedByOldKey, hashEmail: rotatedHash } = rotated.encryption;
    expect(isSealedByOldKey(before.email)).toBe(true);
    expect(decryptField(SHOP_A, before.email)).toBe(SHOPPER.email);

    const counts = await rotated.rotation.reencryptPersonalData({ batchSize: 2 });
    expect(counts).toEqual({ checkout: 3, order: 1, privacyRequest: 1, session: 2 });
    expect(await rotated.rotation.reencryptPersonalData()).toEqual({
      checkout: 0,
      order: 0,
      privacyRequest: 0,
      session: 0,
    });

    const after = await rotated.db.prisma.checkout.findFirstOrThrow({ where: { token: "rot-1" } });
    for (const column of ["email", "firstName", "recoveryUrl"] as const) {
      expect(isSealedByOldKey(after[column]), column).toBe(false);
      expect(decryptField(SHOP_A, after[column]), column).toBe(decryptField(SHOP_A, before[column]));
    }
    // The hash key stayed the first one: lookups by address still match the stored hashes.
    expect(rotatedHash(SHOP_A, SHOPPER.email)).toBe(hashBefore);
    await rotated.db.prisma.$disconnect();

    // Once everything is sealed again, the old key can go.
    const withoutOld = await withKeys({
      DATA_ENCRYPTION_KEY: NEW_KEY,
      DATA_ENCRYPTION_KEY_PREVIOUS: "",
      DATA_HASH_KEY: OLD_KEY,
    });
    const order = await withoutOld.db.prisma.order.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(withoutOld.encryption.decryptField(SHOP_A, order.email)).toBe(SHOPPER.email);
    const request = await withoutOld.db.prisma.privacyRequest.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(JSON.parse(withoutOld.encryption.decryptField(SHOP_A, request.export) ?? "{}")).toHaveProperty(
      "format",
    );
    await withoutOld.db.prisma.$disconnect();
  });

  it("seals the session tokens stored in clear before tokens were sealed", async () => {
    await installTestShop(SHOP_A);
    await prisma.session.updateMany({
      data: { accessToken: `shpat_test_${SHOP_A}`, refreshToken: `shprt_test_${SHOP_A}` },
    });
    const { rotation, encryption, db } = await withKeys({});
    expect(await rotation.reencryptPersonalData()).toMatchObject({ session: 2 });
    const session = await db.prisma.session.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(encryption.decryptField(SHOP_A, session.accessToken)).toBe(`shpat_test_${SHOP_A}`);
    expect(encryption.decryptField(SHOP_A, session.refreshToken)).toBe(`shprt_test_${SHOP_A}`);
    await db.prisma.$disconnect();
  });

  it("cannot read an envelope whose key is gone, and says which key it needs", async () => {
    await seedSealedData();
    const before = await prisma.checkout.findFirstOrThrow({ where: { token: "rot-1" } });
    const { encryption, db } = await withKeys({
      DATA_ENCRYPTION_KEY: NEW_KEY,
      DATA_ENCRYPTION_KEY_PREVIOUS: "",
    });
    expect(() => encryption.decryptField(SHOP_A, before.email)).toThrow(/unknown key/);
    await db.prisma.$disconnect();
  });
});
