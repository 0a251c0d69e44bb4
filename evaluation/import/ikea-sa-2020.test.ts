import { describe, expect, it } from "vitest";

import { parseCsvObjects } from "./csv.ts";
import { convertIkeaRows } from "./ikea-sa-2020.ts";

// Rows in the source's own form (TidyTuesday's ikea.csv, shortened links).
const CSV = [
  ",item_id,name,category,price,old_price,sellable_online,link,other_colors,short_description,designer,depth,height,width",
  '0,90420332,FREKVENS,Bar furniture,265.0,No old price,True,https://www.ikea.com/sa/en/p/frekvens-bar-table-90420332/,No,"        Bar table, in/outdoor,          51x51 cm",Nicholai Wiig Hansen,,99,51',
  '6,70404875,FRANKLIN,Bar furniture,129.0,No old price,False,https://www.ikea.com/sa/en/p/franklin-bar-stool-white-70404875/,No,"        Bar stool with backrest, foldable,          63 cm",K Hagberg/M Hagberg,44,95,50',
  '8,50406465,FRANKLIN,Bar furniture,129.0,No old price,True,https://www.ikea.com/sa/en/p/franklin-bar-stool-black-50406465/,No,"        Bar stool with backrest, foldable,          63 cm",K Hagberg/M Hagberg,44,95,50',
  '51,50468953,VATTVIKEN,Beds,995.0,No old price,True,https://www.ikea.com/sa/en/p/vattviken-armchair-bed-50468953/,No,        Armchair-bed,"504.689.53 Small and easy-to-place chair-bed.",83,86,92',
  '900,90420332,FREKVENS,Tables & desks,265.0,No old price,True,https://www.ikea.com/sa/en/p/frekvens-bar-table-90420332/,No,"        Bar table, in/outdoor,          51x51 cm",Nicholai Wiig Hansen,,99,51',
].join("\n");

describe("convertIkeaRows", () => {
  const products = convertIkeaRows(parseCsvObjects(CSV));

  it("keeps one product per item, tagged with every category it is listed in", () => {
    expect(products.map((product) => product.id)).toEqual(["90420332", "70404875", "50406465", "50468953"]);
    expect(products[0]).toEqual({
      id: "90420332",
      handle: "frekvens-bar-table-90420332",
      title: "FREKVENS Bar table, in/outdoor, 51x51 cm",
      description: "Bar table, in/outdoor, 51x51 cm",
      productType: "Bar table",
      category: "Furniture > Bar furniture",
      vendor: "IKEA",
      tags: ["Bar furniture", "Tables & desks"],
      status: "ACTIVE",
      availableForSale: true,
      priceMinor: 26500,
      currency: "SAR",
      lineKey: "frekvens|bar table",
      crossSells: [],
    });
  });

  it("puts the colours of one range's product in one line and reads sellable_online", () => {
    const [, white, black] = products;
    expect(white?.lineKey).toBe("franklin|bar stool with backrest");
    expect(black?.lineKey).toBe(white?.lineKey);
    expect([white?.availableForSale, black?.availableForSale]).toEqual([false, true]);
  });

  it("takes a description the scraper left in the designer column, without its article number", () => {
    expect(products[3]?.description).toBe("Armchair-bed. Small and easy-to-place chair-bed.");
    expect(products[3]?.productType).toBe("Armchair-bed");
  });
});
