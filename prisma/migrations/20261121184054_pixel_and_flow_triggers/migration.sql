-- AlterTable
ALTER TABLE "Checkout" ADD COLUMN "emailFromPixelAt" DATETIME;
ALTER TABLE "Checkout" ADD COLUMN "pixelCompletedAt" DATETIME;

-- CreateTable
CREATE TABLE "FlowTrigger" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "failedAt" DATETIME,
    "lastError" TEXT
);

-- CreateIndex
CREATE INDEX "FlowTrigger_sentAt_failedAt_nextAttemptAt_idx" ON "FlowTrigger"("sentAt", "failedAt", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "FlowTrigger_shop_checkoutId_idx" ON "FlowTrigger"("shop", "checkoutId");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTrigger_shop_handle_checkoutId_key" ON "FlowTrigger"("shop", "handle", "checkoutId");
