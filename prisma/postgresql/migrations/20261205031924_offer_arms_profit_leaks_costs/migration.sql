-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "costOfGoodsMinor" INTEGER,
ADD COLUMN     "discountMinor" INTEGER,
ADD COLUMN     "merchandiseMinor" INTEGER,
ADD COLUMN     "offerArm" TEXT,
ADD COLUMN     "profitMinor" INTEGER;

-- AlterTable
ALTER TABLE "DiscountCode" ADD COLUMN     "leakedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "VariantCost" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "unitCostMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VariantCost_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateIndex
CREATE INDEX "VariantCost_shop_productId_idx" ON "VariantCost"("shop", "productId");

-- CreateIndex
CREATE INDEX "DiscountCode_shop_leakedAt_idx" ON "DiscountCode"("shop", "leakedAt");
