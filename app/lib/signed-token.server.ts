import crypto from "node:crypto";
import { env } from "./env.server";

/**
 * Tokens for public links (tracked clicks, unsubscribe): `<payload>.<signature>`, both base64url. The
 * signature is an HMAC-SHA256 with a key derived from the app secret for one purpose only, so a click token is
 * never a valid unsubscribe token and nothing can be forged or enumerated. The payload is not secret (it is an
 * opaque id); what it grants is decided by the server when the link is used.
 */

export type TokenPurpose = "click" | "unsubscribe";

const SIGNATURE_BYTES = 18;
const keys = new Map<TokenPurpose, Buffer>();

function keyFor(purpose: TokenPurpose): Buffer {
  let key = keys.get(purpose);
  if (!key) {
    key = Buffer.from(
      crypto.hkdfSync("sha256", env.SHOPIFY_API_SECRET, Buffer.alloc(0), `cartback/link/${purpose}/v1`, 32),
    );
    keys.set(purpose, key);
  }
  return key;
}

function signatureOf(purpose: TokenPurpose, payload: string): Buffer {
  return crypto.createHmac("sha256", keyFor(purpose)).update(payload).digest().subarray(0, SIGNATURE_BYTES);
}

export function signToken(purpose: TokenPurpose, payload: string): string {
  const encoded = Buffer.from(payload, "utf8").toString("base64url");
  return `${encoded}.${signatureOf(purpose, encoded).toString("base64url")}`;
}

/** The payload of a valid token for this purpose, or null for anything altered, forged or malformed. */
export function verifyToken(purpose: TokenPurpose, token: string): string | null {
  if (token.length > 512) return null;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return null;
  const [, encoded, signature] = match as unknown as [string, string, string];
  const given = Buffer.from(signature, "base64url");
  const expected = signatureOf(purpose, encoded);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  return Buffer.from(encoded, "base64url").toString("utf8");
}
