-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN "leaseUntil" DATETIME;
ALTER TABLE "PrivacyRequest" ADD COLUMN "orderIds" TEXT;

-- CreateTable
CREATE TABLE "ShopErasure" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "triggeredAt" DATETIME NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "erased" TEXT NOT NULL DEFAULT '{}',
    "batches" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME
);

-- CreateIndex
CREATE INDEX "PrivacyRequest_kind_completedAt_idx" ON "PrivacyRequest"("kind", "completedAt");
