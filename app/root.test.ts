import { describe, expect, it } from "vitest";
import { fontLinksOf } from "./root";

describe("the document's font", () => {
  it("comes from Shopify's CDN in the admin, and is left out in the offline demo", () => {
    expect(fontLinksOf(false).map((link) => link.href)).toEqual([
      "https://cdn.shopify.com/",
      "https://cdn.shopify.com/static/fonts/inter/v4/styles.css",
    ]);
    expect(fontLinksOf(true)).toEqual([]);
  });
});
