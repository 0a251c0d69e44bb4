-- The report rollups gain a bucket in their primary key (docs/decisions/0016-rollup-buckets.md): each
-- connection counts into its own row of a key, so concurrent writers of one shop no longer queue on one row's
-- lock. The rows kept so far become bucket 0. The trigger functions go first (their upserts name the old keys,
-- which no longer match a unique index), and the end of this migration creates them again with the bucket.
DROP FUNCTION IF EXISTS "Enrollment_report_rollups"() CASCADE;
DROP FUNCTION IF EXISTS "RecoverySend_report_rollups"() CASCADE;
DROP FUNCTION IF EXISTS "EmailCredit_report_rollups"() CASCADE;

-- AlterTable
ALTER TABLE "CheckoutRollup" DROP CONSTRAINT "CheckoutRollup_pkey",
ADD COLUMN     "bucket" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "CheckoutRollup_pkey" PRIMARY KEY ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket");

-- AlterTable
ALTER TABLE "RecoveryRollup" DROP CONSTRAINT "RecoveryRollup_pkey",
ADD COLUMN     "bucket" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "RecoveryRollup_pkey" PRIMARY KEY ("shop", "grain", "slot", "method", "byEmail", "bucket");

-- AlterTable
ALTER TABLE "EmailRollup" DROP CONSTRAINT "EmailRollup_pkey",
ADD COLUMN     "bucket" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "EmailRollup_pkey" PRIMARY KEY ("shop", "grain", "slot", "step", "variant", "bucket");

-- AlterTable
ALTER TABLE "SeriesRollup" DROP CONSTRAINT "SeriesRollup_pkey",
ADD COLUMN     "bucket" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "SeriesRollup_pkey" PRIMARY KEY ("shop", "slot", "bucket");

-- AlterTable
ALTER TABLE "CreditRollup" DROP CONSTRAINT "CreditRollup_pkey",
ADD COLUMN     "bucket" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "CreditRollup_pkey" PRIMARY KEY ("shop", "grain", "slot", "step", "bucket");

-- Report rollups (docs/decisions/0007-report-rollups.md), written by scripts/report-rollups-sql.mjs.

-- The triggers alone: the rows already in the rollups are kept.

-- Trigger functions are escaped strings (E'...', semicolons written \x3B): Prisma's PostgreSQL adapter
-- runs a migration split at every semicolon, even one inside quotes.

