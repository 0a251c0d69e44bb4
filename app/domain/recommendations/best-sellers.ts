import { compareProductIds } from "./top-k";

/** Best sellers kept per shop: far more than any gap needs, so exclusions (the cart, drafts) cannot run it dry. */
export const BEST_SELLER_COUNT = 50;

interface OrderLine {
  productId?: unknown;
  quantity?: unknown;
}

/**
 * Product ids by units sold, most first (ties to the smaller id), from orders' stored `lines` JSON
 * (`[{ productId, variantId, quantity }]`). Lines without a product (custom items, deleted products) and
 * unreadable rows count for nothing rather than failing the email that needed a filler.
 */
export function rankBestSellers(orderLines: Iterable<string>, count = BEST_SELLER_COUNT): string[] {
  const units = new Map<string, number>();
  for (const json of orderLines) {
    let lines: unknown;
    try {
      lines = JSON.parse(json);
    } catch {
      continue;
    }
    if (!Array.isArray(lines)) continue;
    for (const line of lines as OrderLine[]) {
      if (typeof line !== "object" || line === null) continue;
      const { productId, quantity } = line;
      if (typeof productId !== "string" || productId === "") continue;
      if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity <= 0) continue;
      units.set(productId, (units.get(productId) ?? 0) + quantity);
    }
  }
  return [...units]
    .sort((a, b) => b[1] - a[1] || compareProductIds(a[0], b[0]))
    .slice(0, count)
    .map(([productId]) => productId);
}
