-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "recoveryHolder" TEXT,
ADD COLUMN     "recoveryLeaseUntil" TIMESTAMP(3),
ADD COLUMN     "recoveryServedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "RecoverySend" ADD COLUMN     "batchKey" TEXT;

-- CreateIndex
CREATE INDEX "Shop_installState_recoveryServedAt_idx" ON "Shop"("installState", "recoveryServedAt");

-- CreateIndex
CREATE INDEX "RecoverySend_batchKey_idx" ON "RecoverySend"("batchKey");
