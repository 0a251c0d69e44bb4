import { secretsMatch } from "~/lib/cron-auth.server";
import { acceptedMacs, currentMac } from "~/lib/signed-token.server";

const KEY_LENGTH = 32;
const messageFor = (shop: string) => `cartback-pixel:${shop}`;

/**
 * The key the app writes into a shop's pixel settings and the pixel sends back with every event. Pixel
 * settings are public (any storefront visitor can read them), so this is no secret: it binds an event to the
 * shop whose pixel it came from, so nobody can post events for a shop without having loaded its storefront,
 * and a key for one shop is worthless for another. Signed like links (app/lib/signed-token.server.ts), so a
 * pixel still carrying the key of a replaced secret keeps working until the next authentication updates it.
 */
export function pixelAccountKey(shop: string): string {
  return currentMac("pixel", messageFor(shop)).toString("base64url").slice(0, KEY_LENGTH);
}

export function isPixelAccountKey(shop: string, key: string): boolean {
  return acceptedMacs("pixel", messageFor(shop)).some((mac) =>
    secretsMatch(key, mac.toString("base64url").slice(0, KEY_LENGTH)),
  );
}

/** The settings the app activates a shop's pixel with (validated by Shopify against the extension's toml). */
export function webPixelSettingsFor(shop: string, appUrl: string) {
  return { accountKey: pixelAccountKey(shop), endpoint: `${appUrl}/pixel/events` };
}
