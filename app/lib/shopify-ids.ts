import { z } from "zod";

/**
 * Shopify ids. GraphQL ids are `gid://shopify/<Type>/<digits>`; Cartback stores the digits, which is also the id
 * REST-shaped webhooks carry, so a product from a bulk export and from products/update share one key.
 */
const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,30})(?:\?.*)?$/;

/** "gid://shopify/Product/123" -> "123" when the type matches, else null. */
export function numericIdFromGid(gid: string, type: string): string | null {
  const match = GID_PATTERN.exec(gid);
  return match && match[1] === type ? (match[2] as string) : null;
}

/** A Shopify numeric id in a webhook: digits as a string, whatever JSON form it arrived in. */
export const ShopifyIdSchema = z.union([
  z.string().regex(/^\d{1,30}$/, "must be a numeric id"),
  z
    .number()
    .int()
    .nonnegative()
    .transform((value) => String(value)),
]);
