-- CreateIndex
CREATE INDEX "ErasedIdentifier_reason_erasedAt_idx" ON "ErasedIdentifier"("reason", "erasedAt");
