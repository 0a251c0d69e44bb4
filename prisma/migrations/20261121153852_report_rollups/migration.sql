-- DropIndex
DROP INDEX "DiscountCode_shop_usedAt_idx";

-- CreateTable
CREATE TABLE "CheckoutRollup" (
    "shop" TEXT NOT NULL,
    "grain" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "skipped" BOOLEAN NOT NULL,
    "arm" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "checkouts" INTEGER NOT NULL,
    "emailed" INTEGER NOT NULL,
    "emailedRecovered" INTEGER NOT NULL,
    "recovered" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,
    "revenueSquares" REAL NOT NULL,

    PRIMARY KEY ("shop", "grain", "slot", "skipped", "arm", "reason")
);

-- CreateTable
CREATE TABLE "RecoveryRollup" (
    "shop" TEXT NOT NULL,
    "grain" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "byEmail" BOOLEAN NOT NULL,
    "orders" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "grain", "slot", "method", "byEmail")
);

-- CreateTable
CREATE TABLE "EmailRollup" (
    "shop" TEXT NOT NULL,
    "grain" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "variant" TEXT NOT NULL,
    "sent" INTEGER NOT NULL,
    "clicked" INTEGER NOT NULL,
    "recoveredAfter" INTEGER NOT NULL,
    "credited" INTEGER NOT NULL,
    "creditedRevenueMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "grain", "slot", "step", "variant")
);

-- CreateTable
CREATE TABLE "SeriesRollup" (
    "shop" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "abandoned" INTEGER NOT NULL,
    "recovered" INTEGER NOT NULL,
    "recoveredOnTheirOwn" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "slot")
);

