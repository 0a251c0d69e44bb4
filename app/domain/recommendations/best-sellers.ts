import { compareProductIds } from "./top-k";

/** Best sellers kept per shop: far more than any gap needs, so exclusions (the cart, drafts) cannot run it dry. */
export const BEST_SELLER_COUNT = 50;

/** A product line of a stored order, as best sellers and co-purchases read it. */
export interface OrderProductLine {
  productId: string;
  quantity: number;
}

/**
 * The product lines of an order's stored `lines` JSON (`[{ productId, variantId, quantity }]`). Lines without a
 * product (custom items, deleted products) or without a positive whole quantity, and unreadable rows, yield
 * nothing rather than failing the email that needed them.
 */
export function parseOrderLines(json: string): OrderProductLine[] {
  let lines: unknown;
  try {
    lines = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(lines)) return [];
  const parsed: OrderProductLine[] = [];
  for (const line of lines as unknown[]) {
    if (typeof line !== "object" || line === null) continue;
    const { productId, quantity } = line as { productId?: unknown; quantity?: unknown };
    if (typeof productId !== "string" || productId === "") continue;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity <= 0) continue;
    parsed.push({ productId, quantity });
  }
  return parsed;
}

/**
 * Product ids by units sold, most first (ties to the smaller id), from orders' stored `lines` JSON, read by
 * parseOrderLines.
 */
export function rankBestSellers(orderLines: Iterable<string>, count = BEST_SELLER_COUNT): string[] {
  const units = new Map<string, number>();
  for (const json of orderLines) {
    for (const { productId, quantity } of parseOrderLines(json)) {
      units.set(productId, (units.get(productId) ?? 0) + quantity);
    }
  }
  return [...units]
    .sort((a, b) => b[1] - a[1] || compareProductIds(a[0], b[0]))
    .slice(0, count)
    .map(([productId]) => productId);
}
