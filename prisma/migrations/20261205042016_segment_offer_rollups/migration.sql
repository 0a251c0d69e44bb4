-- The report rollups are rebuilt: CheckoutRollup gains the segment and offer arm in its key and the offer
-- test's sums, EmailCredit the recovery's date, and CreditRollup counts credited emails by that date. The old
-- triggers go first (so the backfill below does not run them), the rollups are emptied, and the end of this
-- migration fills them again and creates the new triggers.
DROP TRIGGER IF EXISTS "Enrollment_report_rollups_insert";
DROP TRIGGER IF EXISTS "Enrollment_report_rollups_update";
DROP TRIGGER IF EXISTS "Enrollment_report_rollups_delete";
DROP TRIGGER IF EXISTS "RecoverySend_report_rollups_insert";
DROP TRIGGER IF EXISTS "RecoverySend_report_rollups_update";
DROP TRIGGER IF EXISTS "RecoverySend_report_rollups_delete";
DROP TRIGGER IF EXISTS "EmailCredit_report_rollups_insert";
DROP TRIGGER IF EXISTS "EmailCredit_report_rollups_delete";
DELETE FROM "CheckoutRollup";
DELETE FROM "RecoveryRollup";
DELETE FROM "EmailRollup";
DELETE FROM "SeriesRollup";
DELETE FROM "EmailCredit";

-- DropIndex
DROP INDEX "Enrollment_segment_figures_idx";

-- DropIndex
DROP INDEX "RecoverySend_shop_status_sentAt_idx";

