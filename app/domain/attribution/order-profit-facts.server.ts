import type { DbTransaction } from "~/db.server";
import { DISCOUNT_KIND } from "~/domain/discounts";
import { getShopSettings } from "~/domain/shops";
import type { UsedDiscountCode } from "./match-order.server";
import { computeOrderProfit, type OrderProfit, type OrderProfitLine } from "./order-profit";

/**
 * The profit figures of an order that recovers `enrollmentId`, read in the order's transaction: the order's
 * subtotal and lines (as the ingest just stored them), its variants' unit costs, which of our codes it used
 * belong to this enrolment (a code of another enrolment is not this offer's cost) and whether each is free
 * shipping, and the shop's default margin. Four small indexed reads, only for orders that recover something.
 */
export async function findOrderProfit(
  tx: DbTransaction,
  shop: string,
  {
    orderRowId,
    enrollmentId,
    ourCodes,
  }: { orderRowId: string; enrollmentId: string; ourCodes: readonly UsedDiscountCode[] },
): Promise<OrderProfit> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderRowId, shop },
    select: { subtotalMinor: true, lines: true },
  });
  const lines = parseLines(order.lines);
  const variantIds = [...new Set(lines.flatMap((line) => (line.variantId ? [line.variantId] : [])))];
  const costs =
    variantIds.length === 0
      ? []
      : await tx.variantCost.findMany({
          where: { shop, variantId: { in: variantIds } },
          select: { variantId: true, unitCostMinor: true },
        });
  const codes = ourCodes.filter((code) => code.enrollmentId === enrollmentId);
  const freeShipping =
    codes.length === 0
      ? []
      : await tx.discountCode.findMany({
          where: { shop, id: { in: codes.map((code) => code.id) }, kind: DISCOUNT_KIND.FREE_SHIPPING },
          select: { id: true },
        });
  const { defaultMarginPercent } = await getShopSettings(shop, tx);
  return computeOrderProfit({
    subtotalMinor: order.subtotalMinor,
    lines,
    unitCosts: new Map(costs.map((cost) => [cost.variantId, cost.unitCostMinor])),
    ourCodes: codes.map((code) => ({
      discountMinor: code.discountMinor,
      isFreeShipping: freeShipping.some((row) => row.id === code.id),
    })),
    defaultMarginPercent,
  });
}

/** Order.lines as the ingest wrote it; anything unreadable is a line of unknown cost. */
function parseLines(text: string): OrderProfitLine[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [{ variantId: null, quantity: 1 }];
  }
  if (!Array.isArray(value)) return [{ variantId: null, quantity: 1 }];
  return value.map((line) => {
    const { variantId, quantity } = (line ?? {}) as { variantId?: unknown; quantity?: unknown };
    return {
      variantId: typeof variantId === "string" ? variantId : null,
      quantity: typeof quantity === "number" && Number.isInteger(quantity) ? quantity : 1,
    };
  });
}
