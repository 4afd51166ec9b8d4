-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "identityKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "Registration_identityKeys_idx" ON "Registration" USING GIN ("identityKeys");

