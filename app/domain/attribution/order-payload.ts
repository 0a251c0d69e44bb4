import { z } from "zod";
import { ShopifyIdSchema } from "~/lib/shopify-ids";
import { parseMinorUnits } from "~/lib/money";

/** orders/create as Shopify sends it; only what attribution needs is read. */

const MoneySchema = z.union([z.string().max(40), z.number()]).transform((value) => String(value));
const MoneyBagSchema = z
  .object({
    shop_money: z.object({ amount: MoneySchema, currency_code: z.string().regex(/^[A-Za-z]{3}$/) }),
    presentment_money: z.object({ amount: MoneySchema, currency_code: z.string().regex(/^[A-Za-z]{3}$/) }),
  })
  .nullish();

export const OrderPayloadSchema = z.object({
  id: ShopifyIdSchema,
  name: z.string().max(255).nullish(),
  checkout_token: z.string().max(255).nullish(),
  cart_token: z.string().max(255).nullish(),
  email: z.string().max(1000).nullish(),
  contact_email: z.string().max(1000).nullish(),
  customer: z.object({ id: ShopifyIdSchema.nullish(), email: z.string().max(1000).nullish() }).nullish(),
  discount_codes: z
    .array(
      z.object({
        code: z.string().max(255),
        amount: MoneySchema.nullish(),
        type: z.string().max(50).nullish(),
      }),
    )
    .max(250)
    .default([]),
  line_items: z
    .array(
      z.object({
        product_id: ShopifyIdSchema.nullish(),
        variant_id: ShopifyIdSchema.nullish(),
        quantity: z.number().int().min(0),
      }),
    )
    .max(5000)
    .default([]),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code"),
  presentment_currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .nullish(),
  total_price: MoneySchema,
  subtotal_price: MoneySchema.nullish(),
  total_price_set: MoneyBagSchema,
  subtotal_price_set: MoneyBagSchema,
  test: z.boolean().nullish(),
  source_name: z.string().max(255).nullish(),
  created_at: z.iso.datetime({ offset: true, error: "must be an ISO 8601 timestamp" }),
});
export type OrderPayload = z.infer<typeof OrderPayloadSchema>;

export interface OrderDiscountCode {
  code: string;
  amountMinor: number;
  type: string | null;
}

export interface OrderFacts {
  orderId: string;
  name: string | null;
  checkoutToken: string | null;
  cartToken: string | null;
  customerId: string | null;
  rawEmail: string | null;
  discountCodes: OrderDiscountCode[];
  lines: Array<{ productId: string | null; variantId: string | null; quantity: number }>;
  currency: string;
  totalMinor: number;
  subtotalMinor: number;
  presentmentCurrency: string;
  presentmentTotalMinor: number;
  isTest: boolean;
  sourceName: string | null;
  shopifyCreatedAt: Date;
}

export class OrderPayloadError extends Error {}

function money(value: string, currency: string, field: string): number {
  const minor = parseMinorUnits(value, currency);
  if (minor === null)
    throw new OrderPayloadError(`${field}: "${value.slice(0, 40)}" is not an amount in ${currency}`);
  return minor;
}

/** Amounts in the shop's currency (the `_set` money bags when present) and in the shopper's. */
export function toOrderFacts(payload: OrderPayload): OrderFacts {
  const currency = (payload.total_price_set?.shop_money.currency_code ?? payload.currency).toUpperCase();
  const presentmentCurrency = (
    payload.total_price_set?.presentment_money.currency_code ??
    payload.presentment_currency ??
    currency
  ).toUpperCase();
  const totalMinor = money(
    payload.total_price_set?.shop_money.amount ?? payload.total_price,
    currency,
    "total_price",
  );
  const subtotalSource = payload.subtotal_price_set?.shop_money.amount ?? payload.subtotal_price;
  return {
    orderId: payload.id,
    name: payload.name ?? null,
    checkoutToken: payload.checkout_token || null,
    cartToken: payload.cart_token || null,
    customerId: payload.customer?.id ?? null,
    rawEmail: payload.email || payload.contact_email || payload.customer?.email || null,
    discountCodes: payload.discount_codes.map((discount, index) => ({
      code: discount.code.trim(),
      amountMinor: discount.amount ? money(discount.amount, currency, `discount_codes.${index}.amount`) : 0,
      type: discount.type ?? null,
    })),
    lines: payload.line_items.map((line) => ({
      productId: line.product_id ?? null,
      variantId: line.variant_id ?? null,
      quantity: line.quantity,
    })),
    currency,
    totalMinor,
    subtotalMinor: subtotalSource ? money(subtotalSource, currency, "subtotal_price") : totalMinor,
    presentmentCurrency,
    presentmentTotalMinor: payload.total_price_set
      ? money(
          payload.total_price_set.presentment_money.amount,
          presentmentCurrency,
          "total_price_set.presentment_money.amount",
        )
      : totalMinor,
    isTest: payload.test === true,
    sourceName: payload.source_name ?? null,
    shopifyCreatedAt: new Date(payload.created_at),
  };
}
