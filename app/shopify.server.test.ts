import { Session } from "@shopify/shopify-api";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { decryptField } from "~/lib/encryption.server";
import { OfflineAccessUnavailableError, ShopReauthRequiredError } from "~/lib/shop-reauth-required";
import { adminGraphqlFor, authenticate, sessionStorage } from "~/shopify.server";
import { adminRequest } from "../test/helpers/admin";
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

const OFFLINE_ID = `offline_${SHOP_A}`;
/** Any instant in the past: the library compares expiries with the machine's clock. */
const LONG_AGO = new Date("2020-01-01T00:00:00Z");

async function expireStoredToken(changes: { refreshToken?: null; expires?: Date | null } = {}) {
  await prisma.session.update({ where: { id: OFFLINE_ID }, data: { expires: LONG_AGO, ...changes } });
}

interface TokenRequest {
  grantType: string;
  refreshToken?: string;
}

/**
 * Shopify's token endpoint: `answer` decides each request; every request is recorded. The Admin API answers
 * any query and records the token it was called with.
 */
function mockShopify(answer: (request: TokenRequest, index: number) => Response | Promise<Response>) {
  const tokenRequests: TokenRequest[] = [];
  const tokensUsed: (string | null)[] = [];
  mockServer.use(
    http.post("https://:shop/admin/oauth/access_token", async ({ request }) => {
      const body = (await request.json()) as { grant_type: string; refresh_token?: string };
      const seen = { grantType: body.grant_type, refreshToken: body.refresh_token };
      tokenRequests.push(seen);
      return answer(seen, tokenRequests.length);
    }),
    http.post("https://:shop/admin/api/:version/graphql.json", ({ request }) => {
      tokensUsed.push(request.headers.get("X-Shopify-Access-Token"));
      return HttpResponse.json({ data: { shop: { name: "Test Shop" } } });
    }),
  );
  return { tokenRequests, tokensUsed };
}

const tokensAnswer = (index: number) =>
  HttpResponse.json({
    access_token: `shpat_new_${index}`,
    scope: "read_orders",
    expires_in: 3600,
    refresh_token: `shprt_new_${index}`,
    refresh_token_expires_in: 7_776_000,
  });

const invalidGrant = () =>
  HttpResponse.json(
    { error: "invalid_grant", error_description: "The refresh token is invalid or was already used" },
    { status: 400 },
  );

const reauthState = () =>
  prisma.shop.findUniqueOrThrow({
    where: { domain: SHOP_A },
    select: { reauthRequiredAt: true, reauthReason: true },
  });

const callAdmin = async () => (await adminGraphqlFor(SHOP_A))("query GetShopName { shop { name } }");

