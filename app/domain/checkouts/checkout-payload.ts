import { z } from "zod";
import { parseMinorUnits } from "~/lib/money";
import { ShopifyIdSchema } from "~/lib/shopify-ids";
import { httpsUrl, imageUrl } from "~/lib/public-url";

/**
 * The checkouts/create and checkouts/update payloads as Shopify really sends them: money as decimal strings,
 * ids beyond 2^53 (kept as digit strings by parseJsonExact), sometimes no top-level `id`, `customer: null`
 * for guests, `shipping_address: []` instead of null, and many fields Cartback does not need (dropped).
 */

const MoneySchema = z.union([z.string().max(40), z.number()]).transform((value) => String(value));
const TimestampSchema = z.iso.datetime({ offset: true, error: "must be an ISO 8601 timestamp" });
const optionalText = (max: number) =>
  z
    .string()
    .nullish()
    .transform((value) => (value ? value.slice(0, max) : null));

const AddressSchema = z.object({
  first_name: z.string().nullish(),
  country_code: z.string().nullish(),
  province_code: z.string().nullish(),
});

/** An address, or the empty array Shopify sends for a guest without one. */
const MaybeAddressSchema = z
  .union([AddressSchema, z.array(z.unknown()), z.null()])
  .optional()
  .transform((value) => (value && !Array.isArray(value) ? value : null));

const LineItemSchema = z.object({
  product_id: ShopifyIdSchema.nullish(),
  variant_id: ShopifyIdSchema.nullish(),
  title: z.string().max(1000).nullish(),
  presentment_title: z.string().max(1000).nullish(),
  variant_title: z.string().max(1000).nullish(),
  quantity: z.number().int().min(0).max(1_000_000),
  price: MoneySchema,
  line_price: MoneySchema.nullish(),
  sku: z.string().max(255).nullish(),
  image_url: z.string().max(2048).nullish(),
});

