import { Session } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { sessionStorage, unauthenticated } from "~/shopify.server";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { adminCalls, mockAdminOperation } from "../../test/mocks/shopify-admin";

const ACCESS = "shpat_0123456789abcdef";
const REFRESH = "shprt_fedcba9876543210";

function offlineSession(shop: string) {
  return new Session({
    id: `offline_${shop}`,
    shop,
    state: "",
    isOnline: false,
    scope: "read_orders",
    accessToken: ACCESS,
    refreshToken: REFRESH,
  });
}

describe("sessions at rest", () => {
  it("stores the access and refresh tokens sealed, and hands them back open", async () => {
    expect(await sessionStorage.storeSession(offlineSession(SHOP_A))).toBe(true);
    const row = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${SHOP_A}` } });
    for (const stored of [row.accessToken, row.refreshToken]) {
      expect(stored).toMatch(/^v\d+\./);
      expect(stored).not.toContain(ACCESS.slice(6));
      expect(stored).not.toContain(REFRESH.slice(6));
    }
    const loaded = await sessionStorage.loadSession(`offline_${SHOP_A}`);
    expect(loaded).toMatchObject({ shop: SHOP_A, accessToken: ACCESS, refreshToken: REFRESH });
    expect((await sessionStorage.findSessionsByShop(SHOP_A)).map((each) => each.accessToken)).toEqual([
      ACCESS,
    ]);
    // Sealed for this shop only: the row copied under another shop does not open.
    await prisma.session.create({ data: { ...row, id: "offline_copy", shop: "other.myshopify.com" } });
    await expect(sessionStorage.loadSession("offline_copy")).rejects.toThrow();
  });

  it("reads a session stored in clear before, seals it in place, and calls Shopify with its token", async () => {
    await installTestShop(SHOP_A);
    // As a session stored before tokens were sealed.
    await prisma.session.updateMany({
      data: { accessToken: `shpat_test_${SHOP_A}`, refreshToken: `shprt_test_${SHOP_A}` },
    });
    mockAdminOperation("Ping", () => Response.json({ data: { shop: { name: "A" } } }));
    const { admin } = await unauthenticated.admin(SHOP_A);
    await admin.graphql("query Ping { shop { name } }");
    expect(adminCalls.at(-1)?.accessToken).toBe(`shpat_test_${SHOP_A}`);
    const row = await prisma.session.findFirstOrThrow();
    expect(row.accessToken).toMatch(/^v\d+\./);
    expect(row.refreshToken).toMatch(/^v\d+\./);
    expect((await sessionStorage.loadSession(row.id))?.accessToken).toBe(`shpat_test_${SHOP_A}`);
  });
});