CREATE FUNCTION "Enrollment_report_rollups"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."anchorAt") / g."grain") AS INTEGER),
      NEW."status" = ''SKIPPED'',
      CASE WHEN NEW."status" = ''SKIPPED'' THEN '''' ELSE NEW."arm" END,
      CASE WHEN NEW."status" = ''SKIPPED'' THEN COALESCE(NEW."reason", ''UNKNOWN'') ELSE '''' END,
      CASE WHEN NEW."status" = ''SKIPPED'' THEN '''' ELSE COALESCE(NEW."segmentId", ''default'') END,
      CASE WHEN NEW."status" = ''SKIPPED'' THEN '''' ELSE COALESCE(NEW."offerArm", '''') END,
      pg_backend_pid() % 16,
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
      "profitSquares" = "CheckoutRollup"."profitSquares" + excluded."profitSquares"\x3B
    INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "bucket", "orders", "revenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."recoveredAt") / g."grain") AS INTEGER),
      COALESCE(NEW."attributionMethod", ''''),
      COALESCE(NEW."recoveredByEmail" = TRUE, FALSE),
      pg_backend_pid() % 16,
      1,
      COALESCE(NEW."recoveredMinor", 0)
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "method", "byEmail", "bucket") DO UPDATE SET
      "orders" = "RecoveryRollup"."orders" + excluded."orders",
      "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT NEW."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."anchorAt") / 900) AS INTEGER),
      pg_backend_pid() % 16,
      1,
      0,
      0,
      0
    WHERE TRUE
    ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
      "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT NEW."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."recoveredAt") / 900) AS INTEGER),
      pg_backend_pid() % 16,
      0,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN 0 ELSE 1 END,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN COALESCE(NEW."recoveredMinor", 0) ELSE 0 END
    WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
      "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
      "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
      "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."id"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = NEW."id" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  IF TG_OP = ''UPDATE'' THEN
    INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."anchorAt") / g."grain") AS INTEGER),
      OLD."status" = ''SKIPPED'',
      CASE WHEN OLD."status" = ''SKIPPED'' THEN '''' ELSE OLD."arm" END,
      CASE WHEN OLD."status" = ''SKIPPED'' THEN COALESCE(OLD."reason", ''UNKNOWN'') ELSE '''' END,
      CASE WHEN OLD."status" = ''SKIPPED'' THEN '''' ELSE COALESCE(OLD."segmentId", ''default'') END,
      CASE WHEN OLD."status" = ''SKIPPED'' THEN '''' ELSE COALESCE(OLD."offerArm", '''') END,
      pg_backend_pid() % 16,
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
      "profitSquares" = "CheckoutRollup"."profitSquares" + excluded."profitSquares"\x3B
    INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "bucket", "orders", "revenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."recoveredAt") / g."grain") AS INTEGER),
      COALESCE(OLD."attributionMethod", ''''),
      COALESCE(OLD."recoveredByEmail" = TRUE, FALSE),
      pg_backend_pid() % 16,
      -(1),
      -(COALESCE(OLD."recoveredMinor", 0))
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "method", "byEmail", "bucket") DO UPDATE SET
      "orders" = "RecoveryRollup"."orders" + excluded."orders",
      "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT OLD."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."anchorAt") / 900) AS INTEGER),
      pg_backend_pid() % 16,
      -(1),
      0,
      0,
      0
    WHERE TRUE
    ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
      "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT OLD."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."recoveredAt") / 900) AS INTEGER),
      pg_backend_pid() % 16,
      0,
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 0 ELSE 1 END),
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN COALESCE(OLD."recoveredMinor", 0) ELSE 0 END)
    WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
      "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
      "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
      "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."anchorAt") / g."grain") AS INTEGER),
      NEW."status" = ''SKIPPED'',
      CASE WHEN NEW."status" = ''SKIPPED'' THEN '''' ELSE NEW."arm" END,
      CASE WHEN NEW."status" = ''SKIPPED'' THEN COALESCE(NEW."reason", ''UNKNOWN'') ELSE '''' END,
      CASE WHEN NEW."status" = ''SKIPPED'' THEN '''' ELSE COALESCE(NEW."segmentId", ''default'') END,
      CASE WHEN NEW."status" = ''SKIPPED'' THEN '''' ELSE COALESCE(NEW."offerArm", '''') END,
      pg_backend_pid() % 16,
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
      "profitSquares" = "CheckoutRollup"."profitSquares" + excluded."profitSquares"\x3B
    INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "bucket", "orders", "revenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."recoveredAt") / g."grain") AS INTEGER),
      COALESCE(NEW."attributionMethod", ''''),
      COALESCE(NEW."recoveredByEmail" = TRUE, FALSE),
      pg_backend_pid() % 16,
      1,
      COALESCE(NEW."recoveredMinor", 0)
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "method", "byEmail", "bucket") DO UPDATE SET
      "orders" = "RecoveryRollup"."orders" + excluded."orders",
      "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT NEW."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."anchorAt") / 900) AS INTEGER),
      pg_backend_pid() % 16,
      1,
      0,
      0,
      0
    WHERE TRUE
    ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
      "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT NEW."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."recoveredAt") / 900) AS INTEGER),
      pg_backend_pid() % 16,
      0,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN 1 ELSE 0 END,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN 0 ELSE 1 END,
      CASE WHEN NEW."recoveredByEmail" = TRUE THEN COALESCE(NEW."recoveredMinor", 0) ELSE 0 END
    WHERE NEW."recoveredOrderId" IS NOT NULL AND NEW."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
      "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
      "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
      "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."id" AND (OLD."id" IS DISTINCT FROM NEW."id" OR OLD."shop" IS DISTINCT FROM NEW."shop" OR OLD."recoveredAt" IS DISTINCT FROM NEW."recoveredAt" OR OLD."recoveredByEmail" IS DISTINCT FROM NEW."recoveredByEmail" OR OLD."recoveredMinor" IS DISTINCT FROM NEW."recoveredMinor")\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = OLD."id" AND (OLD."id" IS DISTINCT FROM NEW."id" OR OLD."shop" IS DISTINCT FROM NEW."shop" OR OLD."recoveredAt" IS DISTINCT FROM NEW."recoveredAt" OR OLD."recoveredByEmail" IS DISTINCT FROM NEW."recoveredByEmail" OR OLD."recoveredMinor" IS DISTINCT FROM NEW."recoveredMinor") AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."id" AND NEW."id" <> OLD."id"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = NEW."id" AND NEW."id" <> OLD."id" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  IF TG_OP = ''DELETE'' THEN
    INSERT INTO "CheckoutRollup" ("shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm", "bucket", "checkouts", "emailed", "emailedRecovered", "recovered", "revenueMinor", "revenueSquares", "emails", "discountMinor", "discountSquares", "profitMinor", "profitSquares")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."anchorAt") / g."grain") AS INTEGER),
      OLD."status" = ''SKIPPED'',
      CASE WHEN OLD."status" = ''SKIPPED'' THEN '''' ELSE OLD."arm" END,
      CASE WHEN OLD."status" = ''SKIPPED'' THEN COALESCE(OLD."reason", ''UNKNOWN'') ELSE '''' END,
      CASE WHEN OLD."status" = ''SKIPPED'' THEN '''' ELSE COALESCE(OLD."segmentId", ''default'') END,
      CASE WHEN OLD."status" = ''SKIPPED'' THEN '''' ELSE COALESCE(OLD."offerArm", '''') END,
      pg_backend_pid() % 16,
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
      "profitSquares" = "CheckoutRollup"."profitSquares" + excluded."profitSquares"\x3B
    INSERT INTO "RecoveryRollup" ("shop", "grain", "slot", "method", "byEmail", "bucket", "orders", "revenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."recoveredAt") / g."grain") AS INTEGER),
      COALESCE(OLD."attributionMethod", ''''),
      COALESCE(OLD."recoveredByEmail" = TRUE, FALSE),
      pg_backend_pid() % 16,
      -(1),
      -(COALESCE(OLD."recoveredMinor", 0))
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "method", "byEmail", "bucket") DO UPDATE SET
      "orders" = "RecoveryRollup"."orders" + excluded."orders",
      "revenueMinor" = "RecoveryRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT OLD."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."anchorAt") / 900) AS INTEGER),
      pg_backend_pid() % 16,
      -(1),
      0,
      0,
      0
    WHERE TRUE
    ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
      "abandoned" = "SeriesRollup"."abandoned" + excluded."abandoned"\x3B
    INSERT INTO "SeriesRollup" ("shop", "slot", "bucket", "abandoned", "recovered", "recoveredOnTheirOwn", "revenueMinor")
    SELECT OLD."shop",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."recoveredAt") / 900) AS INTEGER),
      pg_backend_pid() % 16,
      0,
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 1 ELSE 0 END),
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN 0 ELSE 1 END),
      -(CASE WHEN OLD."recoveredByEmail" = TRUE THEN COALESCE(OLD."recoveredMinor", 0) ELSE 0 END)
    WHERE OLD."recoveredOrderId" IS NOT NULL AND OLD."recoveredAt" IS NOT NULL
    ON CONFLICT ("shop", "slot", "bucket") DO UPDATE SET
      "recovered" = "SeriesRollup"."recovered" + excluded."recovered",
      "recoveredOnTheirOwn" = "SeriesRollup"."recoveredOnTheirOwn" + excluded."recoveredOnTheirOwn",
      "revenueMinor" = "SeriesRollup"."revenueMinor" + excluded."revenueMinor"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."id"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
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

