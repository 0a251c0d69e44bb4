import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { adminGraphqlFor } from "~/shopify.server";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { adminCalls, mockAdminOperation, webPixels } from "../../../test/mocks/shopify-admin";
import { ensureWebPixel } from "./ensure-web-pixel.server";
import { pixelAccountKey } from "./pixel-account-key.server";

const ensure = async (appUrl = "https://cartback.example.com") =>
  ensureWebPixel(SHOP_A, { graphql: await adminGraphqlFor(SHOP_A), appUrl, retry: { maxAttempts: 1 } });
const mutations = () =>
  adminCalls.filter((call) => call.operationName !== "GetWebPixel").map((call) => call.operationName);

describe("ensureWebPixel", () => {
  it("activates the shop's pixel once, with its key and the endpoint, and updates it when the app moves", async () => {
    await installTestShop(SHOP_A);
    expect(await ensure()).toBe("CREATED");
    expect(JSON.parse(webPixels.get(SHOP_A)!.settings)).toEqual({
      accountKey: pixelAccountKey(SHOP_A),
      endpoint: "https://cartback.example.com/pixel/events",
    });
    expect(await ensure()).toBe("UNCHANGED");
    expect(await ensure("https://recover.example.net")).toBe("UPDATED");
    expect(JSON.parse(webPixels.get(SHOP_A)!.settings).endpoint).toBe(
      "https://recover.example.net/pixel/events",
    );
    expect(mutations()).toEqual(["CreateWebPixel", "UpdateWebPixel"]);
  });

  it("never throws: a failure is reported and left for the next authentication", async () => {
    await installTestShop(SHOP_A);
    mockAdminOperation("GetWebPixel", () => HttpResponse.json({ errors: "down" }, { status: 503 }));
    expect(await ensure()).toBe("FAILED");
    expect(mutations()).toEqual([]);
    mockAdminOperation("GetWebPixel", () => ({ data: { webPixel: null } }));
    mockAdminOperation("CreateWebPixel", () => ({
      data: {
        webPixelCreate: {
          webPixel: null,
          userErrors: [{ code: "INVALID_SETTINGS", field: ["settings"], message: "Invalid" }],
        },
      },
    }));
    expect(await ensure()).toBe("FAILED");
  });
});
