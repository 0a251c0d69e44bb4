import { prisma, Prisma, type DbTransaction } from "~/db.server";
import { hashIdentifier } from "./encryption.server";

/**
 * Tombstones of Shopify identifiers whose data Cartback erased. A redaction rewrites a checkout's token and an
 * order's id to placeholders, and a deletion drops a checkout's personal fields; without a record of the old
 * identifiers, a late or retried delivery naming them (Shopify retries for 48 hours, and delivers out of order)
 * would store the shopper again, and email them. Only keyed hashes are kept, per shop: nothing here can be read
 * back, nor matched without both the identifier and the key. shop/redact erases them with the rest of the shop.
 */

export const ERASED_IDENTIFIER_KIND = {
  CHECKOUT_TOKEN: "CHECKOUT_TOKEN",
  CART_TOKEN: "CART_TOKEN",
  CHECKOUT_ID: "CHECKOUT_ID",
  ORDER_ID: "ORDER_ID",
} as const;
export type ErasedIdentifierKind = (typeof ERASED_IDENTIFIER_KIND)[keyof typeof ERASED_IDENTIFIER_KIND];

export const ERASURE_REASON = {
  /** customers/redact: the shopper asked to be forgotten. */
  REDACTED: "REDACTED",
  /** checkouts/delete: Shopify deleted the checkout. */
  DELETED: "DELETED",
} as const;
export type ErasureReason = (typeof ERASURE_REASON)[keyof typeof ERASURE_REASON];

type Values = ReadonlyArray<string | null | undefined>;

/** Identifiers of one delivery or of erased rows; missing values are ignored. */
export interface ShopifyIdentifiers {
  checkoutTokens?: Values;
  cartTokens?: Values;
  checkoutIds?: Values;
  orderIds?: Values;
}

export interface ErasedMatch {
  kind: ErasedIdentifierKind;
  reason: ErasureReason;
}

/** Rows per INSERT: far below either database's limit on bound parameters. */
const INSERT_CHUNK = 200;

function hashed(shop: string, identifiers: ShopifyIdentifiers) {
  const groups: Array<[ErasedIdentifierKind, Values | undefined]> = [
    [ERASED_IDENTIFIER_KIND.CHECKOUT_TOKEN, identifiers.checkoutTokens],
    [ERASED_IDENTIFIER_KIND.CART_TOKEN, identifiers.cartTokens],
    [ERASED_IDENTIFIER_KIND.CHECKOUT_ID, identifiers.checkoutIds],
    [ERASED_IDENTIFIER_KIND.ORDER_ID, identifiers.orderIds],
  ];
  const byHash = new Map<string, ErasedIdentifierKind>();
  for (const [kind, values] of groups) {
    for (const value of values ?? []) {
      if (value) byHash.set(hashIdentifier(shop, kind, value), kind);
    }
  }
  return byHash;
}

/** Remembers the identifiers as erased for `reason`; recording one twice changes nothing. */
export async function recordErasedIdentifiers(
  tx: DbTransaction,
  shop: string,
  identifiers: ShopifyIdentifiers,
  { reason, now }: { reason: ErasureReason; now: Date },
): Promise<void> {
  const rows = [...hashed(shop, identifiers)];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const values = rows
      .slice(start, start + INSERT_CHUNK)
      .map(([hash, kind]) => Prisma.sql`(${shop}, ${hash}, ${kind}, ${reason}, ${now})`);
    await tx.$executeRaw`
      INSERT INTO "ErasedIdentifier" ("shop", "hash", "kind", "reason", "erasedAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("shop", "hash", "reason") DO NOTHING`;
  }
}

/**
 * The first of the identifiers that the shop erased (for one of `reasons`, or any), or null. Its kind and
 * reason name no one and may be logged.
 */
export async function findErasedIdentifier(
  tx: DbTransaction,
  shop: string,
  identifiers: ShopifyIdentifiers,
  { reasons }: { reasons?: ErasureReason[] } = {},
): Promise<ErasedMatch | null> {
  const hashes = [...hashed(shop, identifiers).keys()];
  if (hashes.length === 0) return null;
  // Plain SQL: it runs on every checkout and order delivery, and through the ORM it cost a third of the
  // webhook ingest's CPU (bench/ingest.ts).
  const onlyFor = reasons ? Prisma.sql`AND "reason" IN (${Prisma.join(reasons)})` : Prisma.empty;
  const [match] = await tx.$queryRaw<Array<{ kind: string; reason: string }>>`
    SELECT "kind", "reason" FROM "ErasedIdentifier"
    WHERE "shop" = ${shop} AND "hash" IN (${Prisma.join(hashes)}) ${onlyFor}
    LIMIT 1`;
  return match ? { kind: match.kind as ErasedIdentifierKind, reason: match.reason as ErasureReason } : null;
}

/**
 * A deleted checkout's tombstone only has to outlive Shopify's retries of deliveries made before the delete
 * (48 hours); a week later it is dropped. A redacted shopper's stay until shop/redact.
 */
/**
 * findErasedIdentifier and one more scalar lookup of the caller's (`also`: a query answering one value or
 * none) in a single round trip: checkout deliveries ask both on every delivery, and a second statement cost
 * about a seventh of the webhook ingest's throughput (bench/ingest.ts).
 */
export async function findErasedIdentifierAnd(
  tx: DbTransaction,
  shop: string,
  identifiers: ShopifyIdentifiers,
  also: Prisma.Sql,
): Promise<{ erased: ErasedMatch | null; also: string | null }> {
  const hashes = [...hashed(shop, identifiers).keys()];
  const erased =
    hashes.length === 0
      ? Prisma.sql`NULL`
      : Prisma.sql`(SELECT "kind" || ' ' || "reason" FROM "ErasedIdentifier"
          WHERE "shop" = ${shop} AND "hash" IN (${Prisma.join(hashes)}) LIMIT 1)`;
  const [row] = await tx.$queryRaw<Array<{ erased: string | null; also: string | null }>>`
    SELECT ${erased} AS "erased", (${also}) AS "also"`;
  const [kind, reason] = row?.erased?.split(" ") ?? [];
  return {
    erased: kind && reason ? { kind: kind as ErasedIdentifierKind, reason: reason as ErasureReason } : null,
    also: row?.also ?? null,
  };
}

export const DELETION_TOMBSTONE_DAYS = 7;

export async function pruneDeletionTombstones(now: Date): Promise<number> {
  const { count } = await prisma.erasedIdentifier.deleteMany({
    where: {
      reason: ERASURE_REASON.DELETED,
      erasedAt: { lt: new Date(now.getTime() - DELETION_TOMBSTONE_DAYS * 24 * 60 * 60 * 1000) },
    },
  });
  return count;
}
