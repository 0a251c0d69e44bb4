import { z } from "zod";

/** One tier of the merchant's offer ladder: the bigger the cart, the better the offer. */
export const DiscountTierSchema = z.object({
  /** Carts whose subtotal is at least this (shop currency, minor units) get this tier. */
  minimumSubtotalMinor: z.number().int().min(0, "must not be negative"),
  percentOff: z.number().int().min(0, "must be between 0 and 100").max(100, "must be between 0 and 100"),
  freeShipping: z.boolean(),
});
export type DiscountTier = z.infer<typeof DiscountTierSchema>;
