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
    "revenueSquares" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "CheckoutRollup_pkey" PRIMARY KEY ("shop","grain","slot","skipped","arm","reason")
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

    CONSTRAINT "RecoveryRollup_pkey" PRIMARY KEY ("shop","grain","slot","method","byEmail")
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

    CONSTRAINT "EmailRollup_pkey" PRIMARY KEY ("shop","grain","slot","step","variant")
);

-- CreateTable
CREATE TABLE "SeriesRollup" (
    "shop" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "abandoned" INTEGER NOT NULL,
    "recovered" INTEGER NOT NULL,
    "recoveredOnTheirOwn" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,

    CONSTRAINT "SeriesRollup_pkey" PRIMARY KEY ("shop","slot")
);

-- CreateTable
CREATE TABLE "EmailCredit" (
    "sendId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "variant" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "credited" BOOLEAN NOT NULL,
    "creditedRevenueMinor" INTEGER NOT NULL,

    CONSTRAINT "EmailCredit_pkey" PRIMARY KEY ("sendId")
);

-- CreateIndex
CREATE INDEX "EmailCredit_enrollmentId_idx" ON "EmailCredit"("enrollmentId");

-- CreateIndex
CREATE INDEX "DiscountCode_shop_usedAt_usedOrderId_discountMinor_idx" ON "DiscountCode"("shop", "usedAt", "usedOrderId", "discountMinor");

-- Report rollups (docs/decisions/0007-report-rollups.md), written by scripts/report-rollups-sql.mjs.

-- Filled from the rows already stored, then kept by triggers in the same transaction as every change.

-- Trigger functions are escaped strings (E'...', semicolons written \x3B): Prisma's PostgreSQL adapter
-- runs a migration split at every semicolon, even one inside quotes.

INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
SELECT r."shop",
  g."grain",
  CAST(FLOOR(EXTRACT(EPOCH FROM r."anchorAt") / g."grain") AS INTEGER),
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
  CAST(FLOOR(EXTRACT(EPOCH FROM r."recoveredAt") / g."grain") AS INTEGER),
  COALESCE(r."attributionMethod", ''),
  COALESCE(r."recoveredByEmail" = TRUE, FALSE),
  SUM(1),
  SUM(COALESCE(r."recoveredMinor", 0))
