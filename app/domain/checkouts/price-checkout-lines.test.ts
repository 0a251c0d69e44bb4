import { describe, expect, it } from "vitest";
import { priceCheckoutLines } from "./price-checkout-lines";

describe("priceCheckoutLines", () => {
  it("turns stored minor units into money in the checkout's currency, keeping the line's identity", () => {
    const [line] = priceCheckoutLines(
      [
        {
          productId: "gid://shopify/Product/1",
          variantId: "gid://shopify/ProductVariant/2",
          title: "Mug",
          variantTitle: "Blue",
          quantity: 2,
          unitPriceMinor: 1250,
          linePriceMinor: 2500,
          sku: "MUG-B",
          imageUrl: null,
        },
      ],
      "EUR",
    );
    expect(line).toEqual({
      productId: "gid://shopify/Product/1",
      variantId: "gid://shopify/ProductVariant/2",
      title: "Mug",
      variantTitle: "Blue",
      quantity: 2,
      unitPrice: { amountMinor: 1250, currency: "EUR" },
      linePrice: { amountMinor: 2500, currency: "EUR" },
      imageUrl: null,
    });
  });
});
