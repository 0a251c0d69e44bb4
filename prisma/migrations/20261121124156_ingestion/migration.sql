-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "webhookId")
);

-- CreateTable
CREATE TABLE "Checkout" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "cartToken" TEXT,
    "shopifyId" TEXT,
    "customerId" TEXT,
    "emailHash" TEXT,
    "email" TEXT,
    "firstName" TEXT,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT,
    "checkoutToken" TEXT,
    "cartToken" TEXT,
    "customerId" TEXT,
    "emailHash" TEXT,
    "email" TEXT,
    "discountCodes" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "totalMinor" INTEGER NOT NULL,
    "subtotalMinor" INTEGER NOT NULL,
    "presentmentCurrency" TEXT NOT NULL,
    "presentmentTotalMinor" INTEGER NOT NULL,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "sourceName" TEXT,
    "shopifyCreatedAt" DATETIME NOT NULL,
    "matchedCheckoutId" TEXT,
    "redactedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MarketingConsent" (
    "shop" TEXT NOT NULL,
    "emailHash" TEXT NOT NULL,
    "customerId" TEXT,
    "state" TEXT NOT NULL,
    "consentUpdatedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "emailHash")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "productType" TEXT,
    "vendor" TEXT,
    "tags" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "priceMinMinor" INTEGER NOT NULL,
    "priceMaxMinor" INTEGER NOT NULL,
    "imageUrl" TEXT,
    "availableForSale" BOOLEAN NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "syncId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CatalogState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0,
    "productCount" INTEGER NOT NULL DEFAULT 0,
    "syncStatus" TEXT NOT NULL DEFAULT 'IDLE',
    "syncId" TEXT,
    "bulkOperationId" TEXT,
    "syncStartedAt" DATETIME,
    "syncFinishedAt" DATETIME,
    "leaseUntil" DATETIME,
    "syncError" TEXT,
    "syncAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastSyncedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "shopifyRequestId" TEXT,
    "customerId" TEXT,
    "emailHash" TEXT,
    "export" TEXT,
    "summary" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");

-- CreateIndex
CREATE INDEX "Checkout_shop_emailHash_idx" ON "Checkout"("shop", "emailHash");

-- CreateIndex
CREATE INDEX "Checkout_shop_cartToken_idx" ON "Checkout"("shop", "cartToken");

-- CreateIndex
CREATE INDEX "Checkout_shop_shopifyId_idx" ON "Checkout"("shop", "shopifyId");

-- CreateIndex
CREATE INDEX "Checkout_shop_customerId_idx" ON "Checkout"("shop", "customerId");

-- CreateIndex
CREATE INDEX "Checkout_shop_shopifyUpdatedAt_idx" ON "Checkout"("shop", "shopifyUpdatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Checkout_shop_token_key" ON "Checkout"("shop", "token");

-- CreateIndex
CREATE INDEX "Order_shop_checkoutToken_idx" ON "Order"("shop", "checkoutToken");

-- CreateIndex
CREATE INDEX "Order_shop_cartToken_idx" ON "Order"("shop", "cartToken");

-- CreateIndex
CREATE INDEX "Order_shop_emailHash_idx" ON "Order"("shop", "emailHash");

-- CreateIndex
CREATE INDEX "Order_shop_shopifyCreatedAt_idx" ON "Order"("shop", "shopifyCreatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Order_shop_orderId_key" ON "Order"("shop", "orderId");

-- CreateIndex
CREATE INDEX "MarketingConsent_shop_customerId_idx" ON "MarketingConsent"("shop", "customerId");

-- CreateIndex
CREATE INDEX "Product_shop_status_availableForSale_idx" ON "Product"("shop", "status", "availableForSale");

-- CreateIndex
CREATE INDEX "Product_shop_syncId_idx" ON "Product"("shop", "syncId");

-- CreateIndex
CREATE UNIQUE INDEX "Product_shop_productId_key" ON "Product"("shop", "productId");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shop_kind_receivedAt_idx" ON "PrivacyRequest"("shop", "kind", "receivedAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shop_emailHash_idx" ON "PrivacyRequest"("shop", "emailHash");

-- CreateIndex
CREATE UNIQUE INDEX "PrivacyRequest_shop_kind_shopifyRequestId_key" ON "PrivacyRequest"("shop", "kind", "shopifyRequestId");
