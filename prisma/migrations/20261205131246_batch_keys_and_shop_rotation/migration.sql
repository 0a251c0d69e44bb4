-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "recoveryHolder" TEXT;
ALTER TABLE "Shop" ADD COLUMN "recoveryLeaseUntil" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "recoveryServedAt" DATETIME;

-- AlterTable
ALTER TABLE "RecoverySend" ADD COLUMN "batchKey" TEXT;

-- CreateIndex
CREATE INDEX "Shop_installState_recoveryServedAt_idx" ON "Shop"("installState", "recoveryServedAt");

-- CreateIndex
CREATE INDEX "RecoverySend_batchKey_idx" ON "RecoverySend"("batchKey");
