-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "orderIds" TEXT;

-- CreateTable
CREATE TABLE "ShopErasure" (
    "shop" TEXT NOT NULL,
    "triggeredAt" TIMESTAMP(3) NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "erased" TEXT NOT NULL DEFAULT '{}',
    "batches" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "ShopErasure_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "PrivacyRequest_kind_completedAt_idx" ON "PrivacyRequest"("kind", "completedAt");
