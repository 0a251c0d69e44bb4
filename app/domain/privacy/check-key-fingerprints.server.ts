import { isUniqueViolation, prisma, type Db } from "~/db.server";
import { decryptField, hashEmail, hashKeyFingerprint } from "~/lib/encryption.server";
import { linkKeyFingerprints } from "~/lib/signed-token.server";

/**
 * Checked before the server starts, against the fingerprints the database keeps (model KeyFingerprint): a
 * configuration that would forget every opt-out, or break the unsubscribe links already sent, refuses to start
 * with a message saying what to set, instead of running and emailing shoppers who said no.
 *
 * - The email hash key: suppressions, consent and frequency caps hold only keyed hashes of addresses, which
 *   match only under the key they were made with. The first start records its fingerprint; any other key
 *   refuses.
 * - Link signing keys: every key that has signed links is recorded; a start where one of them is no longer
 *   accepted (a rotated SHOPIFY_API_SECRET or LINK_SIGNING_KEY not kept as a previous one) refuses.
 */

export type KeyCheck = { ok: true } | { ok: false; reason: string };

const EMAIL_HASH = "EMAIL_HASH";
const LINK_SIGNING = "LINK_SIGNING";
/** How many of the oldest stored addresses a database without a fingerprint is checked against. */
const UPGRADE_SAMPLE = 10;

const short = (fingerprint: string) => fingerprint.slice(0, 12);

async function storedFingerprints(db: Db, purpose: string) {
  return db.keyFingerprint.findMany({
    where: { purpose },
    select: { fingerprint: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
}

/** Records a fingerprint once; another instance starting at the same moment may have recorded it first. */
async function recordFingerprint(db: Db, purpose: string, fingerprint: string) {
  try {
    await db.keyFingerprint.create({ data: { purpose, fingerprint } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/**
 * For a database from before fingerprints were kept: the oldest checkouts whose address is still stored are
 * hashed again with the configured key (the oldest, since hashes made after a bad rotation would match it).
 * App-wide on purpose: the key is. An address that cannot be opened is no evidence either way.
 */
async function storedHashesDisagree(db: Db): Promise<boolean> {
  const rows = await db.checkout.findMany({
    where: { email: { not: null }, emailHash: { not: null } },
    select: { shop: true, email: true, emailHash: true },
    orderBy: { createdAt: "asc" },
    take: UPGRADE_SAMPLE,
  });
  for (const row of rows) {
    const email = readableEmail(row.shop, row.email);
    if (email) return hashEmail(row.shop, email) !== row.emailHash;
  }
  return false;
}

function readableEmail(shop: string, envelope: string | null): string | null {
  try {
    return decryptField(shop, envelope);
  } catch {
    return null;
  }
}

function hashKeyRefusal(source: string, evidence: string): string {
  return (
    `Refusing to start: the email hashes in this database (unsubscribes, bounces, consent, frequency caps) ` +
    `were made with another key than ${source} (${evidence}); starting would email shoppers who opted out. ` +
    `Set DATA_HASH_KEY to the key they were made with: the first DATA_ENCRYPTION_KEY this database ran with ` +
    `(after a rotation, the old key). See docs/reliability.md, key rotation.`
  );
}

/** The email hash key is the one the stored hashes were made with; recorded on the first start. */
export async function checkHashKey(db: Db = prisma): Promise<KeyCheck> {
  const { fingerprint, source } = hashKeyFingerprint();
  let stored = await storedFingerprints(db, EMAIL_HASH);
  if (stored.length === 0) {
    if (await storedHashesDisagree(db))
      return { ok: false, reason: hashKeyRefusal(source, "a stored address hashes differently with it") };
    await recordFingerprint(db, EMAIL_HASH, fingerprint);
    stored = await storedFingerprints(db, EMAIL_HASH);
  }
  const other = stored.find((row) => row.fingerprint !== fingerprint);
  if (other) {
    const evidence = `stored fingerprint ${short(other.fingerprint)}, configured ${short(fingerprint)}`;
    return { ok: false, reason: hashKeyRefusal(source, evidence) };
  }
  return { ok: true };
}

/** Every key that has signed links is still accepted; the one signing from now on is recorded. */
export async function checkLinkKeys(db: Db = prisma): Promise<KeyCheck> {
  const { current, accepted } = linkKeyFingerprints();
  const stored = await storedFingerprints(db, LINK_SIGNING);
  const gone = stored.find((row) => !accepted.includes(row.fingerprint));
  if (gone) {
    return {
      ok: false,
      reason:
        `Refusing to start: links already sent (unsubscribe and tracked links) were signed with a key that is ` +
        `no longer configured (fingerprint ${short(gone.fingerprint)}, signing since ` +
        `${gone.createdAt.toISOString().slice(0, 10)}), and would stop working. Put the replaced ` +
        `SHOPIFY_API_SECRET in SHOPIFY_API_SECRET_PREVIOUS, or the replaced LINK_SIGNING_KEY in ` +
        `LINK_SIGNING_KEY_PREVIOUS. See docs/reliability.md, key rotation.`,
    };
  }
  if (!stored.some((row) => row.fingerprint === current)) await recordFingerprint(db, LINK_SIGNING, current);
  return { ok: true };
}

/** Both checks, before the server starts. */
export async function checkKeyFingerprints(db: Db = prisma): Promise<KeyCheck> {
  const hashKey = await checkHashKey(db);
  return hashKey.ok ? checkLinkKeys(db) : hashKey;
}
