-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "abandonmentActivityId" TEXT;
ALTER TABLE "Shop" ADD COLUMN "reauthReason" TEXT;
ALTER TABLE "Shop" ADD COLUMN "reauthRequiredAt" DATETIME;

-- CreateTable
CREATE TABLE "ReconciliationState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "cursorUpdatedAt" DATETIME,
    "pageCursor" TEXT,
    "leaseUntil" DATETIME,
    "requestedAt" DATETIME,
    "lastStartedAt" DATETIME,
    "lastFinishedAt" DATETIME,
    "lastOutcome" TEXT,
    "lastError" TEXT,
    "lastSeen" INTEGER NOT NULL DEFAULT 0,
    "lastFound" INTEGER NOT NULL DEFAULT 0,
    "totalFound" INTEGER NOT NULL DEFAULT 0,
    "lastCostPoints" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AbandonmentReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "sendId" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "deliveryStatus" TEXT NOT NULL,
    "deliveredAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "JobHeartbeat" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "lastStartedAt" DATETIME NOT NULL,
    "lastFinishedAt" DATETIME,
    "lastReport" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Checkout" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "cartToken" TEXT,
    "shopifyId" TEXT,
    "customerId" TEXT,
    "emailHash" TEXT,
    "email" TEXT,
    "firstName" TEXT,
    "firstNameHash" TEXT,
    "recoveryUrl" TEXT,
    "locale" TEXT,
    "currency" TEXT NOT NULL,
    "presentmentCurrency" TEXT,
    "subtotalMinor" INTEGER NOT NULL,
    "totalMinor" INTEGER NOT NULL,
    "lineItems" TEXT NOT NULL,
    "lineItemCount" INTEGER NOT NULL,
    "acceptsMarketing" BOOLEAN NOT NULL DEFAULT false,
    "countryCode" TEXT,
    "sourceName" TEXT,
    "shopifyCreatedAt" DATETIME NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "orderedAt" DATETIME,
    "orderId" TEXT,
    "deletedAt" DATETIME,
    "redactedAt" DATETIME,
    "pixelCompletedAt" DATETIME,
    "emailFromPixelAt" DATETIME,
    "seenVia" TEXT NOT NULL DEFAULT 'WEBHOOK',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Checkout" ("acceptsMarketing", "cartToken", "completedAt", "countryCode", "createdAt", "currency", "customerId", "deletedAt", "email", "emailFromPixelAt", "emailHash", "firstName", "firstNameHash", "id", "lineItemCount", "lineItems", "locale", "orderId", "orderedAt", "pixelCompletedAt", "presentmentCurrency", "recoveryUrl", "redactedAt", "shop", "shopifyCreatedAt", "shopifyId", "shopifyUpdatedAt", "sourceName", "subtotalMinor", "token", "totalMinor", "updatedAt") SELECT "acceptsMarketing", "cartToken", "completedAt", "countryCode", "createdAt", "currency", "customerId", "deletedAt", "email", "emailFromPixelAt", "emailHash", "firstName", "firstNameHash", "id", "lineItemCount", "lineItems", "locale", "orderId", "orderedAt", "pixelCompletedAt", "presentmentCurrency", "recoveryUrl", "redactedAt", "shop", "shopifyCreatedAt", "shopifyId", "shopifyUpdatedAt", "sourceName", "subtotalMinor", "token", "totalMinor", "updatedAt" FROM "Checkout";
DROP TABLE "Checkout";
ALTER TABLE "new_Checkout" RENAME TO "Checkout";
CREATE INDEX "Checkout_shop_emailHash_idx" ON "Checkout"("shop", "emailHash");
CREATE INDEX "Checkout_shop_cartToken_idx" ON "Checkout"("shop", "cartToken");
CREATE INDEX "Checkout_shop_shopifyId_idx" ON "Checkout"("shop", "shopifyId");
CREATE INDEX "Checkout_shop_customerId_idx" ON "Checkout"("shop", "customerId");
CREATE INDEX "Checkout_shop_shopifyUpdatedAt_idx" ON "Checkout"("shop", "shopifyUpdatedAt");
CREATE INDEX "Checkout_shop_firstNameHash_idx" ON "Checkout"("shop", "firstNameHash");
CREATE INDEX "Checkout_shop_subtotalMinor_id_idx" ON "Checkout"("shop", "subtotalMinor", "id");
CREATE UNIQUE INDEX "Checkout_shop_token_key" ON "Checkout"("shop", "token");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AbandonmentReport_status_nextAttemptAt_idx" ON "AbandonmentReport"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "AbandonmentReport_shop_sendId_key" ON "AbandonmentReport"("shop", "sendId");
