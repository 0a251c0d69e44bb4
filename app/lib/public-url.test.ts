import { describe, expect, it } from "vitest";
import { allowLoopbackImageUrls, httpsUrl, imageUrl } from "./public-url";

describe("URLs from payloads", () => {
  it("keeps https URLs only", () => {
    expect(httpsUrl("https://cdn.shopify.com/a.jpg")).toBe("https://cdn.shopify.com/a.jpg");
    for (const bad of [
      "http://cdn.shopify.com/a.jpg",
      "javascript:alert(1)",
      "//cdn/a.jpg",
      "not a url",
      "",
      null,
    ])
      expect(httpsUrl(bad)).toBeNull();
    expect(imageUrl("http://127.0.0.1:3000/demo/products/a.svg")).toBeNull();
  });

  it("in demo mode also keeps the demo server's own pictures, and still nothing else over http", () => {
    allowLoopbackImageUrls();
    expect(imageUrl("http://127.0.0.1:3000/demo/products/a.svg")).toBe(
      "http://127.0.0.1:3000/demo/products/a.svg",
    );
    expect(imageUrl("http://cdn.example.com/a.jpg")).toBeNull();
    expect(imageUrl("javascript:alert(1)")).toBeNull();
    // Recovery links are never loopback http, demo or not.
    expect(httpsUrl("http://127.0.0.1:3000/checkout")).toBeNull();
  });
});
