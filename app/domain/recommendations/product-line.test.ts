import { describe, expect, it } from "vitest";
import { productLineKey } from "./product-line";

const sameLine = (a: string, b: string, vendorA: string | null = null, vendorB = vendorA) =>
  productLineKey(a, vendorA) === productLineKey(b, vendorB);

describe("productLineKey", () => {
  it("groups sizes, colours and measures sold as separate products", () => {
    expect(sameLine("Linen Sofa - 2 seater", "Linen Sofa – 3 Seater")).toBe(true);
    expect(sameLine("Classic Tee Black M", "classic tee white XL")).toBe(true);
    expect(sameLine("BILLY Bookcase, white, 80x28x202 cm", "BILLY bookcase, oak veneer, 40x28x106 cm")).toBe(
      true,
    );
    expect(sameLine("Signet Ring (Gold)", "Signet Ring (Silver)")).toBe(true);
    expect(sameLine("Cold Brew Coffee 250ml", "Cold brew coffee 1 l")).toBe(true);
  });

  it("keeps different products apart, and the same title of two vendors", () => {
    expect(sameLine("Linen Sofa", "Linen Armchair")).toBe(false);
    expect(sameLine("Oak Dining Table", "Oak Coffee Table")).toBe(false);
    expect(sameLine("Classic Tee", "Classic Tee", "Acme", "Globex")).toBe(false);
    expect(sameLine("Classic Tee", "Classic Tee", "Acme", "acme")).toBe(true);
  });

  it("keeps a title made only of sizes whole rather than grouping it with every other", () => {
    expect(sameLine("XL", "M")).toBe(false);
    expect(productLineKey("XL", null)).toBe("|xl");
  });
});
