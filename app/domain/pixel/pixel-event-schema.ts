import { z } from "zod";

/**
 * The web pixel's events as the app accepts them (extensions/cartback-pixel/src/pixel.ts writes them).
 * Everything in them is untrusted: anyone can post to the endpoint, so each field is bounded and typed, and
 * unknown fields are refused rather than ignored (a bug or a probe, either way not ours to keep).
 */

const ShopDomainSchema = z
  .string()
  .max(255)
  .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify.com domain");

export const PixelEventSchema = z
  .object({
    v: z.literal(1),
    name: z.enum([
      "checkout_started",
      "checkout_contact_info_submitted",
      "product_added_to_cart",
      "checkout_completed",
    ]),
    id: z.string().min(1).max(100),
    at: z.iso.datetime({ offset: true }),
    shop: ShopDomainSchema,
    accountKey: z.string().min(16).max(64),
    checkoutToken: z
      .string()
      .max(255)
      .regex(/^[A-Za-z0-9_-]+$/, "must be a checkout token")
      .optional(),
    email: z.string().max(320).optional(),
    acceptsMarketing: z.boolean().optional(),
    amount: z
      .string()
      .max(40)
      .regex(/^\d+(\.\d{1,4})?$/)
      .optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    variantId: z.string().max(100).optional(),
    quantity: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type PixelEvent = z.infer<typeof PixelEventSchema>;

/** Largest body the endpoint reads: a compact event is a few hundred bytes. */
export const MAX_PIXEL_EVENT_BYTES = 8 * 1024;
