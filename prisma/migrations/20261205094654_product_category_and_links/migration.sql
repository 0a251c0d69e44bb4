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
    "category" TEXT,
    "tags" TEXT NOT NULL,
    "collections" TEXT NOT NULL DEFAULT '[]',
    "complementaryProductIds" TEXT NOT NULL DEFAULT '[]',
    "relatedProductIds" TEXT NOT NULL DEFAULT '[]',
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
INSERT INTO "new_Product" ("availableForSale", "collections", "createdAt", "currency", "description", "handle", "id", "imageUrl", "priceMaxMinor", "priceMinMinor", "productId", "productType", "shop", "shopifyUpdatedAt", "status", "syncId", "tags", "title", "updatedAt", "vendor") SELECT "availableForSale", "collections", "createdAt", "currency", "description", "handle", "id", "imageUrl", "priceMaxMinor", "priceMinMinor", "productId", "productType", "shop", "shopifyUpdatedAt", "status", "syncId", "tags", "title", "updatedAt", "vendor" FROM "Product";
DROP TABLE "Product";
ALTER TABLE "new_Product" RENAME TO "Product";
CREATE INDEX "Product_shop_status_availableForSale_idx" ON "Product"("shop", "status", "availableForSale");
CREATE INDEX "Product_shop_syncId_idx" ON "Product"("shop", "syncId");
CREATE INDEX "Product_shop_updatedAt_idx" ON "Product"("shop", "updatedAt");
CREATE UNIQUE INDEX "Product_shop_productId_key" ON "Product"("shop", "productId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