FROM "Enrollment" AS r CROSS JOIN (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
WHERE r."recoveredOrderId" IS NOT NULL AND r."recoveredAt" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
SELECT r."shop",
  CAST(FLOOR(EXTRACT(EPOCH FROM r."anchorAt") / 900) AS INTEGER),
  SUM(1),
  0,
  0,
  0
FROM "Enrollment" AS r
GROUP BY 1, 2;

INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
SELECT r."shop",
  CAST(FLOOR(EXTRACT(EPOCH FROM r."recoveredAt") / 900) AS INTEGER),
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
  CAST(FLOOR(EXTRACT(EPOCH FROM r."sentAt") / g."grain") AS INTEGER),
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
  CAST(FLOOR(EXTRACT(EPOCH FROM r."sentAt") / g."grain") AS INTEGER),
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

CREATE FUNCTION "Enrollment_report_rollups"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."anchorAt") / g."grain") AS INTEGER),
      NEW."status" = ''SKIPPED'',
      CASE WHEN NEW."status" = ''SKIPPED'' THEN '''' ELSE NEW."arm" END,
      CASE WHEN NEW."status" = ''SKIPPED'' THEN COALESCE(NEW."reason", ''UNKNOWN'') ELSE '''' END,
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
      "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares"\x3B
    INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "orders", "revenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."recoveredAt") / g."grain") AS INTEGER),
      COALESCE(NEW."attributionMethod", ''''),
      COALESCE(NEW."recoveredByEmail" = TRUE, FALSE),
      1,
      COALESCE(NEW."recoveredMinor", 0)
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "method", "byEmail") DO UPDATE SET
      "orders" = "RecoveryRollup"."orders" + excluded."orders",
      "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT NEW."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."anchorAt") / 900) AS INTEGER),
      1,
      0,
      0,
      0
    WHERE TRUE
    ON CONFLICT ("shop", "slot") DO UPDATE SET
      "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT NEW."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."recoveredAt") / 900) AS INTEGER),
      0,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN 0 ELSE 1 END,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN COALESCE(NEW."recoveredMinor", 0) ELSE 0 END
    WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "slot") DO UPDATE SET
      "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
      "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
      "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."id"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = NEW."id" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  IF TG_OP = ''UPDATE'' THEN
    INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."anchorAt") / g."grain") AS INTEGER),
      OLD."status" = ''SKIPPED'',
      CASE WHEN OLD."status" = ''SKIPPED'' THEN '''' ELSE OLD."arm" END,
      CASE WHEN OLD."status" = ''SKIPPED'' THEN COALESCE(OLD."reason", ''UNKNOWN'') ELSE '''' END,
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
      "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares"\x3B
    INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "orders", "revenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."recoveredAt") / g."grain") AS INTEGER),
      COALESCE(OLD."attributionMethod", ''''),
      COALESCE(OLD."recoveredByEmail" = TRUE, FALSE),
      -(1),
      -(COALESCE(OLD."recoveredMinor", 0))
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "method", "byEmail") DO UPDATE SET
      "orders" = "RecoveryRollup"."orders" + excluded."orders",
      "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT OLD."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."anchorAt") / 900) AS INTEGER),
      -(1),
      0,
      0,
      0
    WHERE TRUE
    ON CONFLICT ("shop", "slot") DO UPDATE SET
      "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT OLD."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."recoveredAt") / 900) AS INTEGER),
      0,
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 0 ELSE 1 END),
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN COALESCE(OLD."recoveredMinor", 0) ELSE 0 END)
    WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "slot") DO UPDATE SET
      "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
      "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
      "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."anchorAt") / g."grain") AS INTEGER),
      NEW."status" = ''SKIPPED'',
      CASE WHEN NEW."status" = ''SKIPPED'' THEN '''' ELSE NEW."arm" END,
      CASE WHEN NEW."status" = ''SKIPPED'' THEN COALESCE(NEW."reason", ''UNKNOWN'') ELSE '''' END,
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
      "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares"\x3B
    INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "orders", "revenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."recoveredAt") / g."grain") AS INTEGER),
      COALESCE(NEW."attributionMethod", ''''),
      COALESCE(NEW."recoveredByEmail" = TRUE, FALSE),
      1,
      COALESCE(NEW."recoveredMinor", 0)
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "method", "byEmail") DO UPDATE SET
      "orders" = "RecoveryRollup"."orders" + excluded."orders",
      "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT NEW."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."anchorAt") / 900) AS INTEGER),
      1,
      0,
      0,
      0
    WHERE TRUE
    ON CONFLICT ("shop", "slot") DO UPDATE SET
      "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT NEW."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."recoveredAt") / 900) AS INTEGER),
      0,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN 0 ELSE 1 END,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN COALESCE(NEW."recoveredMinor", 0) ELSE 0 END
    WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "slot") DO UPDATE SET
      "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
      "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
      "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."id"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = OLD."id" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."id" AND NEW."id" <> OLD."id"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = NEW."id" AND NEW."id" <> OLD."id" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  IF TG_OP = ''DELETE'' THEN
    INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."anchorAt") / g."grain") AS INTEGER),
      OLD."status" = ''SKIPPED'',
      CASE WHEN OLD."status" = ''SKIPPED'' THEN '''' ELSE OLD."arm" END,
      CASE WHEN OLD."status" = ''SKIPPED'' THEN COALESCE(OLD."reason", ''UNKNOWN'') ELSE '''' END,
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
      "revenueSquares" = "CheckoutRollup"."revenueSquares" + excluded."revenueSquares"\x3B
    INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "orders", "revenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."recoveredAt") / g."grain") AS INTEGER),
      COALESCE(OLD."attributionMethod", ''''),
      COALESCE(OLD."recoveredByEmail" = TRUE, FALSE),
      -(1),
      -(COALESCE(OLD."recoveredMinor", 0))
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "method", "byEmail") DO UPDATE SET
      "orders" = "RecoveryRollup"."orders" + excluded."orders",
      "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT OLD."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."anchorAt") / 900) AS INTEGER),
      -(1),
      0,
      0,
      0
    WHERE TRUE
    ON CONFLICT ("shop", "slot") DO UPDATE SET
      "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT OLD."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."recoveredAt") / 900) AS INTEGER),
      0,
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 0 ELSE 1 END),
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN COALESCE(OLD."recoveredMinor", 0) ELSE 0 END)
    WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "slot") DO UPDATE SET
      "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
      "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
      "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."id"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = OLD."id" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  RETURN NULL\x3B
END
';

CREATE TRIGGER "Enrollment_report_rollups_insert_delete" AFTER INSERT OR DELETE ON "Enrollment"
FOR EACH ROW EXECUTE FUNCTION "Enrollment_report_rollups"();

CREATE TRIGGER "Enrollment_report_rollups_update" AFTER UPDATE OF "id", "shop", "status", "arm", "reason", "anchorAt", "firstSentAt", "recoveredOrderId", "recoveredAt", "attributionMethod", "recoveredByEmail", "recoveredMinor" ON "Enrollment"
FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id" OR OLD."shop" IS DISTINCT FROM NEW."shop" OR OLD."status" IS DISTINCT FROM NEW."status" OR OLD."arm" IS DISTINCT FROM NEW."arm" OR OLD."reason" IS DISTINCT FROM NEW."reason" OR OLD."anchorAt" IS DISTINCT FROM NEW."anchorAt" OR OLD."firstSentAt" IS DISTINCT FROM NEW."firstSentAt" OR OLD."recoveredOrderId" IS DISTINCT FROM NEW."recoveredOrderId" OR OLD."recoveredAt" IS DISTINCT FROM NEW."recoveredAt" OR OLD."attributionMethod" IS DISTINCT FROM NEW."attributionMethod" OR OLD."recoveredByEmail" IS DISTINCT FROM NEW."recoveredByEmail" OR OLD."recoveredMinor" IS DISTINCT FROM NEW."recoveredMinor")
EXECUTE FUNCTION "Enrollment_report_rollups"();

