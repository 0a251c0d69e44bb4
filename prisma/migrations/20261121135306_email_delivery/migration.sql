-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "address" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Suppression" (
    "shop" TEXT NOT NULL,
    "emailHash" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "customerId" TEXT,
    "shopifySync" TEXT NOT NULL DEFAULT 'NOT_NEEDED',
    "shopifySyncAttempts" INTEGER NOT NULL DEFAULT 0,
    "shopifyNextSyncAt" DATETIME,
    "shopifySyncError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "emailHash")
);
INSERT INTO "new_Suppression" ("createdAt", "emailHash", "reason", "shop") SELECT "createdAt", "emailHash", "reason", "shop" FROM "Suppression";
DROP TABLE "Suppression";
ALTER TABLE "new_Suppression" RENAME TO "Suppression";
CREATE INDEX "Suppression_shopifySync_shopifyNextSyncAt_idx" ON "Suppression"("shopifySync", "shopifyNextSyncAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Product_shop_updatedAt_idx" ON "Product"("shop", "updatedAt");