-- CreateTable
CREATE TABLE "CreditRollup" (
    "shop" TEXT NOT NULL,
    "grain" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "credited" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "grain", "slot", "step")
);

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

    PRIMARY KEY ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm")
);
-- Nothing is copied: the rollups are filled from the rows at the end.
DROP TABLE "CheckoutRollup";
ALTER TABLE "new_CheckoutRollup" RENAME TO "CheckoutRollup";
CREATE TABLE "new_EmailCredit" (
    "sendId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "variant" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "credited" BOOLEAN NOT NULL,
    "creditedRevenueMinor" INTEGER NOT NULL,
    "recoveredAt" DATETIME NOT NULL
);
-- Nothing is copied: the rollups are filled from the rows at the end.
DROP TABLE "EmailCredit";
ALTER TABLE "new_EmailCredit" RENAME TO "EmailCredit";
CREATE INDEX "EmailCredit_enrollmentId_idx" ON "EmailCredit"("enrollmentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RecoverySend_reputation_idx" ON "RecoverySend"("shop", "status", "sentAt", "bouncedAt", "complainedAt");

-- The recovered enrolments' profit figures (Enrollment.merchandiseMinor, discountMinor, profitMinor), for the
-- orders attributed before they were kept: our codes' discount on the recovered order, its subtotal plus that
-- discount as the merchandise, no product costs (none were synced), and the default margin of 50% (the
-- settings' default: a shop that sets another margin has these recomputed when it saves).
UPDATE "Enrollment" SET "discountMinor" = COALESCE((
  SELECT SUM(COALESCE(d."discountMinor", 0)) FROM "DiscountCode" AS d
  WHERE d."shop" = "Enrollment"."shop" AND d."enrollmentId" = "Enrollment"."id"
    AND d."usedOrderId" = "Enrollment"."recoveredOrderId"
), 0)
WHERE "recoveredOrderId" IS NOT NULL;

UPDATE "Enrollment" SET "merchandiseMinor" = COALESCE((
  SELECT o."subtotalMinor" FROM "Order" AS o
  WHERE o."shop" = "Enrollment"."shop" AND o."orderId" = "Enrollment"."recoveredOrderId"
), COALESCE("recoveredMinor", 0)) + "discountMinor"
WHERE "recoveredOrderId" IS NOT NULL;

UPDATE "Enrollment" SET "profitMinor" = CAST(ROUND("merchandiseMinor" * 0.5) AS INTEGER) - "discountMinor"
WHERE "recoveredOrderId" IS NOT NULL;

-- Report rollups (docs/decisions/0007-report-rollups.md), written by scripts/report-rollups-sql.mjs.

-- Filled from the rows already stored, then kept by triggers in the same transaction as every change.

INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
SELECT r."shop",
  g."grain",
  CAST(strftime('%s', r."anchorAt") AS INTEGER) / g."grain",
  r."status" = 'SKIPPED',
  CASE WHEN r."status" = 'SKIPPED' THEN '' ELSE r."arm" END,
  CASE WHEN r."status" = 'SKIPPED' THEN COALESCE(r."reason", 'UNKNOWN') ELSE '' END,
  CASE WHEN r."status" = 'SKIPPED' THEN '' ELSE COALESCE(r."segmentId", 'default') END,
  CASE WHEN r."status" = 'SKIPPED' THEN '' ELSE COALESCE(r."offerArm", '') END,
  SUM(1),
  SUM(CASE WHEN r."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN r."firstSentAt" IS NOT NULL AND r."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
  SUM(CASE WHEN r."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END),
  SUM(COALESCE(r."recoveredMinor", 0)),
  SUM(CAST(COALESCE(r."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(r."recoveredMinor", 0)),
  SUM(r."stepsSent"),
  SUM(COALESCE(r."discountMinor", 0)),
  SUM(CAST(COALESCE(r."discountMinor", 0) AS DOUBLE PRECISION) * COALESCE(r."discountMinor", 0)),
  SUM(COALESCE(r."profitMinor", 0)),
  SUM(CAST(COALESCE(r."profitMinor", 0) AS DOUBLE PRECISION) * COALESCE(r."profitMinor", 0))
FROM "Enrollment" AS r CROSS JOIN (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "orders", "revenueMinor")
SELECT r."shop",
  g."grain",
  CAST(strftime('%s', r."recoveredAt") AS INTEGER) / g."grain",
  COALESCE(r."attributionMethod", ''),
  COALESCE(r."recoveredByEmail" = TRUE, FALSE),
  SUM(1),
  SUM(COALESCE(r."recoveredMinor", 0))
FROM "Enrollment" AS r CROSS JOIN (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
WHERE r."recoveredOrderId" IS NOT NULL AND r."recoveredAt" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
SELECT r."shop",
  CAST(strftime('%s', r."anchorAt") AS INTEGER) / 900,
  SUM(1),
  0,
  0,
  0
FROM "Enrollment" AS r
GROUP BY 1, 2;

INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
SELECT r."shop",
  CAST(strftime('%s', r."recoveredAt") AS INTEGER) / 900,
  0,
  SUM(CASE WHEN r."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
  SUM(CASE WHEN r."recoveredByEmail" = TRUE THEN 0 ELSE 1 END),
  SUM(CASE WHEN r."recoveredByEmail" = TRUE THEN COALESCE(r."recoveredMinor", 0) ELSE 0 END)
FROM "Enrollment" AS r
WHERE r."recoveredOrderId" IS NOT NULL AND r."recoveredAt" IS NOT NULL
GROUP BY 1, 2
ON CONFLICT ("shop", "slot") DO UPDATE SET
  "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
  "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
  "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor";

INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
SELECT r."shop",
  g."grain",
  CAST(strftime('%s', r."sentAt") AS INTEGER) / g."grain",
  r."step",
  COALESCE(r."subjectVariant", ''),
  SUM(1),
  SUM(CASE WHEN r."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END),
  0,
  0,
  0
FROM "RecoverySend" AS r CROSS JOIN (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
WHERE r."status" = 'SENT' AND r."sentAt" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

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
  WHERE TRUE AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
    AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
    AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
) AS "credits";

INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
SELECT r."shop",
  g."grain",
  CAST(strftime('%s', r."sentAt") AS INTEGER) / g."grain",
  r."step",
  r."variant",
  0,
  0,
  SUM(1),
  SUM(CASE WHEN r."credited" THEN 1 ELSE 0 END),
  SUM(r."creditedRevenueMinor")
FROM "EmailCredit" AS r CROSS JOIN (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
GROUP BY 1, 2, 3, 4, 5
ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
  "recoveredAfter" = "EmailRollup"."recoveredAfter" + excluded."recoveredAfter",
  "credited" = "EmailRollup"."credited" + excluded."credited",
  "creditedRevenueMinor" = "EmailRollup"."creditedRevenueMinor" + excluded."creditedRevenueMinor";

INSERT INTO "CreditRollup" ("shop", "grain", "slot", "step", "credited", "revenueMinor")
SELECT r."shop",
  g."grain",
  CAST(strftime('%s', r."recoveredAt") AS INTEGER) / g."grain",
  r."step",
  SUM(1),
  SUM(r."creditedRevenueMinor")
FROM "EmailCredit" AS r CROSS JOIN (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
WHERE r."credited" = TRUE
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER "Enrollment_report_rollups_insert" AFTER INSERT ON "Enrollment" FOR EACH ROW
BEGIN
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / g."grain",
    NEW."status" = 'SKIPPED',
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE NEW."arm" END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN COALESCE(NEW."reason", 'UNKNOWN') ELSE '' END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE COALESCE(NEW."segmentId", 'default') END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE COALESCE(NEW."offerArm", '') END,
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
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm") DO UPDATE SET
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
  INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "orders", "revenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / g."grain",
    COALESCE(NEW."attributionMethod", ''),
    COALESCE(NEW."recoveredByEmail" = TRUE, FALSE),
    1,
    COALESCE(NEW."recoveredMinor", 0)
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "method", "byEmail") DO UPDATE SET
    "orders" = "RecoveryRollup"."orders" + excluded."orders",
    "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT NEW."shop",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / 900,
    1,
    0,
    0,
    0
  WHERE TRUE
  ON CONFLICT ("shop", "slot") DO UPDATE SET
    "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned";
  INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT NEW."shop",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / 900,
    0,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN 0 ELSE 1 END,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN COALESCE(NEW."recoveredMinor", 0) ELSE 0 END
  WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "slot") DO UPDATE SET
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
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / g."grain",
    OLD."status" = 'SKIPPED',
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE OLD."arm" END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN COALESCE(OLD."reason", 'UNKNOWN') ELSE '' END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE COALESCE(OLD."segmentId", 'default') END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE COALESCE(OLD."offerArm", '') END,
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
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm") DO UPDATE SET
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
  INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "orders", "revenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / g."grain",
    COALESCE(OLD."attributionMethod", ''),
    COALESCE(OLD."recoveredByEmail" = TRUE, FALSE),
    -(1),
    -(COALESCE(OLD."recoveredMinor", 0))
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "method", "byEmail") DO UPDATE SET
    "orders" = "RecoveryRollup"."orders" + excluded."orders",
    "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT OLD."shop",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / 900,
    -(1),
    0,
    0,
    0
  WHERE TRUE
  ON CONFLICT ("shop", "slot") DO UPDATE SET
    "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned";
  INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT OLD."shop",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / 900,
    0,
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 0 ELSE 1 END),
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN COALESCE(OLD."recoveredMinor", 0) ELSE 0 END)
  WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "slot") DO UPDATE SET
    "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
    "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
    "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / g."grain",
    NEW."status" = 'SKIPPED',
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE NEW."arm" END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN COALESCE(NEW."reason", 'UNKNOWN') ELSE '' END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE COALESCE(NEW."segmentId", 'default') END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE COALESCE(NEW."offerArm", '') END,
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
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm") DO UPDATE SET
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
  INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "orders", "revenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / g."grain",
    COALESCE(NEW."attributionMethod", ''),
    COALESCE(NEW."recoveredByEmail" = TRUE, FALSE),
    1,
    COALESCE(NEW."recoveredMinor", 0)
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "method", "byEmail") DO UPDATE SET
    "orders" = "RecoveryRollup"."orders" + excluded."orders",
    "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT NEW."shop",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / 900,
    1,
    0,
    0,
    0
  WHERE TRUE
  ON CONFLICT ("shop", "slot") DO UPDATE SET
    "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned";
  INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT NEW."shop",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / 900,
    0,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN 0 ELSE 1 END,
    CASE WHEN NEW."recoveredByEmail" = TRUE THEN COALESCE(NEW."recoveredMinor", 0) ELSE 0 END
  WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "slot") DO UPDATE SET
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
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / g."grain",
    OLD."status" = 'SKIPPED',
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE OLD."arm" END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN COALESCE(OLD."reason", 'UNKNOWN') ELSE '' END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE COALESCE(OLD."segmentId", 'default') END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE COALESCE(OLD."offerArm", '') END,
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
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm") DO UPDATE SET
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
  INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "orders", "revenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / g."grain",
    COALESCE(OLD."attributionMethod", ''),
    COALESCE(OLD."recoveredByEmail" = TRUE, FALSE),
    -(1),
    -(COALESCE(OLD."recoveredMinor", 0))
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "method", "byEmail") DO UPDATE SET
    "orders" = "RecoveryRollup"."orders" + excluded."orders",
    "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor";
  INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT OLD."shop",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / 900,
    -(1),
    0,
    0,
    0
  WHERE TRUE
  ON CONFLICT ("shop", "slot") DO UPDATE SET
    "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned";
  INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
  SELECT OLD."shop",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / 900,
    0,
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 0 ELSE 1 END),
    -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN COALESCE(OLD."recoveredMinor", 0) ELSE 0 END)
  WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
  ON CONFLICT ("shop", "slot") DO UPDATE SET
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
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."sentAt") AS INTEGER) / g."grain",
    NEW."step",
    COALESCE(NEW."subjectVariant", ''),
    1,
    CASE WHEN NEW."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END,
    0,
    0,
    0
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."status" = 'SENT' AND NEW."sentAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
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
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."sentAt") AS INTEGER) / g."grain",
    OLD."step",
    COALESCE(OLD."subjectVariant", ''),
    -(1),
    -(CASE WHEN OLD."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END),
    0,
    0,
    0
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."status" = 'SENT' AND OLD."sentAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
    "sent" = "EmailRollup"."sent" + excluded."sent",
    "clicked" = "EmailRollup"."clicked" + excluded."clicked";
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."sentAt") AS INTEGER) / g."grain",
    NEW."step",
    COALESCE(NEW."subjectVariant", ''),
    1,
    CASE WHEN NEW."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END,
    0,
    0,
    0
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."status" = 'SENT' AND NEW."sentAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
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
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."sentAt") AS INTEGER) / g."grain",
    OLD."step",
    COALESCE(OLD."subjectVariant", ''),
    -(1),
    -(CASE WHEN OLD."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END),
    0,
    0,
    0
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."status" = 'SENT' AND OLD."sentAt" IS NOT NULL
  ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
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
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."sentAt") AS INTEGER) / g."grain",
    NEW."step",
    NEW."variant",
    0,
    0,
    1,
    CASE WHEN NEW."credited" THEN 1 ELSE 0 END,
    NEW."creditedRevenueMinor"
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
    "recoveredAfter" = "EmailRollup"."recoveredAfter" + excluded."recoveredAfter",
    "credited" = "EmailRollup"."credited" + excluded."credited",
    "creditedRevenueMinor" = "EmailRollup"."creditedRevenueMinor" + excluded."creditedRevenueMinor";
  INSERT INTO "CreditRollup" ("shop", "grain", "slot", "step", "credited", "revenueMinor")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."recoveredAt") AS INTEGER) / g."grain",
    NEW."step",
    1,
    NEW."creditedRevenueMinor"
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE NEW."credited" = TRUE
  ON CONFLICT ("shop", "grain", "slot", "step") DO UPDATE SET
    "credited" = "CreditRollup"."credited" + excluded."credited",
    "revenueMinor" = "CreditRollup"."revenueMinor" + excluded."revenueMinor";
