import type { Prisma } from "~/db.server";
import { quarterHourOf } from "~/lib/sql-slots.server";

export { toNumber } from "~/lib/sql-slots.server";

/**
 * What the raw aggregate queries share. Everything else in them is the same SQL on SQLite and PostgreSQL;
 * only turning a timestamp into epoch seconds differs (SQLite keeps ISO-8601 text, PostgreSQL a TIMESTAMP).
 */

/** Timestamp columns the daily series groups by; a closed list, since it is spliced into SQL. */
export type SlotColumn = '"anchorAt"' | '"recoveredAt"';

/**
 * The quarter-hour (epoch seconds / SLOT_SECONDS) of a timestamp column. Rows grouped by quarter-hour can be
 * put in the shop's days exactly (./slots.ts), and the grouping is bounded by the period's length, never by the
 * number of rows. The report rollups' triggers compute slots with the same expressions
 * (scripts/report-rollups-sql.mjs).
 */
export function slotOf(column: SlotColumn): Prisma.Sql {
  return quarterHourOf(column);
}