describe("adminGraphqlFor when the offline token cannot be refreshed", () => {
  it("marks the shop once, with the reason in words, and then stops asking Shopify", async () => {
    await installTestShop(SHOP_A);
    await expireStoredToken();
    const { tokenRequests, tokensUsed } = mockShopify(invalidGrant);

    await expect(adminGraphqlFor(SHOP_A)).rejects.toBeInstanceOf(ShopReauthRequiredError);
    const marked = await reauthState();
    expect(marked.reauthRequiredAt).not.toBeNull();
    expect(marked.reauthReason).toBe("Shopify refused to renew the app's access (HTTP 400, invalid_grant)");

    await expect(adminGraphqlFor(SHOP_A)).rejects.toThrow(marked.reauthReason as string);
    expect(await reauthState()).toEqual(marked);
    expect(tokenRequests).toHaveLength(1);
    expect(tokensUsed).toEqual([]);
  });

  it("marks the shop without a call when its session has no refresh token left", async () => {
    await installTestShop(SHOP_A);
    await expireStoredToken({ refreshToken: null });
    const { tokenRequests } = mockShopify((_, index) => tokensAnswer(index));

    await expect(adminGraphqlFor(SHOP_A)).rejects.toBeInstanceOf(ShopReauthRequiredError);

    expect((await reauthState()).reauthReason).toBe(
      "the app's access to the shop expired and it holds no refresh token",
    );
    expect(tokenRequests).toEqual([]);
  });

  it("marks the shop without a call when its refresh token has expired too", async () => {
    await installTestShop(SHOP_A);
    await expireStoredToken();
    await prisma.session.update({
      where: { id: OFFLINE_ID },
      data: { refreshTokenExpires: new Date("2020-03-31T00:00:00Z") },
    });
    const { tokenRequests } = mockShopify((_, index) => tokensAnswer(index));

    await expect(adminGraphqlFor(SHOP_A)).rejects.toBeInstanceOf(ShopReauthRequiredError);

    expect((await reauthState()).reauthReason).toBe("the app's refresh token expired on 2020-03-31");
    expect(tokenRequests).toEqual([]);
  });

  it("keeps only Shopify's error code from a refusal, never what else it echoes", async () => {
    await installTestShop(SHOP_A);
    await expireStoredToken();
    mockShopify(() =>
      HttpResponse.json(
        { error: "invalid_grant shprt_test_echoed", error_description: `bad token shprt_test_${SHOP_A}` },
        { status: 401 },
      ),
    );

    await expect(adminGraphqlFor(SHOP_A)).rejects.toBeInstanceOf(ShopReauthRequiredError);

    expect((await reauthState()).reauthReason).toBe("Shopify refused to renew the app's access (HTTP 401)");
  });

  it("uses a non-expiring token from before expiring tokens as it is", async () => {
    await installTestShop(SHOP_A);
    await prisma.session.update({ where: { id: OFFLINE_ID }, data: { expires: null, refreshToken: null } });
    const { tokenRequests, tokensUsed } = mockShopify((_, index) => tokensAnswer(index));

    await callAdmin();

    expect(tokenRequests).toEqual([]);
    expect(tokensUsed).toEqual([`shpat_test_${SHOP_A}`]);
    expect((await reauthState()).reauthRequiredAt).toBeNull();
  });

  it("marks the shop and drops a token the Admin API refuses (a dead non-expiring token); opening the app replaces it", async () => {
    await installTestShop(SHOP_A);
    await prisma.session.update({ where: { id: OFFLINE_ID }, data: { expires: null, refreshToken: null } });
    mockServer.use(
      http.post("https://:shop/admin/oauth/access_token", () => tokensAnswer(1)),
      http.post("https://:shop/admin/api/:version/graphql.json", ({ request }) =>
        request.headers.get("X-Shopify-Access-Token") === `shpat_test_${SHOP_A}`
          ? HttpResponse.json({ errors: "[API] Invalid API key or access token" }, { status: 401 })
          : HttpResponse.json({ data: { shop: { name: "Test Shop" } } }),
      ),
    );

    await expect(callAdmin()).rejects.toMatchObject({ response: { code: 401 } });

    expect((await reauthState()).reauthReason).toBe("Shopify refused the app's access token (HTTP 401)");
    expect((await prisma.session.findUniqueOrThrow({ where: { id: OFFLINE_ID } })).accessToken).toBe("");
    await expect(adminGraphqlFor(SHOP_A)).rejects.toBeInstanceOf(ShopReauthRequiredError);

    await authenticate.admin(await adminRequest("/app", { shop: SHOP_A, type: "document" }));
    expect((await reauthState()).reauthRequiredAt).toBeNull();
    expect(await (await callAdmin()).json()).toMatchObject({ data: { shop: { name: "Test Shop" } } });
  });

  it("does not mark the shop when Shopify could not answer; the next call refreshes", async () => {
    await installTestShop(SHOP_A);
    await expireStoredToken();
    const { tokenRequests, tokensUsed } = mockShopify((_, index) =>
      index === 1 ? new HttpResponse("unavailable", { status: 503 }) : tokensAnswer(index),
    );

    await expect(adminGraphqlFor(SHOP_A)).rejects.toBeInstanceOf(OfflineAccessUnavailableError);
    expect((await reauthState()).reauthRequiredAt).toBeNull();

    await callAdmin();
    expect(tokenRequests.map((request) => request.refreshToken)).toEqual([
      `shprt_test_${SHOP_A}`,
      `shprt_test_${SHOP_A}`,
    ]);
    expect(tokensUsed).toEqual(["shpat_new_2"]);
  });

  it("uses the session another process refreshed when Shopify refuses the refresh token that process used first", async () => {
    await installTestShop(SHOP_A);
    await expireStoredToken();
    const { tokenRequests, tokensUsed } = mockShopify(async () => {
      // The other process's refresh landed first: Shopify rotated the token and it stored the new session.
      await sessionStorage.storeSession(
        new Session({
          id: OFFLINE_ID,
          shop: SHOP_A,
          state: "",
          isOnline: false,
          accessToken: "shpat_other_process",
          scope: "read_orders",
          expires: new Date(Date.now() + 3_600_000),
          refreshToken: "shprt_other_process",
          refreshTokenExpires: new Date(Date.now() + 7_776_000_000),
        }),
      );
      return invalidGrant();
    });

    await callAdmin();

    expect(tokenRequests).toHaveLength(1);
    expect(tokensUsed).toEqual(["shpat_other_process"]);
    expect((await reauthState()).reauthRequiredAt).toBeNull();
  });

  it("retries once with the other process's refresh token when its session is about to expire too", async () => {
    await installTestShop(SHOP_A);
    await expireStoredToken();
    const { tokenRequests, tokensUsed } = mockShopify(async (request, index) => {
      if (index > 1) return tokensAnswer(index);
      await prisma.session.update({
        where: { id: OFFLINE_ID },
        data: { refreshToken: "shprt_other_process", expires: LONG_AGO },
      });
      return invalidGrant();
    });

    await callAdmin();

    expect(tokenRequests.map((request) => request.refreshToken)).toEqual([
      `shprt_test_${SHOP_A}`,
      "shprt_other_process",
    ]);
    expect(tokensUsed).toEqual(["shpat_new_2"]);
    expect((await reauthState()).reauthRequiredAt).toBeNull();
  });

  it("is cleared when the merchant opens the app again (token exchange, then afterAuth)", async () => {
    await installTestShop(SHOP_A);
    await expireStoredToken();
    const { tokenRequests } = mockShopify((request, index) =>
      request.grantType === "refresh_token" ? invalidGrant() : tokensAnswer(index),
    );
    await expect(adminGraphqlFor(SHOP_A)).rejects.toBeInstanceOf(ShopReauthRequiredError);

    await authenticate.admin(await adminRequest("/app", { shop: SHOP_A, type: "document" }));

    expect(await reauthState()).toEqual({ reauthRequiredAt: null, reauthReason: null });
    expect(tokenRequests.map((request) => request.grantType)).toEqual([
      "refresh_token",
      "urn:ietf:params:oauth:grant-type:token-exchange",
    ]);
    const { tokensUsed } = mockShopify((_, index) => tokensAnswer(index));
    await callAdmin();
    expect(tokensUsed).toEqual(["shpat_new_2"]);
  });
});
