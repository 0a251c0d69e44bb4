import { databaseProvider, Prisma } from "~/db.server";
import { env } from "~/lib/env.server";

/**
 * What raw aggregate queries share on both databases: turning a timestamp column into its quarter-hour, and
 * reading back a number from a raw aggregate.
 */

/** A quarter-hour in seconds: the slot raw aggregates group timestamps by. */
export const QUARTER_HOUR_SECONDS = 15 * 60;

/**
 * The quarter-hour (epoch seconds / QUARTER_HOUR_SECONDS) of a timestamp column: SQLite keeps ISO-8601 text,
 * PostgreSQL a TIMESTAMP. Rows grouped by quarter-hour can be put in a shop's local days and hours exactly,
 * and the grouping is bounded by the period's length, never by the number of rows. `column` is spliced into
 * the SQL: callers pass a closed list of quoted column names. (SQLite's unixepoch() gives what
 * CAST(strftime('%s') AS INTEGER) gives, in half the time.)
 */
export function quarterHourOf(column: string): Prisma.Sql {
  return databaseProvider(env.DATABASE_URL) === "postgresql"
    ? Prisma.raw(`FLOOR(EXTRACT(EPOCH FROM ${column}) / ${QUARTER_HOUR_SECONDS})`)
    : Prisma.raw(`(unixepoch(${column}) / ${QUARTER_HOUR_SECONDS})`);
}

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
