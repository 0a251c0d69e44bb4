-- AlterTable
ALTER TABLE "Checkout" ADD COLUMN "billingCountryCode" TEXT;
ALTER TABLE "Checkout" ADD COLUMN "billingProvinceCode" TEXT;
ALTER TABLE "Checkout" ADD COLUMN "shippingCountryCode" TEXT;
ALTER TABLE "Checkout" ADD COLUMN "shippingProvinceCode" TEXT;

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN "segmentId" TEXT;
ALTER TABLE "Enrollment" ADD COLUMN "sequenceVersionId" TEXT;

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SequenceVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Product" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "productType" TEXT,
    "vendor" TEXT,
    "tags" TEXT NOT NULL,
    "collections" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "priceMinMinor" INTEGER NOT NULL,
    "priceMaxMinor" INTEGER NOT NULL,
    "imageUrl" TEXT,
    "availableForSale" BOOLEAN NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "syncId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Product" ("availableForSale", "createdAt", "currency", "description", "handle", "id", "imageUrl", "priceMaxMinor", "priceMinMinor", "productId", "productType", "shop", "shopifyUpdatedAt", "status", "syncId", "tags", "title", "updatedAt", "vendor") SELECT "availableForSale", "createdAt", "currency", "description", "handle", "id", "imageUrl", "priceMaxMinor", "priceMinMinor", "productId", "productType", "shop", "shopifyUpdatedAt", "status", "syncId", "tags", "title", "updatedAt", "vendor" FROM "Product";
DROP TABLE "Product";
ALTER TABLE "new_Product" RENAME TO "Product";
CREATE INDEX "Product_shop_status_availableForSale_idx" ON "Product"("shop", "status", "availableForSale");
CREATE INDEX "Product_shop_syncId_idx" ON "Product"("shop", "syncId");
CREATE INDEX "Product_shop_updatedAt_idx" ON "Product"("shop", "updatedAt");
CREATE UNIQUE INDEX "Product_shop_productId_key" ON "Product"("shop", "productId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
  json_object(
    'steps', json(json_extract("data", '$.steps')),
    'tiers', json(COALESCE(json_extract("data", '$.tiers'), '[]')),
    'codeLifetimeHours', COALESCE(json_extract("data", '$.codeLifetimeHours'), 72),
    'holdoutPercent', COALESCE(json_extract("data", '$.holdoutPercent'), 0)
  ),
  CURRENT_TIMESTAMP
FROM "ShopSettings" WHERE json_extract("data", '$.steps') IS NOT NULL;

UPDATE "Enrollment" SET "segmentId" = 'default', "sequenceVersionId" = 'migrated-' || "shop"
WHERE "status" <> 'SKIPPED' AND "sequenceVersionId" IS NULL
  AND EXISTS (SELECT 1 FROM "SequenceVersion" v WHERE v."id" = 'migrated-' || "Enrollment"."shop");
