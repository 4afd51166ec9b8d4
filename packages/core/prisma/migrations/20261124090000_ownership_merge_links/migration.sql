-- AlterEnum
ALTER TYPE "OwnershipEvent" ADD VALUE 'merge_reversed';

-- AlterTable
ALTER TABLE "CustomerOwnership" ADD COLUMN     "mergeId" UUID,
ADD COLUMN     "relatedCustomerId" UUID;

-- AddForeignKey
ALTER TABLE "CustomerOwnership" ADD CONSTRAINT "CustomerOwnership_mergeId_fkey" FOREIGN KEY ("mergeId") REFERENCES "CustomerMerge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

