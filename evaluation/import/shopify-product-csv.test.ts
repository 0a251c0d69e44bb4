import { describe, expect, it } from "vitest";

import { parseCsvObjects } from "./csv.ts";
import { parseDecimalToMinor } from "./minor-units.ts";
import { convertShopifyProductCsv, deriveTrailingWordLineKeys } from "./shopify-product-csv.ts";

const HEADER =
  "Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Published,Option1 Value," +
  "Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,Variant Price,Image Src,Status";

function convert(lines: string[]) {
  return convertShopifyProductCsv(parseCsvObjects([HEADER, ...lines].join("\n")), { currency: "GBP" });
}

describe("convertShopifyProductCsv", () => {
  it("reads a product from its first row and its price from the cheapest variant row", () => {
    const [product] = convert([
      'linen-tee,Linen Tee,"<p>Soft &amp; <b>cool</b></p>",Acme,Apparel & Accessories > Clothing > Shirts & Tops,Tee,"summer, linen , summer",true,M,,,deny,25.00,a.jpg,active',
      "linen-tee,,,,,,,,L,,,deny,19.5,,",
      "linen-tee,,,,,,,,,,,,,b.jpg,",
    ]);
    expect(product).toEqual({
      id: "linen-tee",
      handle: "linen-tee",
      title: "Linen Tee",
      description: "Soft & cool",
      productType: "Tee",
      category: "Apparel & Accessories > Clothing > Shirts & Tops",
      vendor: "Acme",
      tags: ["summer", "linen"],
      status: "ACTIVE",
      availableForSale: true,
      priceMinor: 1950,
      currency: "GBP",
      lineKey: null,
      crossSells: [],
    });
  });

  it("gives null, never an empty string, for an empty Type, category and vendor", () => {
    const [product] = convert(["cap,Cap,,,,,,true,,,,,10,,active"]);
    expect(product).toMatchObject({ productType: null, category: null, vendor: null, tags: [] });
  });

  it("maps Status, and an unpublished product to DRAFT", () => {
    const products = convert([
      "a,A,,,,,,true,,,,,1,,draft",
      "b,B,,,,,,true,,,,,1,,archived",
      "c,C,,,,,,false,,,,,1,,active",
      "d,D,,,,,,false,,,,,1,,",
    ]);
    expect(products.map((product) => product.status)).toEqual(["DRAFT", "ARCHIVED", "DRAFT", "DRAFT"]);
  });

  it("is unavailable only when every variant is tracked, out of stock and may not be oversold", () => {
    const products = convert([
      "sold-out,Sold Out,,,,,,true,S,shopify,0,deny,5,,active",
      "sold-out,,,,,,,,M,shopify,-1,deny,5,,",
      "backorder,Backorder,,,,,,true,,shopify,0,continue,5,,active",
      "untracked,Untracked,,,,,,true,,,0,deny,5,,active",
      "one-left,One Left,,,,,,true,S,shopify,0,deny,5,,active",
      "one-left,,,,,,,,M,shopify,1,deny,5,,",
    ]);
    expect(products.map((product) => [product.handle, product.availableForSale])).toEqual([
      ["sold-out", false],
      ["backorder", true],
      ["untracked", true],
      ["one-left", true],
    ]);
  });

  it("refuses a product whose rows carry no title", () => {
    expect(() => convert(["ghost,,,,,,,,,,,,5,,"])).toThrow(/no row of "ghost" has a Title/);
  });
});

describe("deriveTrailingWordLineKeys", () => {
  it("groups handles that differ only by trailing size or colour words", () => {
    const keys = deriveTrailingWordLineKeys([
      "linen-tee-black",
      "linen-tee-rose-gold-xl",
      "linen-tee",
      "grey-sofa",
      "yellow-sofa",
      "wool-hat-blue",
    ]);
    expect(Object.fromEntries(keys)).toEqual({
      "linen-tee-black": "linen-tee",
      "linen-tee-rose-gold-xl": "linen-tee",
      // The bare handle has no trailing word to remove: the rule cannot tell it is of the line.
      "linen-tee": null,
      // Leading colours are a different product more often than not ("Grey Sofa" is a four-seater, "Yellow
      // Sofa" a two-seater in Shopify's samples), so they are kept.
      "grey-sofa": null,
      "yellow-sofa": null,
      // A stem no other handle shares is no line.
      "wool-hat-blue": null,
    });
  });
});

describe("parseDecimalToMinor", () => {
  it("reads whole and decimal amounts without a float", () => {
    expect(
      ["50", "42.99", "265.0", "1785.5", "0.10", "19.990"].map((text) => parseDecimalToMinor(text)),
    ).toEqual([5000, 4299, 26500, 178550, 10, 1999]);
  });

  it("refuses separators, signs of currency and lost precision", () => {
    expect(() => parseDecimalToMinor("1,050")).toThrow(/Not a decimal amount/);
    expect(() => parseDecimalToMinor("SR 820")).toThrow(/Not a decimal amount/);
    expect(() => parseDecimalToMinor("1.005")).toThrow(/more than 2 decimal places/);
  });
});
