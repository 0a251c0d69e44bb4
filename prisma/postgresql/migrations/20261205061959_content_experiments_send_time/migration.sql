-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "sendTimeArm" TEXT;

-- AlterTable
ALTER TABLE "RecoverySend" ADD COLUMN     "experimentKey" TEXT,
ADD COLUMN     "template" TEXT;

-- CreateTable
CREATE TABLE "ExperimentDecision" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "experimentKey" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "winner" TEXT NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "reversedAt" TIMESTAMP(3),

    CONSTRAINT "ExperimentDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExperimentDecision_shop_experimentKey_idx" ON "ExperimentDecision"("shop", "experimentKey");

-- CreateIndex
CREATE INDEX "Enrollment_shop_sendTimeArm_anchorAt_idx" ON "Enrollment"("shop", "sendTimeArm", "anchorAt");

-- CreateIndex
CREATE INDEX "RecoverySend_shop_experimentKey_subjectVariant_idx" ON "RecoverySend"("shop", "experimentKey", "subjectVariant");
