import crypto from "node:crypto";
import { decodeKey } from "./encryption.server";
import { env } from "./env.server";

/**
 * Tokens for public links (tracked clicks, unsubscribe): `<payload>.<signature>`, both base64url. The
 * signature is an HMAC-SHA256 with a key derived for one purpose only, so a click token is never a valid
 * unsubscribe token and nothing can be forged or enumerated. The payload is not secret (it is an opaque id);
 * what it grants is decided by the server when the link is used.
 *
 * Keys: new links are signed with LINK_SIGNING_KEY, or, when it is not set, with keys derived from
 * SHOPIFY_API_SECRET (how every link was signed before it existed). An unsubscribe link must work for as long as
 * it sits in an inbox, so a link is accepted under every key that may have signed one: the current key,
 * LINK_SIGNING_KEY_PREVIOUS, and the derivations of SHOPIFY_API_SECRET and SHOPIFY_API_SECRET_PREVIOUS. The
 * server refuses to start when a key that signed links is among none of them
 * (app/domain/privacy/check-key-fingerprints.server.ts). The pixel's per-shop key is made the same way.
 */

export type TokenPurpose = "click" | "unsubscribe";
/** What a signing secret keys: the link tokens, and the web pixel's per-shop account key. */
export type SigningPurpose = TokenPurpose | "pixel";

type PurposeKeys = Record<SigningPurpose, Buffer>;

const SIGNATURE_BYTES = 18;
const PURPOSES: SigningPurpose[] = ["click", "unsubscribe", "pixel"];

function derive(master: Buffer | string, purpose: SigningPurpose): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", master, Buffer.alloc(0), `cartback/link/${purpose}/v1`, 32));
}

/** Keys from LINK_SIGNING_KEY (or one of its previous values). */
function linkKeys(key: string): PurposeKeys {
  const master = decodeKey(key);
  return Object.fromEntries(PURPOSES.map((purpose) => [purpose, derive(master, purpose)])) as PurposeKeys;
}

/** Keys as they were made from the Shopify app secret; the pixel's key was the secret itself. */
function apiSecretKeys(secret: string): PurposeKeys {
  return {
    click: derive(secret, "click"),
    unsubscribe: derive(secret, "unsubscribe"),
    pixel: Buffer.from(secret),
  };
}

function fingerprintOf(keys: PurposeKeys): string {
  return crypto.createHmac("sha256", keys.unsubscribe).update("cartback/key-fingerprint/v1").digest("hex");
}

const listed = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

interface SigningRing {
  current: PurposeKeys;
  /** The current keys first (most links), each secret once. */
  accepted: PurposeKeys[];
}

let ring: SigningRing | undefined;

function signingRing(): SigningRing {
  if (!ring) {
    const current = env.LINK_SIGNING_KEY
      ? linkKeys(env.LINK_SIGNING_KEY)
      : apiSecretKeys(env.SHOPIFY_API_SECRET);
    const candidates = [
      current,
      ...listed(env.LINK_SIGNING_KEY_PREVIOUS).map(linkKeys),
      apiSecretKeys(env.SHOPIFY_API_SECRET),
      ...listed(env.SHOPIFY_API_SECRET_PREVIOUS).map(apiSecretKeys),
    ];
    const accepted = new Map<string, PurposeKeys>();
    for (const keys of candidates)
      if (!accepted.has(fingerprintOf(keys))) accepted.set(fingerprintOf(keys), keys);
    ring = { current, accepted: [...accepted.values()] };
  }
  return ring;
}

/** HMAC-SHA256 of a message under the current key for this purpose. */
export function currentMac(purpose: SigningPurpose, message: string): Buffer {
  return crypto.createHmac("sha256", signingRing().current[purpose]).update(message).digest();
}

/** The HMAC of a message under every accepted key for this purpose: a value matching one of them is genuine. */
export function acceptedMacs(purpose: SigningPurpose, message: string): Buffer[] {
  return signingRing().accepted.map((keys) =>
    crypto.createHmac("sha256", keys[purpose]).update(message).digest(),
  );
}

/**
 * Fingerprints (one-way, never the keys) of the key that signs new links and of every key accepted, for the
 * startup check that no key which signed links already sent has gone.
 */
export function linkKeyFingerprints(): { current: string; accepted: string[] } {
  const { current, accepted } = signingRing();
  return { current: fingerprintOf(current), accepted: accepted.map(fingerprintOf) };
}

export function signToken(purpose: TokenPurpose, payload: string): string {
  const encoded = Buffer.from(payload, "utf8").toString("base64url");
  const signature = currentMac(purpose, encoded).subarray(0, SIGNATURE_BYTES);
  return `${encoded}.${signature.toString("base64url")}`;
}

/** The payload of a valid token for this purpose, or null for anything altered, forged or malformed. */
export function verifyToken(purpose: TokenPurpose, token: string): string | null {
  if (token.length > 512) return null;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return null;
  const [, encoded, signature] = match as unknown as [string, string, string];
  const given = Buffer.from(signature, "base64url");
  if (given.length !== SIGNATURE_BYTES) return null;
  const genuine = acceptedMacs(purpose, encoded).some((mac) =>
    crypto.timingSafeEqual(given, mac.subarray(0, SIGNATURE_BYTES)),
  );
  return genuine ? Buffer.from(encoded, "base64url").toString("utf8") : null;
}
