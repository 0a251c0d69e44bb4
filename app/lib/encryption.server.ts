import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env, isProduction } from "./env.server";
import { logger } from "./logger.server";

/**
 * Shoppers' personal fields (email, names, recovery links) are stored as AES-256-GCM envelopes, and emails
 * also as a keyed hash (HMAC-SHA256) for the lookups that need equality: matching orders, suppression,
 * redaction. Both keys are derived from DATA_ENCRYPTION_KEY with HKDF, so one secret serves both purposes
 * without one key doing two jobs.
 *
 * Envelope: `v1.<key id>.<base64url(iv ‖ ciphertext ‖ tag)>`. The key id names the key that sealed it, so a
 * rotated key can still open old envelopes. The shop's domain is bound as additional authenticated data: an
 * envelope copied into another shop's row does not open.
 */

const ENVELOPE_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface DataKeys {
  id: string;
  encryption: Buffer;
  hashing: Buffer;
}

export function decodeKey(value: string): Buffer {
  const trimmed = value.trim();
  return /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
}

export function deriveKeys(master: Buffer): DataKeys {
  const derive = (info: string) => Buffer.from(crypto.hkdfSync("sha256", master, Buffer.alloc(0), info, 32));
  const encryption = derive("cartback/field-encryption/v1");
  const hashing = derive("cartback/email-hash/v1");
  const id = crypto.createHash("sha256").update(encryption).digest("hex").slice(0, 8);
  return { id, encryption, hashing };
}

/**
 * Outside production a missing key is generated once and kept in data/dev-encryption.key, so development
 * data stays readable across restarts. Production refuses to boot without DATA_ENCRYPTION_KEY (env.server).
 */
function developmentKey(): Buffer {
  const file = path.resolve("data", "dev-encryption.key");
  if (fs.existsSync(file)) return decodeKey(fs.readFileSync(file, "utf8"));
  const key = crypto.randomBytes(32);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, key.toString("base64"), { mode: 0o600 });
  logger.warn({ file }, "DATA_ENCRYPTION_KEY is not set; generated a development key");
  return key;
}

interface KeyRing {
  /** Seals every new envelope; its hashing key is used unless DATA_HASH_KEY names another. */
  current: DataKeys;
  /** Encryption keys by id: the current one and the ones it replaced (DATA_ENCRYPTION_KEY_PREVIOUS). */
  encryptionById: Map<string, Buffer>;
  hashing: Buffer;
  /** Where the hashing key comes from, for messages: a variable's name or the development key's file. */
  hashingSource: string;
}

let ring: KeyRing | undefined;

/**
 * Key rotation: a new DATA_ENCRYPTION_KEY seals from now on, the old ones in DATA_ENCRYPTION_KEY_PREVIOUS
 * still open what they sealed, and `npm run data:reencrypt` seals it again under the new key. The hashes are
 * lookups, not secrets kept for reading, and several tables hold only a hash (suppressions, sends), which
 * cannot be recomputed without the address: so DATA_HASH_KEY keeps them on the first key through rotations.
 */
function keys(): KeyRing {
  if (!ring) {
    if (!env.DATA_ENCRYPTION_KEY && isProduction)
      throw new Error("DATA_ENCRYPTION_KEY is required in production");
    const current = deriveKeys(
      env.DATA_ENCRYPTION_KEY ? decodeKey(env.DATA_ENCRYPTION_KEY) : developmentKey(),
    );
    const previous = (env.DATA_ENCRYPTION_KEY_PREVIOUS ?? "")
      .split(",")
      .filter((key) => key.trim() !== "")
      .map((key) => deriveKeys(decodeKey(key)));
    ring = {
      current,
      encryptionById: new Map([current, ...previous].reverse().map((keys) => [keys.id, keys.encryption])),
      hashing: env.DATA_HASH_KEY ? deriveKeys(decodeKey(env.DATA_HASH_KEY)).hashing : current.hashing,
      hashingSource: env.DATA_HASH_KEY
        ? "DATA_HASH_KEY"
        : env.DATA_ENCRYPTION_KEY
          ? "DATA_ENCRYPTION_KEY (DATA_HASH_KEY is not set)"
          : "the development key in data/dev-encryption.key",
    };
  }
  return ring;
}

