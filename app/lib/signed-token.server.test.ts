import crypto from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signToken, verifyToken } from "./signed-token.server";

// The test environment's app secret (vitest.config.ts): links "already sent" are signed with it.
const API_SECRET = "testApiSecretKey";
const LINK_KEY = Buffer.alloc(32, 5).toString("base64");
const NEXT_LINK_KEY = Buffer.alloc(32, 6).toString("base64");

/** The module as a process started with these variables would load it. */
async function signingWith(variables: Record<string, string>) {
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  vi.resetModules();
  return import("./signed-token.server");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("signed tokens", () => {
  it("round-trips a payload for its purpose only", () => {
    const token = signToken("click", "send_123");
    expect(verifyToken("click", token)).toBe("send_123");
    expect(verifyToken("unsubscribe", token)).toBeNull();
  });

  it("rejects an altered payload, an altered signature, garbage and oversized input", () => {
    const token = signToken("click", "send_123");
    const [payload, signature] = token.split(".") as [string, string];
    const otherPayload = Buffer.from("send_124").toString("base64url");
    expect(verifyToken("click", `${otherPayload}.${signature}`)).toBeNull();
    expect(verifyToken("click", `${payload}.${signature.slice(0, -1)}A`)).toBeNull();
    expect(verifyToken("click", `${payload}.`)).toBeNull();
    expect(verifyToken("click", "not a token")).toBeNull();
    expect(verifyToken("click", `${"a".repeat(600)}.b`)).toBeNull();
  });

  it("signs as it always did when no link signing key is set (links of existing deployments keep working)", () => {
    const payload = Buffer.from("shop\nhash").toString("base64url");
    const key = crypto.hkdfSync("sha256", API_SECRET, Buffer.alloc(0), "cartback/link/unsubscribe/v1", 32);
    const signature = crypto.createHmac("sha256", Buffer.from(key)).update(payload).digest().subarray(0, 18);
    expect(signToken("unsubscribe", "shop\nhash")).toBe(`${payload}.${signature.toString("base64url")}`);
  });
});

describe("link signing keys through rotations", () => {
  const sentBefore = () => signToken("unsubscribe", "shop\nhash-of-an-address");

  it("signs new links with LINK_SIGNING_KEY and still accepts the links signed with the Shopify secret before", async () => {
    const sent = sentBefore();
    const withKey = await signingWith({ LINK_SIGNING_KEY: LINK_KEY });
    const signedNow = withKey.signToken("unsubscribe", "shop\nhash-of-an-address");
    expect(signedNow).not.toBe(sent);
    expect(withKey.verifyToken("unsubscribe", signedNow)).toBe("shop\nhash-of-an-address");
    expect(withKey.verifyToken("unsubscribe", sent)).toBe("shop\nhash-of-an-address");
    expect(withKey.verifyToken("click", signedNow)).toBeNull();

    // Then the Shopify secret is rotated: links signed with LINK_SIGNING_KEY do not depend on it, and those
    // from before it existed verify with the old secret kept as a previous one.
    const rotated = await signingWith({
      LINK_SIGNING_KEY: LINK_KEY,
      SHOPIFY_API_SECRET: "rotated-secret",
      SHOPIFY_API_SECRET_PREVIOUS: API_SECRET,
    });
    expect(rotated.verifyToken("unsubscribe", signedNow)).toBe("shop\nhash-of-an-address");
    expect(rotated.verifyToken("unsubscribe", sent)).toBe("shop\nhash-of-an-address");
  });

  it("keeps links signed with the Shopify secret working after it is rotated, with the old one as previous", async () => {
    const sent = sentBefore();
    const rotated = await signingWith({
      SHOPIFY_API_SECRET: "rotated-secret",
      SHOPIFY_API_SECRET_PREVIOUS: `another-old-secret,${API_SECRET}`,
    });
    expect(rotated.verifyToken("unsubscribe", sent)).toBe("shop\nhash-of-an-address");
    const forgotten = await signingWith({ SHOPIFY_API_SECRET: "rotated-secret" });
    expect(forgotten.verifyToken("unsubscribe", sent)).toBeNull();
  });

  it("accepts links signed with a replaced LINK_SIGNING_KEY listed as previous, and nothing else", async () => {
    const first = await signingWith({ LINK_SIGNING_KEY: LINK_KEY });
    const sent = first.signToken("click", "send_1");
    const next = await signingWith({ LINK_SIGNING_KEY: NEXT_LINK_KEY, LINK_SIGNING_KEY_PREVIOUS: LINK_KEY });
    expect(next.verifyToken("click", sent)).toBe("send_1");
    const withoutPrevious = await signingWith({ LINK_SIGNING_KEY: NEXT_LINK_KEY });
    expect(withoutPrevious.verifyToken("click", sent)).toBeNull();
  });

  it("fingerprints the signing key and every accepted one without revealing a key", async () => {
    const before = (await signingWith({})).linkKeyFingerprints();
    expect(before.accepted).toEqual([before.current]);
    const rotated = await signingWith({
      LINK_SIGNING_KEY: NEXT_LINK_KEY,
      LINK_SIGNING_KEY_PREVIOUS: LINK_KEY,
    });
    const fingerprints = rotated.linkKeyFingerprints();
    expect(fingerprints.accepted).toHaveLength(3);
    expect(fingerprints.accepted[0]).toBe(fingerprints.current);
    expect(fingerprints.accepted).toContain(before.current);
    const text = JSON.stringify(fingerprints);
    for (const secret of [API_SECRET, LINK_KEY, NEXT_LINK_KEY, Buffer.alloc(32, 6).toString("hex")])
      expect(text).not.toContain(secret);
  });
});
