import { describe, expect, it } from "vitest";
import { migrateOnPostgres, migrateOnSqlite, type Query } from "../test/helpers/migrations";

// The migration that rebuilt the report rollups for offer tests and profit: recoveries attributed before it get
// their discount (our codes on the recovered order), merchandise (its subtotal plus that discount) and profit
// at the default margin of 50%; the rollups are filled again from the rows, per segment (none: "Everyone
// else") and offer arm, and the credited emails by the order's date. Run on the committed SQL of both
// providers, as `migrate deploy` would.
const MIGRATION = "20261205042016_segment_offer_rollups";

const AT = "2026-11-10 12:00:00";
const ORDER_AT = "2026-11-11 12:00:00";
const checkout = (id: string) =>
  `INSERT INTO "Checkout" ("id", "shop", "token", "currency", "subtotalMinor", "totalMinor", "lineItems", "lineItemCount", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt")
   VALUES ('c-${id}', 'a.myshopify.com', 't-${id}', 'USD', 10000, 10000, '[]', 1, '${AT}', '${AT}', '${AT}')`;
const enrollment = (id: string, status: string, arm: string, segment: string | null, order: string | null) =>
  `INSERT INTO "Enrollment" ("id", "shop", "checkoutId", "status", "arm", "segmentId", "anchorAt", "enrolledAt", "stepsSent", "firstSentAt", "recoveredOrderId", "recoveredAt", "recoveredByEmail", "recoveredMinor", "updatedAt")
   VALUES ('e-${id}', 'a.myshopify.com', 'c-${id}', '${status}', '${arm}', ${segment ? `'${segment}'` : "NULL"}, '${AT}', '${AT}',
     ${arm === "HOLDOUT" ? 0 : 1}, ${arm === "HOLDOUT" ? "NULL" : `'${AT}'`}, ${order ? `'${order}'` : "NULL"},
     ${order ? `'${ORDER_AT}'` : "NULL"}, ${order ? (arm === "HOLDOUT" ? "FALSE" : "TRUE") : "NULL"}, ${order ? 11000 : "NULL"}, '${AT}')`;
const order = (id: string, subtotal: number) =>
  `INSERT INTO "Order" ("id", "shop", "orderId", "discountCodes", "lines", "currency", "totalMinor", "subtotalMinor", "presentmentCurrency", "presentmentTotalMinor", "shopifyCreatedAt")
   VALUES ('row-${id}', 'a.myshopify.com', '${id}', '[]', '[]', 'USD', 11000, ${subtotal}, 'USD', 11000, '${ORDER_AT}')`;

const SEED = [
  `INSERT INTO "Shop" ("domain", "updatedAt") VALUES ('a.myshopify.com', '${AT}')`,
  ...["coded", "plain", "held", "open"].map(checkout),
  // Recovered with our code (1,000 off a 9,000 subtotal), recovered without one, held out and recovered on its
  // own, and not recovered.
  enrollment("coded", "STOPPED", "TREATMENT", "seg-1", "o-coded"),
  enrollment("plain", "STOPPED", "TREATMENT", null, "o-plain"),
  enrollment("held", "HOLDOUT", "HOLDOUT", "default", "o-held"),
  enrollment("open", "COMPLETED", "TREATMENT", "seg-1", null),
  order("o-coded", 9000),
  order("o-plain", 10000),
  order("o-held", 8000),
  `INSERT INTO "DiscountCode" ("id", "shop", "enrollmentId", "code", "kind", "percentOff", "minimumSubtotalMinor", "currency", "status", "startsAt", "expiresAt", "usedOrderId", "usedAt", "discountMinor", "updatedAt")
   VALUES ('d-1', 'a.myshopify.com', 'e-coded', 'CB-1', 'PERCENTAGE', 10, 0, 'USD', 'ACTIVE', '${AT}', '2026-11-20 00:00:00', 'o-coded', '${ORDER_AT}', 1000, '${AT}')`,
  `INSERT INTO "RecoverySend" ("id", "shop", "enrollmentId", "checkoutId", "step", "status", "idempotencyKey", "sentAt", "updatedAt")
   VALUES ('s-1', 'a.myshopify.com', 'e-coded', 'c-coded', 1, 'SENT', 'k-1', '${AT}', '${AT}')`,
];

async function expectMigrated(query: Query) {
  const profit = await query(
    `SELECT "id", "merchandiseMinor", "discountMinor", "profitMinor", "costOfGoodsMinor" FROM "Enrollment" ORDER BY "id"`,
  );
  expect(
    profit.map((row) => Object.values(row).map((value) => (value === null ? null : String(value)))),
  ).toEqual([
    ["e-coded", "10000", "1000", "4000", null],
    ["e-held", "8000", "0", "4000", null],
    ["e-open", null, null, null, null],
    ["e-plain", "10000", "0", "5000", null],
  ]);
  // The day rows of the checkout rollup, by segment and offer arm: the enrolment without one is "Everyone else".
  const cohort = await query(
    `SELECT "segment", "arm", SUM("checkouts") AS "checkouts", SUM("profitMinor") AS "profit", SUM("discountMinor") AS "discount", SUM("emails") AS "emails"
     FROM "CheckoutRollup" WHERE "grain" = 86400 GROUP BY "segment", "arm" ORDER BY "segment", "arm"`,
  );
  expect(cohort.map((row) => Object.values(row).map(String))).toEqual([
    ["default", "HOLDOUT", "1", "4000", "0", "0"],
    ["default", "TREATMENT", "1", "5000", "0", "1"],
    ["seg-1", "TREATMENT", "2", "4000", "1000", "2"],
  ]);
  const credited = await query(
    `SELECT "step", "credited", "revenueMinor" FROM "CreditRollup" WHERE "grain" = 86400`,
  );
  expect(credited.map((row) => Object.values(row).map(String))).toEqual([["1", "1", "11000"]]);
  // The new triggers keep them: a new enrolment of an offer arm shows at once.
  await query(checkout("later"));
  await query(
    `INSERT INTO "Enrollment" ("id", "shop", "checkoutId", "status", "arm", "segmentId", "offerArm", "anchorAt", "enrolledAt", "updatedAt")
     VALUES ('e-later', 'a.myshopify.com', 'c-later', 'ACTIVE', 'TREATMENT', 'seg-1', 'NO_DISCOUNT', '${AT}', '${AT}', '${AT}')`,
  );
  const arms = await query(
    `SELECT "offerArm", SUM("checkouts") AS "checkouts" FROM "CheckoutRollup" WHERE "grain" = 86400 AND "segment" = 'seg-1' GROUP BY "offerArm" ORDER BY "offerArm"`,
  );
  expect(arms.map((row) => Object.values(row).map(String))).toEqual([
    ["", "2"],
    ["NO_DISCOUNT", "1"],
  ]);
}

describe("the offer and profit rollups migration", () => {
  it("fills the profit of earlier recoveries and rebuilds the rollups on SQLite", () =>
    migrateOnSqlite(MIGRATION, SEED, expectMigrated));

  it.skipIf(!process.env.TEST_POSTGRES_URL)("does the same on PostgreSQL", () =>
    migrateOnPostgres(MIGRATION, SEED, expectMigrated),
  );
});
