import { hashEmail, normalizeEmail } from "~/lib/encryption.server";
import { signToken, verifyToken } from "~/lib/signed-token.server";

/**
 * The unsubscribe link every message carries. Its token is signed for this purpose and names the shop and the
 * address's keyed hash, never the address: it cannot be forged, altered for another shop, or enumerated, and
 * leaks nothing if forwarded. The engine puts it in the message; consent/ reads it when it is followed.
 */

export function unsubscribeToken(shop: string, emailHash: string): string {
  return signToken("unsubscribe", `${shop}\n${emailHash}`);
}

export function readUnsubscribeToken(token: string): { shop: string; emailHash: string } | null {
  const payload = verifyToken("unsubscribe", token);
  const match = payload ? /^([a-z0-9][a-z0-9-]*\.myshopify\.com)\n([0-9a-f]{64})$/.exec(payload) : null;
  return match ? { shop: match[1] as string, emailHash: match[2] as string } : null;
}

/** The public unsubscribe URL for one shop's shopper; null when the address is not an email address. */
export function unsubscribeLink(appUrl: string, shop: string, address: string): string | null {
  const email = normalizeEmail(address);
  return email ? `${appUrl}/unsubscribe/${unsubscribeToken(shop, hashEmail(shop, email))}` : null;
}
