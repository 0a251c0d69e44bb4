import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { isShopReauthRequired } from "~/lib/shop-reauth-required";
import { adminGraphqlFor } from "~/shopify.server";
import { adminRequest } from "../../test/helpers/admin";
import { callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { mockServer } from "../../test/mocks/server";
import { loader } from "./app._index";

/**
 * From a refresh Shopify refuses in background work to the admin home. Expiries are set against the
 * machine's clock, as the Shopify library compares them with it.
 */

const MINUTE_MS = 60_000;

/** Shopify refuses every refresh; token exchanges (the merchant opening the app) are granted. */
function refusingRefreshes() {
  mockServer.use(
    http.post("https://:shop/admin/oauth/access_token", async ({ request }) => {
      const body = (await request.json()) as { grant_type: string };
      if (body.grant_type === "refresh_token")
        return HttpResponse.json({ error: "invalid_grant" }, { status: 400 });
      return HttpResponse.json({
        access_token: "shpat_exchanged",
        scope: "read_orders",
        expires_in: 3600,
        refresh_token: "shprt_exchanged",
        refresh_token_expires_in: 7_776_000,
      });
    }),
  );
}

async function backgroundWorkFails(expiresInMs: number) {
  await prisma.session.update({
    where: { id: `offline_${SHOP_A}` },
    data: { expires: new Date(Date.now() + expiresInMs) },
  });
  refusingRefreshes();
  const failure = await adminGraphqlFor(SHOP_A).catch((error: unknown) => error);
  expect(isShopReauthRequired(failure)).toBe(true);
}

const reauthWarning = async () => {
  const response = await callLoader(loader, await adminRequest("/app", { shop: SHOP_A, type: "document" }));
  expect(response.status).toBe(200);
  const { alive } = (await response.json()) as {
    alive: { warnings: Array<{ id: string; explanation: string[] }> };
  };
  return alive.warnings.find((warning) => warning.id === "REAUTH_REQUIRED");
};

describe("the admin home after a refresh Shopify refused", () => {
  it("shows the shop needs re-authentication, with the reason background work recorded", async () => {
    await installTestShop(SHOP_A);
    // Refreshed ahead of expiry: the token still works for the page, so opening it exchanges nothing.
    await backgroundWorkFails(7 * MINUTE_MS);

    const warning = await reauthWarning();

    expect(warning?.explanation.join(" ")).toContain("HTTP 400, invalid_grant");
  });

  it("is healed by opening the app once the token has expired: the page's token exchange clears the mark", async () => {
    await installTestShop(SHOP_A);
    await backgroundWorkFails(-MINUTE_MS);

    expect(await reauthWarning()).toBeUndefined();
    expect(
      await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP_A }, select: { reauthRequiredAt: true } }),
    ).toEqual({ reauthRequiredAt: null });
  });
});
