-- AlterTable
ALTER TABLE "Order" ADD COLUMN "attributedEnrollmentId" TEXT;
ALTER TABLE "Order" ADD COLUMN "attributionMethod" TEXT;

-- CreateTable
CREATE TABLE "Enrollment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "emailHash" TEXT,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "arm" TEXT NOT NULL DEFAULT 'TREATMENT',
    "anchorAt" DATETIME NOT NULL,
    "nextStep" INTEGER,
    "dueAt" DATETIME,
    "enrolledAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME,
    "stepsSent" INTEGER NOT NULL DEFAULT 0,
    "firstSentAt" DATETIME,
    "lastSentAt" DATETIME,
    "recoveredOrderId" TEXT,
    "recoveredAt" DATETIME,
    "attributionMethod" TEXT,
    "recoveredByEmail" BOOLEAN,
    "recoveredMinor" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Enrollment_checkoutId_fkey" FOREIGN KEY ("checkoutId") REFERENCES "Checkout" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecoverySend" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "emailHash" TEXT,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "reason" TEXT,
    "claimToken" TEXT,
    "leaseUntil" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "idempotencyKey" TEXT NOT NULL,
    "subjectVariant" TEXT,
    "subject" TEXT,
    "hasOffer" BOOLEAN NOT NULL DEFAULT false,
    "providerMessageId" TEXT,
    "sentAt" DATETIME,
    "deliveredAt" DATETIME,
    "openedAt" DATETIME,
    "firstClickedAt" DATETIME,
    "clickCount" INTEGER NOT NULL DEFAULT 0,
    "bouncedAt" DATETIME,
    "complainedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RecoveryEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "enrollmentId" TEXT,
    "step" INTEGER,
    "type" TEXT NOT NULL,
    "reason" TEXT,
    "data" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DiscountCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "percentOff" INTEGER,
    "minimumSubtotalMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "shopifyId" TEXT,
    "failureReason" TEXT,
    "startsAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedOrderId" TEXT,
    "usedAt" DATETIME,
    "discountMinor" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Suppression" (
    "shop" TEXT NOT NULL,
    "emailHash" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "emailHash")
);

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_checkoutId_key" ON "Enrollment"("checkoutId");

-- CreateIndex
CREATE INDEX "Enrollment_status_dueAt_idx" ON "Enrollment"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Enrollment_shop_status_dueAt_idx" ON "Enrollment"("shop", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Enrollment_shop_emailHash_enrolledAt_idx" ON "Enrollment"("shop", "emailHash", "enrolledAt");

-- CreateIndex
CREATE INDEX "Enrollment_shop_enrolledAt_idx" ON "Enrollment"("shop", "enrolledAt");

-- CreateIndex
CREATE INDEX "Enrollment_shop_anchorAt_arm_status_idx" ON "Enrollment"("shop", "anchorAt", "arm", "status");

-- CreateIndex
CREATE INDEX "Enrollment_shop_recoveredAt_idx" ON "Enrollment"("shop", "recoveredAt");

-- CreateIndex
CREATE INDEX "Enrollment_shop_recoveredOrderId_idx" ON "Enrollment"("shop", "recoveredOrderId");

-- CreateIndex
CREATE INDEX "RecoverySend_status_nextAttemptAt_idx" ON "RecoverySend"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "RecoverySend_shop_emailHash_sentAt_idx" ON "RecoverySend"("shop", "emailHash", "sentAt");

-- CreateIndex
CREATE INDEX "RecoverySend_shop_sentAt_idx" ON "RecoverySend"("shop", "sentAt");

-- CreateIndex
CREATE INDEX "RecoverySend_shop_status_sentAt_idx" ON "RecoverySend"("shop", "status", "sentAt");

-- CreateIndex
CREATE INDEX "RecoverySend_shop_checkoutId_idx" ON "RecoverySend"("shop", "checkoutId");

-- CreateIndex
CREATE UNIQUE INDEX "RecoverySend_enrollmentId_step_key" ON "RecoverySend"("enrollmentId", "step");

-- CreateIndex
CREATE INDEX "RecoveryEvent_shop_checkoutId_at_idx" ON "RecoveryEvent"("shop", "checkoutId", "at");

-- CreateIndex
CREATE INDEX "RecoveryEvent_shop_type_at_idx" ON "RecoveryEvent"("shop", "type", "at");

-- CreateIndex
CREATE INDEX "DiscountCode_shop_enrollmentId_idx" ON "DiscountCode"("shop", "enrollmentId");

-- CreateIndex
CREATE INDEX "DiscountCode_status_expiresAt_idx" ON "DiscountCode"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "DiscountCode_shop_usedAt_idx" ON "DiscountCode"("shop", "usedAt");

-- CreateIndex
CREATE INDEX "DiscountCode_shop_usedOrderId_idx" ON "DiscountCode"("shop", "usedOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "DiscountCode_shop_code_key" ON "DiscountCode"("shop", "code");

-- CreateIndex
CREATE INDEX "Order_shop_attributedEnrollmentId_idx" ON "Order"("shop", "attributedEnrollmentId");
