import crypto from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { isPixelAccountKey, pixelAccountKey } from "./pixel-account-key.server";

// The test environment's app secret (vitest.config.ts): the key in pixels activated before a rotation.
const API_SECRET = "testApiSecretKey";

async function pixelKeysWith(variables: Record<string, string>) {
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  vi.resetModules();
  return import("./pixel-account-key.server");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("the pixel's account key", () => {
  it("is what it always was when no link signing key is set (pixels already activated keep working)", () => {
    const expected = crypto
      .createHmac("sha256", API_SECRET)
      .update(`cartback-pixel:${SHOP_A}`)
      .digest("base64url")
      .slice(0, 32);
    expect(pixelAccountKey(SHOP_A)).toBe(expected);
    expect(isPixelAccountKey(SHOP_A, expected)).toBe(true);
    expect(isPixelAccountKey(SHOP_B, expected)).toBe(false);
  });

  it("still accepts a pixel's key from before a rotation, until authentication writes the new one", async () => {
    const activated = pixelAccountKey(SHOP_A);
    const rotated = await pixelKeysWith({
      SHOPIFY_API_SECRET: "rotated-secret",
      SHOPIFY_API_SECRET_PREVIOUS: API_SECRET,
      LINK_SIGNING_KEY: Buffer.alloc(32, 9).toString("base64"),
    });
    expect(rotated.pixelAccountKey(SHOP_A)).not.toBe(activated);
    expect(rotated.isPixelAccountKey(SHOP_A, rotated.pixelAccountKey(SHOP_A))).toBe(true);
    expect(rotated.isPixelAccountKey(SHOP_A, activated)).toBe(true);
    expect(rotated.isPixelAccountKey(SHOP_B, activated)).toBe(false);
    const forgotten = await pixelKeysWith({ SHOPIFY_API_SECRET: "rotated-secret" });
    expect(forgotten.isPixelAccountKey(SHOP_A, activated)).toBe(false);
  });
});