CREATE TRIGGER "Enrollment_report_rollups_update" AFTER UPDATE OF "id", "shop", "status", "arm", "reason", "anchorAt", "firstSentAt", "recoveredOrderId", "recoveredAt", "attributionMethod", "recoveredByEmail", "recoveredMinor", "segmentId", "offerArm", "stepsSent", "discountMinor", "profitMinor" ON "Enrollment"
FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id" OR OLD."shop" IS DISTINCT FROM NEW."shop" OR OLD."status" IS DISTINCT FROM NEW."status" OR OLD."arm" IS DISTINCT FROM NEW."arm" OR OLD."reason" IS DISTINCT FROM NEW."reason" OR OLD."anchorAt" IS DISTINCT FROM NEW."anchorAt" OR OLD."firstSentAt" IS DISTINCT FROM NEW."firstSentAt" OR OLD."recoveredOrderId" IS DISTINCT FROM NEW."recoveredOrderId" OR OLD."recoveredAt" IS DISTINCT FROM NEW."recoveredAt" OR OLD."attributionMethod" IS DISTINCT FROM NEW."attributionMethod" OR OLD."recoveredByEmail" IS DISTINCT FROM NEW."recoveredByEmail" OR OLD."recoveredMinor" IS DISTINCT FROM NEW."recoveredMinor" OR OLD."segmentId" IS DISTINCT FROM NEW."segmentId" OR OLD."offerArm" IS DISTINCT FROM NEW."offerArm" OR OLD."stepsSent" IS DISTINCT FROM NEW."stepsSent" OR OLD."discountMinor" IS DISTINCT FROM NEW."discountMinor" OR OLD."profitMinor" IS DISTINCT FROM NEW."profitMinor")
EXECUTE FUNCTION "Enrollment_report_rollups"();

