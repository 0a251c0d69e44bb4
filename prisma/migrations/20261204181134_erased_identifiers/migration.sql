-- CreateTable
CREATE TABLE "ErasedIdentifier" (
    "shop" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "erasedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "hash", "reason")
);
