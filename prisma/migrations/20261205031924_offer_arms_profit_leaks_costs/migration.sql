-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN "costOfGoodsMinor" INTEGER;
ALTER TABLE "Enrollment" ADD COLUMN "discountMinor" INTEGER;
ALTER TABLE "Enrollment" ADD COLUMN "merchandiseMinor" INTEGER;
ALTER TABLE "Enrollment" ADD COLUMN "offerArm" TEXT;
ALTER TABLE "Enrollment" ADD COLUMN "profitMinor" INTEGER;

-- AlterTable
ALTER TABLE "DiscountCode" ADD COLUMN "leakedAt" DATETIME;

-- CreateTable
CREATE TABLE "VariantCost" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "unitCostMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateIndex
CREATE INDEX "VariantCost_shop_productId_idx" ON "VariantCost"("shop", "productId");

-- CreateIndex
CREATE INDEX "DiscountCode_shop_leakedAt_idx" ON "DiscountCode"("shop", "leakedAt");
