-- The report rollups gain a bucket in their primary key (docs/decisions/0016-rollup-buckets.md): on PostgreSQL
-- each connection counts into its own row of a key, so concurrent writers of one shop no longer queue on one
-- row's lock. The rows kept so far become bucket 0. The triggers go first: they write into the tables rebuilt
-- below with the old keys (and SQLite refuses to rename a table while a trigger names a missing one). The end
-- of this migration creates them again with the bucket.
DROP TRIGGER IF EXISTS "Enrollment_report_rollups_insert";
DROP TRIGGER IF EXISTS "Enrollment_report_rollups_update";
DROP TRIGGER IF EXISTS "Enrollment_report_rollups_delete";
DROP TRIGGER IF EXISTS "RecoverySend_report_rollups_insert";
DROP TRIGGER IF EXISTS "RecoverySend_report_rollups_update";
DROP TRIGGER IF EXISTS "RecoverySend_report_rollups_delete";
DROP TRIGGER IF EXISTS "EmailCredit_report_rollups_insert";
DROP TRIGGER IF EXISTS "EmailCredit_report_rollups_delete";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CheckoutRollup" (
    "shop" TEXT NOT NULL,
    "grain" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "skipped" BOOLEAN NOT NULL,
    "arm" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "offerArm" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL DEFAULT 0,
    "checkouts" INTEGER NOT NULL,
    "emailed" INTEGER NOT NULL,
    "emailedRecovered" INTEGER NOT NULL,
    "recovered" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,
    "revenueSquares" REAL NOT NULL,
    "emails" INTEGER NOT NULL,
    "discountMinor" BIGINT NOT NULL,
    "discountSquares" REAL NOT NULL,
    "profitMinor" BIGINT NOT NULL,
    "profitSquares" REAL NOT NULL,

    PRIMARY KEY ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket")
);
INSERT INTO "new_CheckoutRollup" ("arm", "checkouts", "discountMinor", "discountSquares", "emailed", "emailedRecovered", "emails", "grain", "offerArm", "profitMinor", "profitSquares", "reason", "recovered", "revenueMinor", "revenueSquares", "segment", "shop", "skipped", "slot") SELECT "arm", "checkouts", "discountMinor", "discountSquares", "emailed", "emailedRecovered", "emails", "grain", "offerArm", "profitMinor", "profitSquares", "reason", "recovered", "revenueMinor", "revenueSquares", "segment", "shop", "skipped", "slot" FROM "CheckoutRollup";
DROP TABLE "CheckoutRollup";
ALTER TABLE "new_CheckoutRollup" RENAME TO "CheckoutRollup";
CREATE TABLE "new_RecoveryRollup" (
    "shop" TEXT NOT NULL,
    "grain" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "byEmail" BOOLEAN NOT NULL,
    "bucket" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "grain", "slot", "method", "byEmail", "bucket")
);
INSERT INTO "new_RecoveryRollup" ("byEmail", "grain", "method", "orders", "revenueMinor", "shop", "slot") SELECT "byEmail", "grain", "method", "orders", "revenueMinor", "shop", "slot" FROM "RecoveryRollup";
DROP TABLE "RecoveryRollup";
ALTER TABLE "new_RecoveryRollup" RENAME TO "RecoveryRollup";
CREATE TABLE "new_EmailRollup" (
    "shop" TEXT NOT NULL,
    "grain" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "variant" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL,
    "clicked" INTEGER NOT NULL,
    "recoveredAfter" INTEGER NOT NULL,
    "credited" INTEGER NOT NULL,
    "creditedRevenueMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "grain", "slot", "step", "variant", "bucket")
);
INSERT INTO "new_EmailRollup" ("clicked", "credited", "creditedRevenueMinor", "grain", "recoveredAfter", "sent", "shop", "slot", "step", "variant") SELECT "clicked", "credited", "creditedRevenueMinor", "grain", "recoveredAfter", "sent", "shop", "slot", "step", "variant" FROM "EmailRollup";
DROP TABLE "EmailRollup";
ALTER TABLE "new_EmailRollup" RENAME TO "EmailRollup";
CREATE TABLE "new_SeriesRollup" (
    "shop" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL DEFAULT 0,
    "abandoned" INTEGER NOT NULL,
    "recovered" INTEGER NOT NULL,
    "recoveredOnTheirOwn" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "slot", "bucket")
);
INSERT INTO "new_SeriesRollup" ("abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor", "shop", "slot") SELECT "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor", "shop", "slot" FROM "SeriesRollup";
DROP TABLE "SeriesRollup";
ALTER TABLE "new_SeriesRollup" RENAME TO "SeriesRollup";
CREATE TABLE "new_CreditRollup" (
    "shop" TEXT NOT NULL,
    "grain" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL DEFAULT 0,
    "credited" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "grain", "slot", "step", "bucket")
);
INSERT INTO "new_CreditRollup" ("credited", "grain", "revenueMinor", "shop", "slot", "step") SELECT "credited", "grain", "revenueMinor", "shop", "slot", "step" FROM "CreditRollup";
DROP TABLE "CreditRollup";
ALTER TABLE "new_CreditRollup" RENAME TO "CreditRollup";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Report rollups (docs/decisions/0007-report-rollups.md), written by scripts/report-rollups-sql.mjs.

