-- CreateIndex
CREATE INDEX "RecoverySend_providerMessageId_idx" ON "RecoverySend"("providerMessageId");
