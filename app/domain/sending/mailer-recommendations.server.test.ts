import { describe, expect, it } from "vitest";
import type { ComposedEmail } from "~/domain/email";
import { productFacts, storeOrders, storeProducts } from "../../../test/helpers/catalog";
import { recoveryMessage } from "../../../test/fixtures/recovery-message";
import { createMailer } from "./create-mailer.server";

const NOW = new Date("2026-11-21T12:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;

// The message's cart: product 1 (a linen shirt) and product 2 (a wool scarf).
const CATALOG = [
  productFacts({ productId: "1", title: "Linen shirt", productType: "Shirts" }),
  productFacts({ productId: "2", title: "Wool scarf", productType: "Scarves" }),
  productFacts({ productId: "3", title: "Oxford shirt", productType: "Shirts" }),
  productFacts({ productId: "7", title: "Poplin shirt", productType: "Shirts" }),
  productFacts({ productId: "4", title: "Cashmere scarf", productType: "Scarves" }),
  // Shares no word and no type with the cart: only the shop's orders can bring it in.
  productFacts({ productId: "5", title: "Cedar garment hangers", productType: "Wardrobe Care" }),
  productFacts({ productId: "6", title: "Lavender sachets", productType: "Wardrobe Care" }),
];

async function emailFor(shop: string, ordersWithHangers: number): Promise<ComposedEmail> {
  await storeProducts(shop, CATALOG);
  await storeOrders(
    shop,
    Array.from({ length: ordersWithHangers }, (_, at) => ({
      orderId: `${shop}-${at}`,
      lines: [
        { productId: "1", quantity: 1 },
        { productId: "5", quantity: 2 },
      ],
      createdAt: new Date(NOW.getTime() - (at + 1) * DAY_MS),
    })),
  );
  const sent: ComposedEmail[] = [];
  const mailer = createMailer({
    transport: {
      deliver: async (email) => {
        sent.push(email);
        return { ok: true, providerMessageId: `msg_${sent.length}` };
      },
    },
  });
  const result = await mailer.send(recoveryMessage({ shop, aiCopy: false }), {
    idempotencyKey: shop,
    now: NOW,
  });
  expect(result.ok).toBe(true);
  return sent[0] as ComposedEmail;
}

describe("the recovery email's recommendations", () => {
  it("show a product bought with a cart product in the shop's orders, beside products like the cart's", async () => {
    const email = await emailFor("complements-a.myshopify.com", 3);
    for (const title of ["Cedar garment hangers", "Cashmere scarf"]) {
      expect(email.html).toContain(title);
      expect(email.text).toContain(title);
    }
    expect(email.html).not.toContain("Lavender sachets");
  });

  it("leave it out below the minimum of orders that makes a pair count", async () => {
    // Two orders are not enough; three products like the cart's fill the email (no best seller is needed).
    const email = await emailFor("complements-b.myshopify.com", 2);
    for (const title of ["Oxford shirt", "Poplin shirt", "Cashmere scarf"])
      expect(email.html).toContain(title);
    expect(email.html).not.toContain("Cedar garment hangers");
  });
});
