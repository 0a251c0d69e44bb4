-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN "sendTimeArm" TEXT;

-- AlterTable
ALTER TABLE "RecoverySend" ADD COLUMN "experimentKey" TEXT;
ALTER TABLE "RecoverySend" ADD COLUMN "template" TEXT;

-- CreateTable
CREATE TABLE "ExperimentDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "experimentKey" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "winner" TEXT NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL,
    "reversedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ExperimentDecision_shop_experimentKey_idx" ON "ExperimentDecision"("shop", "experimentKey");

-- CreateIndex
CREATE INDEX "Enrollment_shop_sendTimeArm_anchorAt_idx" ON "Enrollment"("shop", "sendTimeArm", "anchorAt");

-- CreateIndex
CREATE INDEX "RecoverySend_shop_experimentKey_subjectVariant_idx" ON "RecoverySend"("shop", "experimentKey", "subjectVariant");
