-- CreateIndex
CREATE INDEX "Enrollment_segment_figures_idx" ON "Enrollment"("shop", "anchorAt", "status", "segmentId", "arm", "stepsSent", "recoveredMinor", "recoveredOrderId", "id");