-- The triggers alone: the rows already in the rollups are kept.

CREATE TRIGGER "Enrollment_report_rollups_insert" AFTER INSERT ON "Enrollment" FOR EACH ROW
BEGIN
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / g."grain",
    NEW."status" = 'SKIPPED',
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE NEW."arm" END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN COALESCE(NEW."reason", 'UNKNOWN') ELSE '' END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE COALESCE(NEW."segmentId", 'default') END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE COALESCE(NEW."offerArm", '') END,
    0,
    1,
    CASE WHEN NEW."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END,
    CASE WHEN NEW."firstSentAt" IS NOT NULL AND NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
    CASE WHEN NEW."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE(NEW."recoveredMinor", 0),
    CAST(COALESCE(NEW."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(NEW."recoveredMinor", 0),
    NEW."stepsSent",
    COALESCE(NEW."discountMinor", 0),
    CAST(COALESCE(NEW."discountMinor", 0) AS DOUBLE PRECISION) * COALESCE(NEW."discountMinor", 0),
    COALESCE(NEW."profitMinor", 0),
    CAST(COALESCE(NEW."profitMinor", 0) AS DOUBLE PRECISION) * COALESCE(NEW."profitMinor", 0)
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket") DO UPDATE SET
    "checkouts" = "CheckoutRollup"."checkouts" + excluded."checkouts",
    "emailed" = "CheckoutRollup"."emailed" + excluded."emailed",
    "emailedRecovered" = "CheckoutRollup"."emailedRecovered" + excluded."emailedRecovered",
    "recovered" = "CheckoutRollup"."recovered" + excluded."recovered",
    "revenueMinor" = "CheckoutRollup"."revenueMinor" + excluded."revenueMinor",
    "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares",
    "emails" = "CheckoutRollup"."emails" + excluded."emails",
    "discountMinor" = "CheckoutRollup"."discountMinor" + excluded."discountMinor",
    "discountSquares" = "CheckoutRollup"."discountSquares" + excluded."discountSquares",
    "profitMinor" = "CheckoutRollup"."profitMinor" + excluded."profitMinor",
    "profitSquares" = "CheckoutRollup"."profitSquares" + excluded."profitSquares";
  INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "bucket", "orders", "revenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / g."grain",
    COALESCE(NEW."attributionMethod", ''),
    COALESCE(NEW."recoveredByEmail" = TRUE, FALSE),
    0,
    1,
    COALESCE(NEW."recoveredMinor", 0)
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "method", "byEmail", "bucket") DO UPDATE SET
    "orders" = "RecoveryRollup"."orders" + excluded."orders",
    "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT NEW."shop",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / 900,
    0,
    1,
    0,
    0,
    0
  WHERE TRUE
  ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
    "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned";
  INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT NEW."shop",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / 900,
    0,
    0,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN 0 ELSE 1 END,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN COALESCE(NEW."recoveredMinor", 0) ELSE 0 END
  WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
    "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
    "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
    "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."id";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = NEW."id" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
END;

CREATE TRIGGER "Enrollment_report_rollups_update" AFTER UPDATE OF "id", "shop", "status", "arm", "reason", "anchorAt", "firstSentAt", "recoveredOrderId", "recoveredAt", "attributionMethod", "recoveredByEmail", "recoveredMinor", "segmentId", "offerArm", "stepsSent", "discountMinor", "profitMinor" ON "Enrollment" FOR EACH ROW
WHEN OLD."id" IS NOT NEW."id" OR OLD."shop" IS NOT NEW."shop" OR OLD."status" IS NOT NEW."status" OR OLD."arm" IS NOT NEW."arm" OR OLD."reason" IS NOT NEW."reason" OR OLD."anchorAt" IS NOT NEW."anchorAt" OR OLD."firstSentAt" IS NOT NEW."firstSentAt" OR OLD."recoveredOrderId" IS NOT NEW."recoveredOrderId" OR OLD."recoveredAt" IS NOT NEW."recoveredAt" OR OLD."attributionMethod" IS NOT NEW."attributionMethod" OR OLD."recoveredByEmail" IS NOT NEW."recoveredByEmail" OR OLD."recoveredMinor" IS NOT NEW."recoveredMinor" OR OLD."segmentId" IS NOT NEW."segmentId" OR OLD."offerArm" IS NOT NEW."offerArm" OR OLD."stepsSent" IS NOT NEW."stepsSent" OR OLD."discountMinor" IS NOT NEW."discountMinor" OR OLD."profitMinor" IS NOT NEW."profitMinor"
BEGIN
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / g."grain",
    OLD."status" = 'SKIPPED',
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE OLD."arm" END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN COALESCE(OLD."reason", 'UNKNOWN') ELSE '' END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE COALESCE(OLD."segmentId", 'default') END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE COALESCE(OLD."offerArm", '') END,
    0,
    -(1),
    -(CASE WHEN OLD."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."firstSentAt" IS NOT NULL AND OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END),
    -(COALESCE(OLD."recoveredMinor", 0)),
    -(CAST(COALESCE(OLD."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(OLD."recoveredMinor", 0)),
    -(OLD."stepsSent"),
    -(COALESCE(OLD."discountMinor", 0)),
    -(CAST(COALESCE(OLD."discountMinor", 0) AS DOUBLE PRECISION) * COALESCE(OLD."discountMinor", 0)),
    -(COALESCE(OLD."profitMinor", 0)),
    -(CAST(COALESCE(OLD."profitMinor", 0) AS DOUBLE PRECISION) * COALESCE(OLD."profitMinor", 0))
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket") DO UPDATE SET
    "checkouts" = "CheckoutRollup"."checkouts" + excluded."checkouts",
    "emailed" = "CheckoutRollup"."emailed" + excluded."emailed",
    "emailedRecovered" = "CheckoutRollup"."emailedRecovered" + excluded."emailedRecovered",
    "recovered" = "CheckoutRollup"."recovered" + excluded."recovered",
    "revenueMinor" = "CheckoutRollup"."revenueMinor" + excluded."revenueMinor",
    "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares",
    "emails" = "CheckoutRollup"."emails" + excluded."emails",
    "discountMinor" = "CheckoutRollup"."discountMinor" + excluded."discountMinor",
    "discountSquares" = "CheckoutRollup"."discountSquares" + excluded."discountSquares",
    "profitMinor" = "CheckoutRollup"."profitMinor" + excluded."profitMinor",
    "profitSquares" = "CheckoutRollup"."profitSquares" + excluded."profitSquares";
  INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "bucket", "orders", "revenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / g."grain",
    COALESCE(OLD."attributionMethod", ''),
    COALESCE(OLD."recoveredByEmail" = TRUE, FALSE),
    0,
    -(1),
    -(COALESCE(OLD."recoveredMinor", 0))
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "method", "byEmail", "bucket") DO UPDATE SET
    "orders" = "RecoveryRollup"."orders" + excluded."orders",
    "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT OLD."shop",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / 900,
    0,
    -(1),
    0,
    0,
    0
  WHERE TRUE
  ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
    "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned";
  INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT OLD."shop",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / 900,
    0,
    0,
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 0 ELSE 1 END),
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN COALESCE(OLD."recoveredMinor", 0) ELSE 0 END)
  WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
    "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
    "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
    "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / g."grain",
    NEW."status" = 'SKIPPED',
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE NEW."arm" END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN COALESCE(NEW."reason", 'UNKNOWN') ELSE '' END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE COALESCE(NEW."segmentId", 'default') END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE COALESCE(NEW."offerArm", '') END,
    0,
    1,
    CASE WHEN NEW."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END,
    CASE WHEN NEW."firstSentAt" IS NOT NULL AND NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
    CASE WHEN NEW."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE(NEW."recoveredMinor", 0),
    CAST(COALESCE(NEW."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(NEW."recoveredMinor", 0),
    NEW."stepsSent",
    COALESCE(NEW."discountMinor", 0),
    CAST(COALESCE(NEW."discountMinor", 0) AS DOUBLE PRECISION) * COALESCE(NEW."discountMinor", 0),
    COALESCE(NEW."profitMinor", 0),
    CAST(COALESCE(NEW."profitMinor", 0) AS DOUBLE PRECISION) * COALESCE(NEW."profitMinor", 0)
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket") DO UPDATE SET
    "checkouts" = "CheckoutRollup"."checkouts" + excluded."checkouts",
    "emailed" = "CheckoutRollup"."emailed" + excluded."emailed",
    "emailedRecovered" = "CheckoutRollup"."emailedRecovered" + excluded."emailedRecovered",
    "recovered" = "CheckoutRollup"."recovered" + excluded."recovered",
    "revenueMinor" = "CheckoutRollup"."revenueMinor" + excluded."revenueMinor",
    "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares",
    "emails" = "CheckoutRollup"."emails" + excluded."emails",
    "discountMinor" = "CheckoutRollup"."discountMinor" + excluded."discountMinor",
    "discountSquares" = "CheckoutRollup"."discountSquares" + excluded."discountSquares",
    "profitMinor" = "CheckoutRollup"."profitMinor" + excluded."profitMinor",
    "profitSquares" = "CheckoutRollup"."profitSquares" + excluded."profitSquares";
  INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "bucket", "orders", "revenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / g."grain",
    COALESCE(NEW."attributionMethod", ''),
    COALESCE(NEW."recoveredByEmail" = TRUE, FALSE),
    0,
    1,
    COALESCE(NEW."recoveredMinor", 0)
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "method", "byEmail", "bucket") DO UPDATE SET
    "orders" = "RecoveryRollup"."orders" + excluded."orders",
    "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT NEW."shop",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / 900,
    0,
    1,
    0,
    0,
    0
  WHERE TRUE
  ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
    "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned";
  INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT NEW."shop",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / 900,
    0,
    0,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN 0 ELSE 1 END,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN COALESCE(NEW."recoveredMinor", 0) ELSE 0 END
  WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
    "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
    "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
    "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."id" AND (OLD."id" IS NOT NEW."id" OR OLD."shop" IS NOT NEW."shop" OR OLD."recoveredAt" IS NOT NEW."recoveredAt" OR OLD."recoveredByEmail" IS NOT NEW."recoveredByEmail" OR OLD."recoveredMinor" IS NOT NEW."recoveredMinor");
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = OLD."id" AND (OLD."id" IS NOT NEW."id" OR OLD."shop" IS NOT NEW."shop" OR OLD."recoveredAt" IS NOT NEW."recoveredAt" OR OLD."recoveredByEmail" IS NOT NEW."recoveredByEmail" OR OLD."recoveredMinor" IS NOT NEW."recoveredMinor") AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."id" AND NEW."id" <> OLD."id";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = NEW."id" AND NEW."id" <> OLD."id" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
END;

CREATE TRIGGER "Enrollment_report_rollups_delete" AFTER DELETE ON "Enrollment" FOR EACH ROW
BEGIN
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / g."grain",
    OLD."status" = 'SKIPPED',
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE OLD."arm" END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN COALESCE(OLD."reason", 'UNKNOWN') ELSE '' END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE COALESCE(OLD."segmentId", 'default') END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE COALESCE(OLD."offerArm", '') END,
    0,
    -(1),
    -(CASE WHEN OLD."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."firstSentAt" IS NOT NULL AND OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END),
    -(COALESCE(OLD."recoveredMinor", 0)),
    -(CAST(COALESCE(OLD."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(OLD."recoveredMinor", 0)),
    -(OLD."stepsSent"),
    -(COALESCE(OLD."discountMinor", 0)),
    -(CAST(COALESCE(OLD."discountMinor", 0) AS DOUBLE PRECISION) * COALESCE(OLD."discountMinor", 0)),
    -(COALESCE(OLD."profitMinor", 0)),
    -(CAST(COALESCE(OLD."profitMinor", 0) AS DOUBLE PRECISION) * COALESCE(OLD."profitMinor", 0))
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket") DO UPDATE SET
    "checkouts" = "CheckoutRollup"."checkouts" + excluded."checkouts",
    "emailed" = "CheckoutRollup"."emailed" + excluded."emailed",
    "emailedRecovered" = "CheckoutRollup"."emailedRecovered" + excluded."emailedRecovered",
    "recovered" = "CheckoutRollup"."recovered" + excluded."recovered",
    "revenueMinor" = "CheckoutRollup"."revenueMinor" + excluded."revenueMinor",
    "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares",
    "emails" = "CheckoutRollup"."emails" + excluded."emails",
    "discountMinor" = "CheckoutRollup"."discountMinor" + excluded."discountMinor",
    "discountSquares" = "CheckoutRollup"."discountSquares" + excluded."discountSquares",
    "profitMinor" = "CheckoutRollup"."profitMinor" + excluded."profitMinor",
    "profitSquares" = "CheckoutRollup"."profitSquares" + excluded."profitSquares";
  INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "bucket", "orders", "revenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / g."grain",
    COALESCE(OLD."attributionMethod", ''),
    COALESCE(OLD."recoveredByEmail" = TRUE, FALSE),
    0,
    -(1),
    -(COALESCE(OLD."recoveredMinor", 0))
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "method", "byEmail", "bucket") DO UPDATE SET
    "orders" = "RecoveryRollup"."orders" + excluded."orders",
    "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT OLD."shop",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / 900,
    0,
    -(1),
    0,
    0,
    0
  WHERE TRUE
  ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
    "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned";
  INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT OLD."shop",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / 900,
    0,
    0,
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 0 ELSE 1 END),
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN COALESCE(OLD."recoveredMinor", 0) ELSE 0 END)
  WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
    "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
    "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
    "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."id";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = OLD."id" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
END;

CREATE TRIGGER "RecoverySend_report_rollups_insert" AFTER INSERT ON "RecoverySend" FOR EACH ROW
BEGIN
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."sentAt") AS INTEGER) / g."grain",
    NEW."step",
    COALESCE(NEW."subjectVariant", ''),
    0,
    1,
    CASE WHEN NEW."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END,
    0,
    0,
    0
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."status" = 'SENT' AND NEW."sentAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
    "sent" = "EmailRollup"."sent" + excluded."sent",
    "clicked" = "EmailRollup"."clicked" + excluded."clicked";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."enrollmentId";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = NEW."enrollmentId" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
END;

CREATE TRIGGER "RecoverySend_report_rollups_update" AFTER UPDATE OF "id", "shop", "enrollmentId", "step", "status", "sentAt", "subjectVariant", "firstClickedAt" ON "RecoverySend" FOR EACH ROW
WHEN OLD."id" IS NOT NEW."id" OR OLD."shop" IS NOT NEW."shop" OR OLD."enrollmentId" IS NOT NEW."enrollmentId" OR OLD."step" IS NOT NEW."step" OR OLD."status" IS NOT NEW."status" OR OLD."sentAt" IS NOT NEW."sentAt" OR OLD."subjectVariant" IS NOT NEW."subjectVariant" OR OLD."firstClickedAt" IS NOT NEW."firstClickedAt"
BEGIN
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."sentAt") AS INTEGER) / g."grain",
    OLD."step",
    COALESCE(OLD."subjectVariant", ''),
    0,
    -(1),
    -(CASE WHEN OLD."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END),
    0,
    0,
    0
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."status" = 'SENT' AND OLD."sentAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
    "sent" = "EmailRollup"."sent" + excluded."sent",
    "clicked" = "EmailRollup"."clicked" + excluded."clicked";
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."sentAt") AS INTEGER) / g."grain",
    NEW."step",
    COALESCE(NEW."subjectVariant", ''),
    0,
    1,
    CASE WHEN NEW."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END,
    0,
    0,
    0
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."status" = 'SENT' AND NEW."sentAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
    "sent" = "EmailRollup"."sent" + excluded."sent",
    "clicked" = "EmailRollup"."clicked" + excluded."clicked";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."enrollmentId";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = OLD."enrollmentId" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."enrollmentId" AND NEW."enrollmentId" <> OLD."enrollmentId";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = NEW."enrollmentId" AND NEW."enrollmentId" <> OLD."enrollmentId" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
