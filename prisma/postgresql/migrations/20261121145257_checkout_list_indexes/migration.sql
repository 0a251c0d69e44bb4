-- AlterTable
ALTER TABLE "Checkout" ADD COLUMN     "firstNameHash" TEXT;

-- CreateIndex
CREATE INDEX "Checkout_shop_firstNameHash_idx" ON "Checkout"("shop", "firstNameHash");

-- CreateIndex
CREATE INDEX "Checkout_shop_subtotalMinor_id_idx" ON "Checkout"("shop", "subtotalMinor", "id");
