import crypto from "node:crypto";
import { secretsMatch } from "~/lib/cron-auth.server";
import { env } from "~/lib/env.server";

/**
 * The key the app writes into a shop's pixel settings and the pixel sends back with every event. Pixel
 * settings are public (any storefront visitor can read them), so this is no secret: it binds an event to the
 * shop whose pixel it came from, so nobody can post events for a shop without having loaded its storefront,
 * and a key for one shop is worthless for another.
 */
export function pixelAccountKey(shop: string): string {
  return crypto
    .createHmac("sha256", env.SHOPIFY_API_SECRET)
    .update(`cartback-pixel:${shop}`)
    .digest("base64url")
    .slice(0, 32);
}

export function isPixelAccountKey(shop: string, key: string): boolean {
  return secretsMatch(key, pixelAccountKey(shop));
}

/** The settings the app activates a shop's pixel with (validated by Shopify against the extension's toml). */
export function webPixelSettingsFor(shop: string, appUrl: string) {
  return { accountKey: pixelAccountKey(shop), endpoint: `${appUrl}/pixel/events` };
}