END;

CREATE TRIGGER "RecoverySend_report_rollups_delete" AFTER DELETE ON "RecoverySend" FOR EACH ROW
BEGIN
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."sentAt") AS INTEGER) / g."grain",
    OLD."step",
    COALESCE(OLD."subjectVariant", ''),
    0,
    -(1),
    -(CASE WHEN OLD."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END),
    0,
    0,
    0
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."status" = 'SENT' AND OLD."sentAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
    "sent" = "EmailRollup"."sent" + excluded."sent",
    "clicked" = "EmailRollup"."clicked" + excluded."clicked";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."enrollmentId";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = OLD."enrollmentId" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
END;

CREATE TRIGGER "EmailCredit_report_rollups_insert" AFTER INSERT ON "EmailCredit" FOR EACH ROW
BEGIN
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."sentAt") AS INTEGER) / g."grain",
    NEW."step",
    NEW."variant",
    0,
    0,
    0,
    1,
    CASE WHEN NEW."credited" THEN 1 ELSE 0 END,
    NEW."creditedRevenueMinor"
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
    "recoveredAfter" = "EmailRollup"."recoveredAfter" + excluded."recoveredAfter",
    "credited" = "EmailRollup"."credited" + excluded."credited",
    "creditedRevenueMinor" = "EmailRollup"."creditedRevenueMinor" + excluded."creditedRevenueMinor";
  INSERT INTO "CreditRollup" ("shop", "grain", "slot", "step", "bucket", "credited", "revenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / g."grain",
    NEW."step",
    0,
    1,
    NEW."creditedRevenueMinor"
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."credited" = TRUE
  ON CONFLICT ("shop", "grain", "slot", "step", "bucket") DO UPDATE SET
    "credited" = "CreditRollup"."credited" + excluded."credited",
    "revenueMinor" = "CreditRollup"."revenueMinor" + excluded."revenueMinor";
END;

CREATE TRIGGER "EmailCredit_report_rollups_delete" AFTER DELETE ON "EmailCredit" FOR EACH ROW
BEGIN
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."sentAt") AS INTEGER) / g."grain",
    OLD."step",
    OLD."variant",
    0,
    0,
    0,
    -(1),
    -(CASE WHEN OLD."credited" THEN 1 ELSE 0 END),
    -(OLD."creditedRevenueMinor")
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
    "recoveredAfter" = "EmailRollup"."recoveredAfter" + excluded."recoveredAfter",
    "credited" = "EmailRollup"."credited" + excluded."credited",
    "creditedRevenueMinor" = "EmailRollup"."creditedRevenueMinor" + excluded."creditedRevenueMinor";
  INSERT INTO "CreditRollup" ("shop", "grain", "slot", "step", "bucket", "credited", "revenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / g."grain",
    OLD."step",
    0,
    -(1),
    -(OLD."creditedRevenueMinor")
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."credited" = TRUE
  ON CONFLICT ("shop", "grain", "slot", "step", "bucket") DO UPDATE SET
    "credited" = "CreditRollup"."credited" + excluded."credited",
    "revenueMinor" = "CreditRollup"."revenueMinor" + excluded."revenueMinor";
END;
