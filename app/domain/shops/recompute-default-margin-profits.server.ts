import type { DbTransaction } from "~/db.server";

/**
 * When the merchant changes the default margin, the profit of every recovered enrolment that used it (its
 * cost of goods unknown, so profit = round(merchandise x margin) - our discount) is recomputed, so the
 * dashboard never adds profits made with two margins. One statement, the same on SQLite and PostgreSQL:
 * integer arithmetic (BIGINT, as merchandise x 100 may pass 2^31), half up as attribution's marginOfMinor
 * (app/domain/attribution/order-profit.ts) rounds, which a test holds it to. The report rollups' triggers see
 * each row's change like any other write. Inside the settings save's transaction.
 *
 * The engine owns enrolments, but shops cannot ask it (it depends on shops), and attribution already writes
 * these columns: this one statement is the only enrolment write here. An order attributed while the save
 * commits may keep the old margin (its transaction read the settings first): a rare race, left as it is.
 */
export async function recomputeDefaultMarginProfits(
  tx: DbTransaction,
  shop: string,
  { marginPercent, now }: { marginPercent: number; now: Date },
): Promise<number> {
  return tx.$executeRaw`
    UPDATE "Enrollment" SET
      "profitMinor" =
        (CAST("merchandiseMinor" AS BIGINT) * CAST(${marginPercent} AS INTEGER) + 50) / 100
          - COALESCE("discountMinor", 0),
      "updatedAt" = ${now}
    WHERE "shop" = ${shop} AND "recoveredOrderId" IS NOT NULL AND "merchandiseMinor" IS NOT NULL
      AND "costOfGoodsMinor" IS NULL`;
}