END;

CREATE TRIGGER "EmailCredit_report_rollups_delete" AFTER DELETE ON "EmailCredit" FOR EACH ROW
BEGIN
  INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."sentAt") AS INTEGER) / g."grain",
    OLD."step",
    OLD."variant",
    0,
    0,
    -(1),
    -(CASE WHEN OLD."credited" THEN 1 ELSE 0 END),
    -(OLD."creditedRevenueMinor")
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
    "recoveredAfter" = "EmailRollup"."recoveredAfter" + excluded."recoveredAfter",
    "credited" = "EmailRollup"."credited" + excluded."credited",
    "creditedRevenueMinor" = "EmailRollup"."creditedRevenueMinor" + excluded."creditedRevenueMinor";
  INSERT INTO "CreditRollup" ("shop", "grain", "slot", "step", "credited", "revenueMinor")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."recoveredAt") AS INTEGER) / g."grain",
    OLD."step",
    -(1),
    -(OLD."creditedRevenueMinor")
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE OLD."credited" = TRUE
  ON CONFLICT ("shop", "grain", "slot", "step") DO UPDATE SET
    "credited" = "CreditRollup"."credited" + excluded."credited",
    "revenueMinor" = "CreditRollup"."revenueMinor" + excluded."revenueMinor";
END;
