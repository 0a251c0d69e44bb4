import { describe, expect, it } from "vitest";

import { htmlToPlainText, toHandle } from "./catalog-output.ts";

describe("htmlToPlainText", () => {
  it("separates block elements and decodes entities", () => {
    expect(
      htmlToPlainText("<p>Warm&nbsp;hoodie.</p><ul><li>Lumaflex&trade; band</li><li>L 29&quot;</li></ul>"),
    ).toBe('Warm hoodie. Lumaflex™ band L 29"');
  });
});

describe("toHandle", () => {
  it("derives a Shopify-style handle", () => {
    expect(toHandle("Go-Get'r Pushup Grips")).toBe("go-get-r-pushup-grips");
    expect(toHandle("Crème Brûlée  SET")).toBe("creme-brulee-set");
  });
});
