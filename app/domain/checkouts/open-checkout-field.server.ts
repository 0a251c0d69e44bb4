import { openField } from "~/lib/encryption.server";
import { logger } from "~/lib/logger.server";

/**
 * Opens one personal field of a checkout for the merchant's pages. A field that does not open (sealed with a
 * retired key, or altered) costs the page that value, not the page: the merchant still sees the rest.
 */
export function openCheckoutField(shop: string, checkoutId: string, envelope: string | null): string | null {
  const opened = openField(shop, envelope);
  if (opened.readable) return opened.value;
  logger.warn({ shop, checkoutId, cause: opened.error }, "a checkout field could not be decrypted");
  return null;
}
