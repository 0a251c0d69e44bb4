import { describe, expect, it } from "vitest";
import { migrateOnPostgres, migrateOnSqlite, type Query } from "../test/helpers/migrations";

// The migration that gave the report rollups a bucket in their primary key (docs/decisions/0016): SQLite
// rebuilds the five rollup tables (copying their rows) and PostgreSQL alters them, and the triggers are created
// again with the bucket in their upserts. Run on the committed SQL of both providers, as `migrate deploy` would:
// what was counted before it is still counted after it, and a write after it is counted too.
const MIGRATION = "20261205132103_rollup_buckets";

const SHOP = "a.myshopify.com";
const AT = "2026-11-10 12:00:00";
const SENT_AT = "2026-11-10 13:00:00";
const ORDER_AT = "2026-11-11 12:00:00";
const checkout = (id: string) =>
  `INSERT INTO "Checkout" ("id", "shop", "token", "currency", "subtotalMinor", "totalMinor", "lineItems", "lineItemCount", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt")
   VALUES ('c-${id}', '${SHOP}', 't-${id}', 'USD', 10000, 10000, '[]', 1, '${AT}', '${AT}', '${AT}')`;
const enrollment = (id: string, order: string | null) =>
  `INSERT INTO "Enrollment" ("id", "shop", "checkoutId", "status", "arm", "segmentId", "anchorAt", "enrolledAt", "stepsSent", "firstSentAt", "recoveredOrderId", "recoveredAt", "recoveredByEmail", "recoveredMinor", "updatedAt")
   VALUES ('e-${id}', '${SHOP}', 'c-${id}', 'ACTIVE', 'TREATMENT', 'seg-1', '${AT}', '${AT}', 1, '${SENT_AT}',
     ${order ? `'${order}'` : "NULL"}, ${order ? `'${ORDER_AT}'` : "NULL"}, ${order ? "TRUE" : "NULL"}, ${order ? 11000 : "NULL"}, '${AT}')`;
const send = (id: string) =>
  `INSERT INTO "RecoverySend" ("id", "shop", "enrollmentId", "checkoutId", "step", "status", "idempotencyKey", "sentAt", "updatedAt")
   VALUES ('s-${id}', '${SHOP}', 'e-${id}', 'c-${id}', 1, 'SENT', 'k-${id}', '${SENT_AT}', '${AT}')`;

// Written before the migration: the old triggers count them in the old rollups.
const SEED = [
  `INSERT INTO "Shop" ("domain", "updatedAt") VALUES ('${SHOP}', '${AT}')`,
  checkout("recovered"),
  checkout("open"),
  enrollment("recovered", "o-1"),
  enrollment("open", null),
  send("recovered"),
  send("open"),
];

/** The day figures of the shop, each key's counts summed over its buckets. */
async function dayFigures(query: Query) {
  const [checkouts] = await query(
    `SELECT SUM("checkouts") AS "checkouts", SUM("emails") AS "emails", SUM("recovered") AS "recovered" FROM "CheckoutRollup" WHERE "shop" = '${SHOP}' AND "grain" = 86400`,
  );
  const [emails] = await query(
    `SELECT SUM("sent") AS "sent", SUM("credited") AS "credited" FROM "EmailRollup" WHERE "shop" = '${SHOP}' AND "grain" = 86400`,
  );
  const [credits] = await query(
    `SELECT SUM("credited") AS "credited", SUM("revenueMinor") AS "revenue" FROM "CreditRollup" WHERE "shop" = '${SHOP}' AND "grain" = 86400`,
  );
  const [series] = await query(
    `SELECT SUM("abandoned") AS "abandoned", SUM("recovered") AS "recovered" FROM "SeriesRollup" WHERE "shop" = '${SHOP}'`,
  );
  const [recoveries] = await query(
    `SELECT SUM("orders") AS "orders" FROM "RecoveryRollup" WHERE "shop" = '${SHOP}' AND "grain" = 86400`,
  );
  return Object.fromEntries(
    Object.entries({ ...checkouts, ...emails, ...credits, ...series, ...recoveries }).map(([name, value]) => [
      name,
      Number(value),
    ]),
  );
}

function expectMigratedOn(provider: "sqlite" | "postgresql") {
  return async (query: Query) => {
    expect(await dayFigures(query)).toEqual({
      checkouts: 2,
      emails: 2,
      recovered: 1,
      sent: 2,
      credited: 1,
      revenue: 11000,
      abandoned: 2,
      orders: 1,
    });
    // The rows kept, as bucket 0.
    for (const table of ["CheckoutRollup", "RecoveryRollup", "EmailRollup", "SeriesRollup", "CreditRollup"])
      expect(await query(`SELECT DISTINCT "bucket" FROM "${table}"`), table).toEqual([{ bucket: 0 }]);
    // Every trigger is there again, and a write after the migration is counted.
    const triggers = await query(
      provider === "postgresql"
        ? `SELECT t.tgname::text AS "name" FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
           WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`
        : `SELECT "name" FROM sqlite_master WHERE "type" = 'trigger' ORDER BY 1`,
    );
    expect(triggers.map((row) => row.name)).toEqual(
      provider === "postgresql"
        ? [
            "EmailCredit_report_rollups_insert_delete",
            "Enrollment_report_rollups_insert_delete",
            "Enrollment_report_rollups_update",
            "RecoverySend_report_rollups_insert_delete",
            "RecoverySend_report_rollups_update",
          ]
        : [
            "EmailCredit_report_rollups_delete",
            "EmailCredit_report_rollups_insert",
            "Enrollment_report_rollups_delete",
            "Enrollment_report_rollups_insert",
            "Enrollment_report_rollups_update",
            "RecoverySend_report_rollups_delete",
            "RecoverySend_report_rollups_insert",
            "RecoverySend_report_rollups_update",
          ],
    );
    await query(checkout("later"));
    await query(enrollment("later", null));
    await query(send("later"));
    expect(await dayFigures(query)).toMatchObject({ checkouts: 3, emails: 3, sent: 3, abandoned: 3 });
  };
}

describe("the rollup buckets migration", () => {
  it("keeps the rollups' counts and triggers on SQLite", () =>
    migrateOnSqlite(MIGRATION, SEED, expectMigratedOn("sqlite")));

  it.skipIf(!process.env.TEST_POSTGRES_URL)("does the same on PostgreSQL", () =>
    migrateOnPostgres(MIGRATION, SEED, expectMigratedOn("postgresql")),
  );
});
