-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "category" TEXT,
ADD COLUMN     "complementaryProductIds" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "relatedProductIds" TEXT NOT NULL DEFAULT '[]';
