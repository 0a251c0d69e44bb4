-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "address" TEXT;

-- AlterTable
ALTER TABLE "Suppression" ADD COLUMN     "customerId" TEXT,
ADD COLUMN     "shopifyNextSyncAt" TIMESTAMP(3),
ADD COLUMN     "shopifySync" TEXT NOT NULL DEFAULT 'NOT_NEEDED',
ADD COLUMN     "shopifySyncAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "shopifySyncError" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "Product_shop_updatedAt_idx" ON "Product"("shop", "updatedAt");

-- CreateIndex
CREATE INDEX "Suppression_shopifySync_shopifyNextSyncAt_idx" ON "Suppression"("shopifySync", "shopifyNextSyncAt");