/** The id of the key new envelopes are sealed with. */
export function currentKeyId(): string {
  return keys().current.id;
}

/**
 * A fingerprint of the hashing key: an HMAC of a fixed label under it, so it names the key without revealing it.
 * The database keeps the one its hashes were made with, and the server refuses to start with another
 * (app/domain/privacy/check-key-fingerprints.server.ts).
 */
export function hashKeyFingerprint(): { fingerprint: string; source: string } {
  const { hashing, hashingSource } = keys();
  const fingerprint = crypto
    .createHmac("sha256", hashing)
    .update("cartback/key-fingerprint/v1")
    .digest("hex");
  return { fingerprint, source: hashingSource };
}

/** Whether an envelope was sealed by a key other than the current one (and should be sealed again). */
export function isSealedByOldKey(envelope: string | null | undefined): boolean {
  return typeof envelope === "string" && envelope.split(".")[1] !== keys().current.id;
}

/** Seals a personal field for one shop; null and empty stay null. */
export function encryptField(shop: string, plaintext: string | null | undefined): string | null {
  if (plaintext === null || plaintext === undefined || plaintext === "") return null;
  const { id, encryption } = keys().current;
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", encryption, iv);
  cipher.setAAD(Buffer.from(shop));
  const sealed = Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${ENVELOPE_VERSION}.${id}.${sealed.toString("base64url")}`;
}

export function isEnvelope(value: unknown): value is string {
  return typeof value === "string" && /^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/.test(value);
}

/** Opens an envelope sealed for `shop`; throws if it was altered, sealed for another shop, or by an unknown key. */
export function decryptField(shop: string, envelope: string | null | undefined): string | null {
  if (envelope === null || envelope === undefined) return null;
  const [version, keyId, payload] = envelope.split(".");
  if (version !== ENVELOPE_VERSION || !keyId || !payload) throw new Error("not an encrypted field");
  const encryption = keys().encryptionById.get(keyId);
  if (!encryption) throw new Error(`encrypted with an unknown key (${keyId})`);
  const sealed = Buffer.from(payload, "base64url");
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error("encrypted field is truncated");
  const decipher = crypto.createDecipheriv("aes-256-gcm", encryption, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(shop));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]).toString("utf8");
}

export type OpenedField = { readable: true; value: string | null } | { readable: false; error: string };

/**
 * decryptField for work that must go on past one bad value: a field altered in the database, or sealed with a
 * key no longer configured, is reported (with the cause, which holds no data) instead of thrown.
 */
export function openField(shop: string, envelope: string | null | undefined): OpenedField {
  try {
    return { readable: true, value: decryptField(shop, envelope) };
  } catch (error) {
    return { readable: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const EMAIL_SHAPE = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** Trimmed and lowercased, or null when it cannot be an address (such a checkout is stored, never emailed). */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (typeof raw !== "string") return null;
  const email = raw.trim().toLowerCase();
  return email.length <= 254 && EMAIL_SHAPE.test(email) ? email : null;
}

/**
 * Keyed hash of a normalised email within one shop: the same address gives the same hash in that shop, nothing
 * reverses it without the key, and the same shopper cannot be linked across shops.
 */
export function hashEmail(shop: string, email: string): string {
  return crypto.createHmac("sha256", keys().hashing).update(`${shop}\n${email}`).digest("hex");
}

/**
 * Keyed hash of a name for exact-match search by the merchant ("jane" finds Jane), without storing the name
 * in a form that can be read or searched by prefix.
 */
export function hashName(shop: string, name: string): string {
  const normalized = name.normalize("NFKC").trim().toLowerCase();
  return crypto.createHmac("sha256", keys().hashing).update(`name\n${shop}\n${normalized}`).digest("hex");
}

/**
 * Keyed hash of one of Shopify's identifiers (a checkout token, an order id) within one shop, for remembering
 * that it was erased without keeping it. `kind` separates the namespaces, so a token never matches an order id.
 */
export function hashIdentifier(shop: string, kind: string, value: string): string {
  return crypto.createHmac("sha256", keys().hashing).update(`id\n${kind}\n${shop}\n${value}`).digest("hex");
}
