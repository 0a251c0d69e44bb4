import { describe, expect, it } from "vitest";
import { hashEmail } from "~/lib/encryption.server";
import { readUnsubscribeToken, unsubscribeLink, unsubscribeToken } from "./message-links.server";

const SHOP = "maple.myshopify.com";

describe("unsubscribeLink", () => {
  it("names the shop and the normalised address's keyed hash, never the address", () => {
    const link = unsubscribeLink("https://cartback.example", SHOP, " Jane.Doe@Example.org ") as string;
    const [origin, token] = link.split("/unsubscribe/") as [string, string];
    expect(origin).toBe("https://cartback.example");
    expect(readUnsubscribeToken(token)).toEqual({
      shop: SHOP,
      emailHash: hashEmail(SHOP, "jane.doe@example.org"),
    });
    expect(link.toLowerCase()).not.toContain("jane");
  });

  it("has no link for something that is not an email address", () => {
    expect(unsubscribeLink("https://cartback.example", SHOP, "not an address")).toBeNull();
  });

  it("refuses a token altered for another shop or another purpose", () => {
    const token = unsubscribeToken(SHOP, hashEmail(SHOP, "jane.doe@example.org"));
    const [payload, signature] = token.split(".") as [string, string];
    const forged = Buffer.from(
      Buffer.from(payload, "base64url").toString().replace("maple", "other"),
    ).toString("base64url");
    expect(readUnsubscribeToken(`${forged}.${signature}`)).toBeNull();
    expect(readUnsubscribeToken("garbage")).toBeNull();
  });
});
