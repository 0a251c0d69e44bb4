-- CreateTable
CREATE TABLE "KeyFingerprint" (
    "purpose" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("purpose", "fingerprint")
);
