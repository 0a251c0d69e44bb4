import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { decryptField } from "~/lib/encryption.server";
import { adminGraphqlFor } from "~/shopify.server";
import { installTestShop, SHOP_A } from "../test/helpers/shops";
import { mockServer } from "../test/mocks/server";

describe("adminGraphqlFor", () => {
  it("refreshes an expired offline token once for concurrent callers of one shop, and all use the new token", async () => {
    await installTestShop(SHOP_A);
    // Any instant in the past: the library compares it with the machine's clock.
    await prisma.session.update({
      where: { id: `offline_${SHOP_A}` },
      data: { expires: new Date("2020-01-01T00:00:00Z") },
    });
    const refreshes: string[] = [];
    const tokensUsed: (string | null)[] = [];
    mockServer.use(
      http.post("https://:shop/admin/oauth/access_token", async ({ request }) => {
        const body = (await request.json()) as { refresh_token?: string };
        refreshes.push(String(body.refresh_token));
        return HttpResponse.json({
          access_token: `shpat_refreshed_${refreshes.length}`,
          scope: "read_orders",
          expires_in: 3600,
          refresh_token: `shprt_refreshed_${refreshes.length}`,
          refresh_token_expires_in: 7_776_000,
        });
      }),
      http.post("https://:shop/admin/api/:version/graphql.json", ({ request }) => {
        tokensUsed.push(request.headers.get("X-Shopify-Access-Token"));
        return HttpResponse.json({ data: { shop: { name: "Test Shop" } } });
      }),
    );

    const clients = await Promise.all(Array.from({ length: 8 }, () => adminGraphqlFor(SHOP_A)));
    await Promise.all(clients.map((graphql) => graphql("query GetShopName { shop { name } }")));

    expect(refreshes).toEqual([`shprt_test_${SHOP_A}`]);
    expect(tokensUsed).toEqual(Array.from({ length: 8 }, () => "shpat_refreshed_1"));
    const stored = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${SHOP_A}` } });
    // Stored sealed (app/lib/sealed-session-storage.server.ts).
    expect({
      accessToken: decryptField(SHOP_A, stored.accessToken),
      refreshToken: decryptField(SHOP_A, stored.refreshToken),
    }).toEqual({
      accessToken: "shpat_refreshed_1",
      refreshToken: "shprt_refreshed_1",
    });

    // Once settled, the next caller loads the stored session afresh: still valid, so no second refresh.
    await adminGraphqlFor(SHOP_A);
    expect(refreshes).toHaveLength(1);
  });
});
