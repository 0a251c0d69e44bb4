import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "./signed-token.server";

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
});