-- CreateTable
CREATE TABLE "EmailCredit" (
    "sendId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "variant" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "credited" BOOLEAN NOT NULL,
    "creditedRevenueMinor" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "EmailCredit_enrollmentId_idx" ON "EmailCredit"("enrollmentId");

-- CreateIndex
CREATE INDEX "DiscountCode_shop_usedAt_usedOrderId_discountMinor_idx" ON "DiscountCode"("shop", "usedAt", "usedOrderId", "discountMinor");

-- Report rollups (docs/decisions/0007-report-rollups.md), written by scripts/report-rollups-sql.mjs.

-- Filled from the rows already stored, then kept by triggers in the same transaction as every change.

INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
SELECT r."shop",
  g."grain",
  CAST(strftime('%s', r."anchorAt") AS INTEGER) / g."grain",
  r."status" = 'SKIPPED',
  CASE WHEN r."status" = 'SKIPPED' THEN '' ELSE r."arm" END,
  CASE WHEN r."status" = 'SKIPPED' THEN COALESCE(r."reason", 'UNKNOWN') ELSE '' END,
  SUM(1),
  SUM(CASE WHEN r."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN r."firstSentAt" IS NOT NULL AND r."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
  SUM(CASE WHEN r."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END),
  SUM(COALESCE(r."recoveredMinor", 0)),
  SUM(CAST(COALESCE(r."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(r."recoveredMinor", 0))
FROM "Enrollment" AS r CROSS JOIN (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
GROUP BY 1, 2, 3, 4, 5, 6;

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

INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
FROM (
  SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
    NOT EXISTS (
      SELECT 1 FROM "RecoverySend" AS "later"
      WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
        AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
    ) AS "credited",
    COALESCE(e."recoveredMinor", 0) AS "revenue"
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

CREATE TRIGGER "Enrollment_report_rollups_insert" AFTER INSERT ON "Enrollment" FOR EACH ROW
BEGIN
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / g."grain",
    NEW."status" = 'SKIPPED',
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE NEW."arm" END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN COALESCE(NEW."reason", 'UNKNOWN') ELSE '' END,
    1,
    CASE WHEN NEW."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END,
    CASE WHEN NEW."firstSentAt" IS NOT NULL AND NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
    CASE WHEN NEW."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE(NEW."recoveredMinor", 0),
    CAST(COALESCE(NEW."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(NEW."recoveredMinor", 0)
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason") DO UPDATE SET
    "checkouts" = "CheckoutRollup"."checkouts" + excluded."checkouts",
    "emailed" = "CheckoutRollup"."emailed" + excluded."emailed",
    "emailedRecovered" = "CheckoutRollup"."emailedRecovered" + excluded."emailedRecovered",
    "recovered" = "CheckoutRollup"."recovered" + excluded."recovered",
    "revenueMinor" = "CheckoutRollup"."revenueMinor" + excluded."revenueMinor",
    "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares";
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
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = NEW."id" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
END;

CREATE TRIGGER "Enrollment_report_rollups_update" AFTER UPDATE OF "id", "shop", "status", "arm", "reason", "anchorAt", "firstSentAt", "recoveredOrderId", "recoveredAt", "attributionMethod", "recoveredByEmail", "recoveredMinor" ON "Enrollment" FOR EACH ROW
WHEN OLD."id" IS NOT NEW."id" OR OLD."shop" IS NOT NEW."shop" OR OLD."status" IS NOT NEW."status" OR OLD."arm" IS NOT NEW."arm" OR OLD."reason" IS NOT NEW."reason" OR OLD."anchorAt" IS NOT NEW."anchorAt" OR OLD."firstSentAt" IS NOT NEW."firstSentAt" OR OLD."recoveredOrderId" IS NOT NEW."recoveredOrderId" OR OLD."recoveredAt" IS NOT NEW."recoveredAt" OR OLD."attributionMethod" IS NOT NEW."attributionMethod" OR OLD."recoveredByEmail" IS NOT NEW."recoveredByEmail" OR OLD."recoveredMinor" IS NOT NEW."recoveredMinor"
BEGIN
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / g."grain",
    OLD."status" = 'SKIPPED',
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE OLD."arm" END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN COALESCE(OLD."reason", 'UNKNOWN') ELSE '' END,
    -(1),
    -(CASE WHEN OLD."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."firstSentAt" IS NOT NULL AND OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END),
    -(COALESCE(OLD."recoveredMinor", 0)),
    -(CAST(COALESCE(OLD."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(OLD."recoveredMinor", 0))
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason") DO UPDATE SET
    "checkouts" = "CheckoutRollup"."checkouts" + excluded."checkouts",
    "emailed" = "CheckoutRollup"."emailed" + excluded."emailed",
    "emailedRecovered" = "CheckoutRollup"."emailedRecovered" + excluded."emailedRecovered",
    "recovered" = "CheckoutRollup"."recovered" + excluded."recovered",
    "revenueMinor" = "CheckoutRollup"."revenueMinor" + excluded."revenueMinor",
    "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares";
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
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
  SELECT NEW."shop",
    g."grain",
    CAST(strftime('%s', NEW."anchorAt") AS INTEGER) / g."grain",
    NEW."status" = 'SKIPPED',
    CASE WHEN NEW."status" = 'SKIPPED' THEN '' ELSE NEW."arm" END,
    CASE WHEN NEW."status" = 'SKIPPED' THEN COALESCE(NEW."reason", 'UNKNOWN') ELSE '' END,
    1,
    CASE WHEN NEW."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END,
    CASE WHEN NEW."firstSentAt" IS NOT NULL AND NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
    CASE WHEN NEW."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE(NEW."recoveredMinor", 0),
    CAST(COALESCE(NEW."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(NEW."recoveredMinor", 0)
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason") DO UPDATE SET
    "checkouts" = "CheckoutRollup"."checkouts" + excluded."checkouts",
    "emailed" = "CheckoutRollup"."emailed" + excluded."emailed",
    "emailedRecovered" = "CheckoutRollup"."emailedRecovered" + excluded."emailedRecovered",
    "recovered" = "CheckoutRollup"."recovered" + excluded."recovered",
    "revenueMinor" = "CheckoutRollup"."revenueMinor" + excluded."revenueMinor",
    "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares";
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
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."id";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = OLD."id" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."id" AND NEW."id" <> OLD."id";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = NEW."id" AND NEW."id" <> OLD."id" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
END;

CREATE TRIGGER "Enrollment_report_rollups_delete" AFTER DELETE ON "Enrollment" FOR EACH ROW
BEGIN
  INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
  SELECT OLD."shop",
    g."grain",
    CAST(strftime('%s', OLD."anchorAt") AS INTEGER) / g."grain",
    OLD."status" = 'SKIPPED',
    CASE WHEN OLD."status" = 'SKIPPED' THEN '' ELSE OLD."arm" END,
    CASE WHEN OLD."status" = 'SKIPPED' THEN COALESCE(OLD."reason", 'UNKNOWN') ELSE '' END,
    -(1),
    -(CASE WHEN OLD."firstSentAt" IS NOT NULL THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."firstSentAt" IS NOT NULL AND OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
    -(CASE WHEN OLD."recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END),
    -(COALESCE(OLD."recoveredMinor", 0)),
    -(CAST(COALESCE(OLD."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(OLD."recoveredMinor", 0))
  FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
  WHERE TRUE
  ON CONFLICT ("shop", "grain", "slot", "skipped", "arm", "reason") DO UPDATE SET
    "checkouts" = "CheckoutRollup"."checkouts" + excluded."checkouts",
    "emailed" = "CheckoutRollup"."emailed" + excluded."emailed",
    "emailedRecovered" = "CheckoutRollup"."emailedRecovered" + excluded."emailedRecovered",
    "recovered" = "CheckoutRollup"."recovered" + excluded."recovered",
    "revenueMinor" = "CheckoutRollup"."revenueMinor" + excluded."revenueMinor",
    "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares";
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
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue"
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
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue"
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
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue"
    FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
    WHERE s."enrollmentId" = OLD."enrollmentId" AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL
      AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
      AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
  ) AS "credits";
  DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."enrollmentId" AND NEW."enrollmentId" <> OLD."enrollmentId";
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue"
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
  INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
  SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
  FROM (
    SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",
      NOT EXISTS (
        SELECT 1 FROM "RecoverySend" AS "later"
        WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'
          AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
      ) AS "credited",
      COALESCE(e."recoveredMinor", 0) AS "revenue"
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
END;
