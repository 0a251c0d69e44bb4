import { databaseProvider, Prisma } from "~/db.server";
import { env } from "~/lib/env.server";
import { SLOT_SECONDS } from "./slots";

/**
 * What the raw aggregate queries share. Everything else in them is the same SQL on SQLite and PostgreSQL;
 * only turning a timestamp into epoch seconds differs (SQLite keeps ISO-8601 text, PostgreSQL a TIMESTAMP).
 */

/**
 * A number from a raw aggregate. Drivers return COUNT and integer SUM as bigint, PostgreSQL's NUMERIC as a
 * Decimal (or string), floating sums as numbers, and an empty SUM as null (zero rows: 0).
 */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  const parsed = Number(String(value));
  if (Number.isNaN(parsed)) throw new TypeError(`not a number from the database: ${String(value)}`);
  return parsed;
}

/** Timestamp columns the daily series groups by; a closed list, since it is spliced into SQL. */
export type SlotColumn = '"anchorAt"' | '"recoveredAt"';

/**
 * The quarter-hour (epoch seconds / SLOT_SECONDS) of a timestamp column. Rows grouped by quarter-hour can be
 * put in the shop's days exactly (./slots.ts), and the grouping is bounded by the period's length, never by the
 * number of rows. The report rollups' triggers compute slots with the same expressions
 * (scripts/report-rollups-sql.mjs).
 */
export function slotOf(column: SlotColumn): Prisma.Sql {
  return databaseProvider(env.DATABASE_URL) === "postgresql"
    ? Prisma.raw(`FLOOR(EXTRACT(EPOCH FROM ${column}) / ${SLOT_SECONDS})`)
    : Prisma.raw(`(CAST(strftime('%s', ${column}) AS INTEGER) / ${SLOT_SECONDS})`);
}
