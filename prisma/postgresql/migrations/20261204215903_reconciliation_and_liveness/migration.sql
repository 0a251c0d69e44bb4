-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "abandonmentActivityId" TEXT,
ADD COLUMN     "reauthReason" TEXT,
ADD COLUMN     "reauthRequiredAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Checkout" ADD COLUMN     "seenVia" TEXT NOT NULL DEFAULT 'WEBHOOK';

-- CreateTable
CREATE TABLE "ReconciliationState" (
    "shop" TEXT NOT NULL,
    "cursorUpdatedAt" TIMESTAMP(3),
    "pageCursor" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "requestedAt" TIMESTAMP(3),
    "lastStartedAt" TIMESTAMP(3),
    "lastFinishedAt" TIMESTAMP(3),
    "lastOutcome" TEXT,
    "lastError" TEXT,
    "lastSeen" INTEGER NOT NULL DEFAULT 0,
    "lastFound" INTEGER NOT NULL DEFAULT 0,
    "totalFound" INTEGER NOT NULL DEFAULT 0,
    "lastCostPoints" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReconciliationState_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "AbandonmentReport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "sendId" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "deliveryStatus" TEXT NOT NULL,
    "deliveredAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AbandonmentReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobHeartbeat" (
    "name" TEXT NOT NULL,
    "lastStartedAt" TIMESTAMP(3) NOT NULL,
    "lastFinishedAt" TIMESTAMP(3),
    "lastReport" TEXT,

    CONSTRAINT "JobHeartbeat_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "AbandonmentReport_status_nextAttemptAt_idx" ON "AbandonmentReport"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "AbandonmentReport_shop_sendId_key" ON "AbandonmentReport"("shop", "sendId");
