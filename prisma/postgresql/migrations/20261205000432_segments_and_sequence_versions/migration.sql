-- AlterTable
ALTER TABLE "Checkout" ADD COLUMN     "billingCountryCode" TEXT,
ADD COLUMN     "billingProvinceCode" TEXT,
ADD COLUMN     "shippingCountryCode" TEXT,
ADD COLUMN     "shippingProvinceCode" TEXT;

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "collections" TEXT NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "segmentId" TEXT,
ADD COLUMN     "sequenceVersionId" TEXT;

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SequenceVersion" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SequenceVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Segment_shop_deletedAt_position_idx" ON "Segment"("shop", "deletedAt", "position");

-- CreateIndex
CREATE UNIQUE INDEX "SequenceVersion_shop_segmentId_number_key" ON "SequenceVersion"("shop", "segmentId", "number");

-- CreateIndex
CREATE INDEX "Enrollment_shop_segmentId_anchorAt_idx" ON "Enrollment"("shop", "segmentId", "anchorAt");

-- CreateIndex
CREATE INDEX "Enrollment_shop_status_sequenceVersionId_idx" ON "Enrollment"("shop", "status", "sequenceVersionId");

-- Data: each shop's current steps, tiers, code lifetime and holdout become version 1 of its catch-all segment
-- ("default"), and every enrolment that started a sequence is pinned to it: nothing in flight changes.
INSERT INTO "SequenceVersion" ("id", "shop", "segmentId", "number", "data", "createdAt")
SELECT 'migrated-' || "shop", "shop", 'default', 1,
  json_build_object(
    'steps', ("data"::json)->'steps',
    'tiers', COALESCE(("data"::json)->'tiers', '[]'::json),
    'codeLifetimeHours', COALESCE((("data"::json)->>'codeLifetimeHours')::int, 72),
    'holdoutPercent', COALESCE((("data"::json)->>'holdoutPercent')::int, 0)
  )::text,
  CURRENT_TIMESTAMP
FROM "ShopSettings" WHERE ("data"::json)->'steps' IS NOT NULL;

UPDATE "Enrollment" SET "segmentId" = 'default', "sequenceVersionId" = 'migrated-' || "shop"
WHERE "status" <> 'SKIPPED' AND "sequenceVersionId" IS NULL
  AND EXISTS (SELECT 1 FROM "SequenceVersion" v WHERE v."id" = 'migrated-' || "Enrollment"."shop");
