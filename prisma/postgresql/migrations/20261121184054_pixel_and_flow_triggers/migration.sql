-- AlterTable
ALTER TABLE "Checkout" ADD COLUMN     "emailFromPixelAt" TIMESTAMP(3),
ADD COLUMN     "pixelCompletedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "FlowTrigger" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "FlowTrigger_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FlowTrigger_sentAt_failedAt_nextAttemptAt_idx" ON "FlowTrigger"("sentAt", "failedAt", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "FlowTrigger_shop_checkoutId_idx" ON "FlowTrigger"("shop", "checkoutId");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTrigger_shop_handle_checkoutId_key" ON "FlowTrigger"("shop", "handle", "checkoutId");
