import { z } from "zod";
import { ShopifyIdSchema } from "~/lib/shopify-ids";

/**
 * Shopify's mandatory compliance webhooks. Each carries shop_id and shop_domain, but the shop acted on is
 * always the X-Shopify-Shop-Domain header that receiveWebhook validated, the key every row is stored under;
 * the body's copy is read for nothing (Shopify's own samples send "{shop}.myshopify.com" there).
 */

const ShopFieldsSchema = {
  shop_id: ShopifyIdSchema.nullish(),
  shop_domain: z.string().max(255).nullish(),
};

/** The shopper as Shopify names them; either id or email may be missing (a guest has no customer id). */
const CustomerSchema = z.object({
  id: ShopifyIdSchema.nullish(),
  email: z.string().max(1000).nullish(),
  phone: z.string().max(100).nullish(),
});

const OrderIdsSchema = z.array(ShopifyIdSchema).max(10_000).default([]);

export const DataRequestPayloadSchema = z.object({
  ...ShopFieldsSchema,
  customer: CustomerSchema,
  orders_requested: OrderIdsSchema,
  data_request: z.object({
    id: z.union([z.string().trim().min(1).max(255), z.number().int().nonnegative().transform(String)]),
  }),
});
export type DataRequestPayload = z.infer<typeof DataRequestPayloadSchema>;

export const CustomerRedactPayloadSchema = z.object({
  ...ShopFieldsSchema,
  customer: CustomerSchema,
  orders_to_redact: OrderIdsSchema,
});
export type CustomerRedactPayload = z.infer<typeof CustomerRedactPayloadSchema>;

export const ShopRedactPayloadSchema = z.object(ShopFieldsSchema);
export type ShopRedactPayload = z.infer<typeof ShopRedactPayloadSchema>;
