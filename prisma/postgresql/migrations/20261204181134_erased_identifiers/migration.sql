-- CreateTable
CREATE TABLE "ErasedIdentifier" (
    "shop" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "erasedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ErasedIdentifier_pkey" PRIMARY KEY ("shop","hash","reason")
);
