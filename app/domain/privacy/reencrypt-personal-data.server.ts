import { prisma } from "~/db.server";
import { decryptField, encryptField, isEnvelope, isSealedByOldKey } from "~/lib/encryption.server";

/**
 * Every column that holds a sealed envelope, by table. A new sealed column must be listed here, or a key
 * rotation would leave it readable only with the old key (the test seeds every one of them).
 */
export const SEALED_COLUMNS = {
  checkout: ["email", "firstName", "recoveryUrl"],
  order: ["email"],
  privacyRequest: ["export"],
  // Shopify's access and refresh tokens (app/lib/sealed-session-storage.server.ts).
  session: ["accessToken", "refreshToken"],
} as const;

type Table = keyof typeof SEALED_COLUMNS;
type Row = { id: string; shop: string } & Record<string, string | null>;

interface TableAccess {
  findMany(args: unknown): Promise<Row[]>;
  updateMany(args: unknown): Promise<{ count: number }>;
}

const BATCH = 500;

/** Sealed by an older key, or (a session stored before tokens were sealed) not sealed at all. */
function needsSealing(value: string | null | undefined): value is string {
  if (value === null || value === undefined || value === "") return false;
  return !isEnvelope(value) || isSealedByOldKey(value);
}

function sealAgain(shop: string, value: string): string | null {
  return encryptField(shop, isEnvelope(value) ? decryptField(shop, value) : value);
}

/**
 * After a key rotation: seals again, under the current DATA_ENCRYPTION_KEY, every envelope an older key
 * sealed (DATA_ENCRYPTION_KEY_PREVIOUS must still list it). Each row is updated only if its sealed values are
 * still the ones read, so a concurrent write is never undone; run it again until it reports nothing left.
 * Returns how many envelopes were sealed again, per table.
 */
export async function reencryptPersonalData({ batchSize = BATCH } = {}): Promise<Record<Table, number>> {
  const counts = { checkout: 0, order: 0, privacyRequest: 0, session: 0 } as Record<Table, number>;
  for (const table of Object.keys(SEALED_COLUMNS) as Table[]) {
    const columns = SEALED_COLUMNS[table];
    const access = prisma[table] as unknown as TableAccess;
    let cursor: string | undefined;
    for (;;) {
      const rows = await access.findMany({
        select: { id: true, shop: true, ...Object.fromEntries(columns.map((column) => [column, true])) },
        orderBy: { id: "asc" },
        take: batchSize,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1]?.id;
      for (const row of rows) {
        const stale = columns.filter((column) => needsSealing(row[column]));
        if (stale.length === 0) continue;
        const data = Object.fromEntries(
          stale.map((column) => [column, sealAgain(row.shop, row[column] as string)]),
        );
        const unchanged = Object.fromEntries(stale.map((column) => [column, row[column]]));
        const { count } = await access.updateMany({
          where: { id: row.id, shop: row.shop, ...unchanged },
          data,
        });
        if (count === 1) counts[table] += stale.length;
      }
    }
  }
  return counts;
}
