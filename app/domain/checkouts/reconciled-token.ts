/**
 * Reconciliation sometimes learns only a checkout's cart token (Shopify's recovery URL names the cart, not
 * the checkout), and stores it under a token no real checkout has (real ones are hex or URL-safe, never a
 * colon): this prefix, then Shopify's id. A later webhook for the same checkout adopts the row.
 */
export const RECONCILED_TOKEN_PREFIX = "reconciled:";