export const CheckoutPayloadSchema = z.object({
  id: ShopifyIdSchema.nullish(),
  token: z.string().trim().min(1, "is required").max(255),
  cart_token: z.string().max(255).nullish(),
  email: z.string().max(1000).nullish(),
  buyer_accepts_marketing: z.boolean().nullish(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  completed_at: TimestampSchema.nullish(),
  customer_locale: z.string().max(35).nullish(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code"),
  presentment_currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .nullish(),
  subtotal_price: MoneySchema,
  total_price: MoneySchema,
  line_items: z.array(LineItemSchema).max(1000),
  abandoned_checkout_url: z.string().max(4096).nullish(),
  source_name: optionalText(255),
  shipping_address: MaybeAddressSchema,
  billing_address: MaybeAddressSchema,
  customer: z
    .object({
      id: ShopifyIdSchema.nullish(),
      email: z.string().max(1000).nullish(),
      first_name: z.string().nullish(),
    })
    .nullish(),
});
export type CheckoutPayload = z.infer<typeof CheckoutPayloadSchema>;

export const CheckoutLineSchema = z.object({
  productId: z.string().nullable(),
  variantId: z.string().nullable(),
  title: z.string(),
  variantTitle: z.string().nullable(),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  linePriceMinor: z.number().int(),
  sku: z.string().nullable(),
  imageUrl: z.string().nullable(),
});
export type CheckoutLine = z.infer<typeof CheckoutLineSchema>;

/** What Cartback keeps of a checkout, before personal fields are sealed. */
export interface CheckoutFacts {
  token: string;
  cartToken: string | null;
  shopifyId: string | null;
  customerId: string | null;
  /** As the shopper typed it; normalised and hashed at storage. */
  rawEmail: string | null;
  firstName: string | null;
  recoveryUrl: string | null;
  locale: string | null;
  currency: string;
  presentmentCurrency: string | null;
  subtotalMinor: number;
  totalMinor: number;
  lines: CheckoutLine[];
  acceptsMarketing: boolean;
  /** The shipping address's country, else the billing address's (kept as before segments existed). */
  countryCode: string | null;
  /** ISO 3166-1 alpha-2 country and the ISO 3166-2 subdivision part ("CA" of US-CA) of each address. */
  shippingCountryCode: string | null;
  shippingProvinceCode: string | null;
  billingCountryCode: string | null;
  billingProvinceCode: string | null;
  sourceName: string | null;
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
  completedAt: Date | null;
}

export class CheckoutPayloadError extends Error {}

function money(value: string, currency: string, field: string): number {
  const minor = parseMinorUnits(value, currency);
  if (minor === null)
    throw new CheckoutPayloadError(`${field}: "${value.slice(0, 40)}" is not an amount in ${currency}`);
  return minor;
}

const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const COUNTRY_PATTERN = /^[A-Za-z]{2}$/;
// The subdivision part of ISO 3166-2 is one to three letters or digits (CA, QC, 13, NSW). Shopify sometimes
// sends the full form ("US-CA"); the country prefix is dropped so the segment rules' COUNTRY-PROVINCE key is
// never doubled.
const PROVINCE_PATTERN = /^(?:([A-Za-z]{2})-)?([A-Za-z0-9]{1,3})$/;

type Address = z.infer<typeof AddressSchema> | null;

function countryCodeOf(address: Address): string | null {
  const code = address?.country_code?.trim();
  return code && COUNTRY_PATTERN.test(code) ? code.toUpperCase() : null;
}

/** Only with a country: a province code means nothing without the country it belongs to. */
function provinceCodeOf(address: Address): string | null {
  const country = countryCodeOf(address);
  const match = PROVINCE_PATTERN.exec(address?.province_code?.trim() ?? "");
  if (!country || !match?.[2]) return null;
  if (match[1] && match[1].toUpperCase() !== country) return null;
  return match[2].toUpperCase();
}

/**
 * The facts Cartback keeps. Amounts are in the checkout's `currency`, which Shopify documents as the shop's
 * currency at checkout time (the presentment currency is stored beside it).
 */
export function toCheckoutFacts(payload: CheckoutPayload): CheckoutFacts {
  const currency = payload.currency.toUpperCase();
  const lines = payload.line_items.map((item, index): CheckoutLine => {
    const unitPriceMinor = money(item.price, currency, `line_items.${index}.price`);
    return {
      productId: item.product_id ?? null,
      variantId: item.variant_id ?? null,
      title: (item.title ?? item.presentment_title ?? "").slice(0, 500) || "Item",
      variantTitle: item.variant_title ? item.variant_title.slice(0, 255) : null,
      quantity: item.quantity,
      unitPriceMinor,
      linePriceMinor: item.line_price
        ? money(item.line_price, currency, `line_items.${index}.line_price`)
        : unitPriceMinor * item.quantity,
      sku: item.sku ?? null,
      imageUrl: imageUrl(item.image_url),
    };
  });
  const address = payload.shipping_address ?? payload.billing_address;
  const locale =
    payload.customer_locale && LOCALE_PATTERN.test(payload.customer_locale) ? payload.customer_locale : null;
  return {
    token: payload.token,
    cartToken: payload.cart_token || null,
    shopifyId: payload.id ?? null,
    customerId: payload.customer?.id ?? null,
    rawEmail: payload.email || payload.customer?.email || null,
    firstName:
      (
        payload.customer?.first_name ||
        payload.shipping_address?.first_name ||
        payload.billing_address?.first_name ||
        ""
      )
        .trim()
        .slice(0, 100) || null,
    recoveryUrl: httpsUrl(payload.abandoned_checkout_url),
    locale,
    currency,
    presentmentCurrency: payload.presentment_currency?.toUpperCase() ?? null,
    subtotalMinor: money(payload.subtotal_price, currency, "subtotal_price"),
    totalMinor: money(payload.total_price, currency, "total_price"),
    lines,
    acceptsMarketing: payload.buyer_accepts_marketing === true,
    countryCode:
      address?.country_code && /^[A-Za-z]{2}$/.test(address.country_code)
        ? address.country_code.toUpperCase()
        : null,
    shippingCountryCode: countryCodeOf(payload.shipping_address),
    shippingProvinceCode: provinceCodeOf(payload.shipping_address),
    billingCountryCode: countryCodeOf(payload.billing_address),
    billingProvinceCode: provinceCodeOf(payload.billing_address),
    sourceName: payload.source_name,
    shopifyCreatedAt: new Date(payload.created_at),
    shopifyUpdatedAt: new Date(payload.updated_at),
    completedAt: payload.completed_at ? new Date(payload.completed_at) : null,
  };
}
