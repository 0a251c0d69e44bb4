/**
 * URLs from Shopify payloads that end up in emails and the admin: only absolute https URLs are kept, so a
 * payload cannot point a shopper's mail client at http: or javascript: addresses.
 */

export function httpsUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
let loopbackImagesAllowed = false;

/**
 * Demo mode only (entry.server turns it on): the demo catalog's pictures are served by the demo server
 * itself, at http://127.0.0.1, and nowhere else is reachable offline.
 */
export function allowLoopbackImageUrls() {
  loopbackImagesAllowed = true;
}

/** A product or line image: https, or in demo mode the demo server's own http://127.0.0.1 pictures. */
export function imageUrl(value: string | null | undefined): string | null {
  const secure = httpsUrl(value);
  if (secure || !loopbackImagesAllowed || !value) return secure;
  try {
    const url = new URL(value);
    return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname) ? url.toString() : null;
  } catch {
    return null;
  }
}
