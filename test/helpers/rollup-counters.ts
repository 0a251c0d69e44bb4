import { Prisma } from "~/db.server";

/** Each rollup table's counters. Its other columns but `bucket` are its key (summed over its buckets). */
export const ROLLUP_COUNTERS = {
  CheckoutRollup: [
    "checkouts",
    "emailed",
    "emailedRecovered",
    "recovered",
    "revenueMinor",
    "revenueSquares",
    "emails",
    "discountMinor",
    "discountSquares",
    "profitMinor",
    "profitSquares",
  ],
  RecoveryRollup: ["orders", "revenueMinor"],
  EmailRollup: ["sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor"],
  SeriesRollup: ["abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor"],
  CreditRollup: ["credited", "revenueMinor"],
} as const;
export type RollupTable = keyof typeof ROLLUP_COUNTERS;
export const ROLLUP_TABLES = Object.keys(ROLLUP_COUNTERS) as RollupTable[];

export function keyOf(table: RollupTable): string[] {
  const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[
    `${table}ScalarFieldEnum`
  ];
  if (!fields) throw new Error(`no scalar field list for ${table}`);
  const counters: readonly string[] = ROLLUP_COUNTERS[table];
  return Object.values(fields).filter((column) => column !== "bucket" && !counters.includes(column));
}