CREATE FUNCTION "RecoverySend_report_rollups"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."sentAt") / g."grain") AS INTEGER),
      NEW."step",
      COALESCE(NEW."subjectVariant", ''''),
      1,
      CASE WHEN NEW."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END,
      0,
      0,
      0
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE NEW."status" = ''SENT'' AND NEW."sentAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
      "sent" = "EmailRollup"."sent" + excluded."sent",
      "clicked" = "EmailRollup"."clicked" + excluded."clicked"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."enrollmentId"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = NEW."enrollmentId" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  IF TG_OP = ''UPDATE'' THEN
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."sentAt") / g."grain") AS INTEGER),
      OLD."step",
      COALESCE(OLD."subjectVariant", ''''),
      -(1),
      -(CASE WHEN OLD."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END),
      0,
      0,
      0
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE OLD."status" = ''SENT'' AND OLD."sentAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
      "sent" = "EmailRollup"."sent" + excluded."sent",
      "clicked" = "EmailRollup"."clicked" + excluded."clicked"\x3B
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."sentAt") / g."grain") AS INTEGER),
      NEW."step",
      COALESCE(NEW."subjectVariant", ''''),
      1,
      CASE WHEN NEW."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END,
      0,
      0,
      0
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE NEW."status" = ''SENT'' AND NEW."sentAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
      "sent" = "EmailRollup"."sent" + excluded."sent",
      "clicked" = "EmailRollup"."clicked" + excluded."clicked"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."enrollmentId"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = OLD."enrollmentId" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."enrollmentId" AND NEW."enrollmentId" <> OLD."enrollmentId"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = NEW."enrollmentId" AND NEW."enrollmentId" <> OLD."enrollmentId" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  IF TG_OP = ''DELETE'' THEN
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."sentAt") / g."grain") AS INTEGER),
      OLD."step",
      COALESCE(OLD."subjectVariant", ''''),
      -(1),
      -(CASE WHEN OLD."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END),
      0,
      0,
      0
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE OLD."status" = ''SENT'' AND OLD."sentAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "step", "variant") DO UPDATE SET
      "sent" = "EmailRollup"."sent" + excluded."sent",
      "clicked" = "EmailRollup"."clicked" + excluded."clicked"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."enrollmentId"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = OLD."enrollmentId" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  RETURN NULL\x3B
END
';

CREATE TRIGGER "RecoverySend_report_rollups_insert_delete" AFTER INSERT OR DELETE ON "RecoverySend"
FOR EACH ROW EXECUTE FUNCTION "RecoverySend_report_rollups"();

CREATE TRIGGER "RecoverySend_report_rollups_update" AFTER UPDATE OF "id", "shop", "enrollmentId", "step", "status", "sentAt", "subjectVariant", "firstClickedAt" ON "RecoverySend"
FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id" OR OLD."shop" IS DISTINCT FROM NEW."shop" OR OLD."enrollmentId" IS DISTINCT FROM NEW."enrollmentId" OR OLD."step" IS DISTINCT FROM NEW."step" OR OLD."status" IS DISTINCT FROM NEW."status" OR OLD."sentAt" IS DISTINCT FROM NEW."sentAt" OR OLD."subjectVariant" IS DISTINCT FROM NEW."subjectVariant" OR OLD."firstClickedAt" IS DISTINCT FROM NEW."firstClickedAt")
EXECUTE FUNCTION "RecoverySend_report_rollups"();

CREATE FUNCTION "EmailCredit_report_rollups"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."sentAt") / g."grain") AS INTEGER),
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
      "creditedRevenueMinor" = "EmailRollup"."creditedRevenueMinor" + excluded."creditedRevenueMinor"\x3B
  END IF\x3B
  IF TG_OP = ''DELETE'' THEN
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."sentAt") / g."grain") AS INTEGER),
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
      "creditedRevenueMinor" = "EmailRollup"."creditedRevenueMinor" + excluded."creditedRevenueMinor"\x3B
  END IF\x3B
  RETURN NULL\x3B
END
';

CREATE TRIGGER "EmailCredit_report_rollups_insert_delete" AFTER INSERT OR DELETE ON "EmailCredit"
FOR EACH ROW EXECUTE FUNCTION "EmailCredit_report_rollups"();