CREATE FUNCTION "RecoverySend_report_rollups"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."sentAt") / g."grain") AS INTEGER),
      NEW."step",
      COALESCE(NEW."subjectVariant", ''''),
      pg_backend_pid() % 16,
      1,
      CASE WHEN NEW."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END,
      0,
      0,
      0
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE NEW."status" = ''SENT'' AND NEW."sentAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
      "sent" = "EmailRollup"."sent" + excluded."sent",
      "clicked" = "EmailRollup"."clicked" + excluded."clicked"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."enrollmentId"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = NEW."enrollmentId" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  IF TG_OP = ''UPDATE'' THEN
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."sentAt") / g."grain") AS INTEGER),
      OLD."step",
      COALESCE(OLD."subjectVariant", ''''),
      pg_backend_pid() % 16,
      -(1),
      -(CASE WHEN OLD."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END),
      0,
      0,
      0
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE OLD."status" = ''SENT'' AND OLD."sentAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
      "sent" = "EmailRollup"."sent" + excluded."sent",
      "clicked" = "EmailRollup"."clicked" + excluded."clicked"\x3B
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."sentAt") / g."grain") AS INTEGER),
      NEW."step",
      COALESCE(NEW."subjectVariant", ''''),
      pg_backend_pid() % 16,
      1,
      CASE WHEN NEW."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END,
      0,
      0,
      0
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE NEW."status" = ''SENT'' AND NEW."sentAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
      "sent" = "EmailRollup"."sent" + excluded."sent",
      "clicked" = "EmailRollup"."clicked" + excluded."clicked"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."enrollmentId"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = OLD."enrollmentId" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = NEW."enrollmentId" AND NEW."enrollmentId" <> OLD."enrollmentId"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
      FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e
      WHERE s."enrollmentId" = NEW."enrollmentId" AND NEW."enrollmentId" <> OLD."enrollmentId" AND s."status" = ''SENT'' AND s."sentAt" IS NOT NULL
        AND e."id" = s."enrollmentId" AND e."shop" = s."shop"
        AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"
    ) AS "credits"\x3B
  END IF\x3B
  IF TG_OP = ''DELETE'' THEN
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."sentAt") / g."grain") AS INTEGER),
      OLD."step",
      COALESCE(OLD."subjectVariant", ''''),
      pg_backend_pid() % 16,
      -(1),
      -(CASE WHEN OLD."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END),
      0,
      0,
      0
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE OLD."status" = ''SENT'' AND OLD."sentAt" IS NOT NULL
    ON CONFLICT ("shop", "grain", "slot", "step", "variant", "bucket") DO UPDATE SET
      "sent" = "EmailRollup"."sent" + excluded."sent",
      "clicked" = "EmailRollup"."clicked" + excluded."clicked"\x3B
    DELETE FROM "EmailCredit" WHERE "enrollmentId" = OLD."enrollmentId"\x3B
    INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")
    SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"
    FROM (
      SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '''') AS "variant", s."sentAt",
        NOT EXISTS (
          SELECT 1 FROM "RecoverySend" AS "later"
          WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = ''SENT''
            AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"
        ) AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"
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
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."sentAt") / g."grain") AS INTEGER),
      NEW."step",
      NEW."variant",
      pg_backend_pid() % 16,
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
      "creditedRevenueMinor" = "EmailRollup"."creditedRevenueMinor" + excluded."creditedRevenueMinor"\x3B
    INSERT INTO "CreditRollup" ("shop", "grain", "slot", "step", "bucket", "credited", "revenueMinor")
    SELECT NEW."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM NEW."recoveredAt") / g."grain") AS INTEGER),
      NEW."step",
      pg_backend_pid() % 16,
      1,
      NEW."creditedRevenueMinor"
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE NEW."credited" = TRUE
    ON CONFLICT ("shop", "grain", "slot", "step", "bucket") DO UPDATE SET
      "credited" = "CreditRollup"."credited" + excluded."credited",
      "revenueMinor" = "CreditRollup"."revenueMinor" + excluded."revenueMinor"\x3B
  END IF\x3B
  IF TG_OP = ''DELETE'' THEN
    INSERT INTO "EmailRollup" ("shop", "grain", "slot", "step", "variant", "bucket", "sent", "clicked", "recoveredAfter", "credited", "creditedRevenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."sentAt") / g."grain") AS INTEGER),
      OLD."step",
      OLD."variant",
      pg_backend_pid() % 16,
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
      "creditedRevenueMinor" = "EmailRollup"."creditedRevenueMinor" + excluded."creditedRevenueMinor"\x3B
    INSERT INTO "CreditRollup" ("shop", "grain", "slot", "step", "bucket", "credited", "revenueMinor")
    SELECT OLD."shop",
      g."grain",
      CAST(FLOOR(EXTRACT(EPOCH FROM OLD."recoveredAt") / g."grain") AS INTEGER),
      OLD."step",
      pg_backend_pid() % 16,
      -(1),
      -(OLD."creditedRevenueMinor")
    FROM (SELECT 900 AS "grain" UNION ALL SELECT 86400) AS g
    WHERE OLD."credited" = TRUE
    ON CONFLICT ("shop", "grain", "slot", "step", "bucket") DO UPDATE SET
      "credited" = "CreditRollup"."credited" + excluded."credited",
      "revenueMinor" = "CreditRollup"."revenueMinor" + excluded."revenueMinor"\x3B
  END IF\x3B
  RETURN NULL\x3B
END
';

CREATE TRIGGER "EmailCredit_report_rollups_insert_delete" AFTER INSERT OR DELETE ON "EmailCredit"
FOR EACH ROW EXECUTE FUNCTION "EmailCredit_report_rollups"();
