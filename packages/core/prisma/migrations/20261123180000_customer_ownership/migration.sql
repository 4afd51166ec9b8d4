-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('pending', 'accepted', 'rejected', 'expired', 'released');

-- CreateEnum
CREATE TYPE "ExtensionStatus" AS ENUM ('none', 'requested', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "OwnershipEvent" AS ENUM ('registration_accepted', 'extended', 'expired', 'released', 'claimed', 'transferred', 'merged', 'reclaimed');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('open', 'done', 'cancelled');

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "inactivityWarnedAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastActivityAt" TIMESTAMPTZ(3),
ADD COLUMN     "mergedIntoId" UUID;

-- CreateTable
CREATE TABLE "CustomerIdentity" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "customerId" UUID,
    "matchedCustomerId" UUID,
    "status" "RegistrationStatus" NOT NULL,
    "reasonCode" TEXT,
    "reasonNote" TEXT,
    "submitted" JSONB NOT NULL,
    "note" TEXT,
    "protectedUntil" TIMESTAMPTZ(3),
    "extensionStatus" "ExtensionStatus" NOT NULL DEFAULT 'none',
    "extensionReason" TEXT,
    "extensionRequestedAt" TIMESTAMPTZ(3),
    "extensionDecidedAt" TIMESTAMPTZ(3),
    "expiryWarnedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerOwnership" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "partnerId" UUID,
    "previousPartnerId" UUID,
    "event" "OwnershipEvent" NOT NULL,
    "registrationId" UUID,
    "protectedUntil" TIMESTAMPTZ(3),
    "reason" TEXT,
    "actorLabel" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerOwnership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedById" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PlatformSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "CustomerMerge" (
    "id" UUID NOT NULL,
    "survivorId" UUID NOT NULL,
    "mergedId" UUID NOT NULL,
    "moved" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "actorUserId" UUID,
    "reversedAt" TIMESTAMPTZ(3),
    "reversedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerMerge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "assigneeId" UUID,
    "titleKey" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "link" TEXT,
    "dueAt" TIMESTAMPTZ(3),
    "status" "TaskStatus" NOT NULL DEFAULT 'open',
    "sourceKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerIdentity_kind_value_idx" ON "CustomerIdentity"("kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerIdentity_customerId_kind_value_key" ON "CustomerIdentity"("customerId", "kind", "value");

-- CreateIndex
CREATE INDEX "Registration_partnerId_id_idx" ON "Registration"("partnerId", "id" DESC);

-- CreateIndex
CREATE INDEX "Registration_status_id_idx" ON "Registration"("status", "id");

-- CreateIndex
CREATE INDEX "Registration_customerId_status_idx" ON "Registration"("customerId", "status");

-- CreateIndex
CREATE INDEX "Registration_status_protectedUntil_idx" ON "Registration"("status", "protectedUntil");

-- CreateIndex
CREATE INDEX "Registration_extensionStatus_id_idx" ON "Registration"("extensionStatus", "id");

-- CreateIndex
CREATE INDEX "CustomerOwnership_customerId_at_idx" ON "CustomerOwnership"("customerId", "at");

-- CreateIndex
CREATE INDEX "CustomerOwnership_partnerId_event_at_idx" ON "CustomerOwnership"("partnerId", "event", "at");

-- CreateIndex
CREATE INDEX "CustomerMerge_survivorId_idx" ON "CustomerMerge"("survivorId");

-- CreateIndex
CREATE INDEX "CustomerMerge_mergedId_idx" ON "CustomerMerge"("mergedId");

-- CreateIndex
CREATE UNIQUE INDEX "Task_sourceKey_key" ON "Task"("sourceKey");

-- CreateIndex
CREATE INDEX "Task_partnerId_status_dueAt_idx" ON "Task"("partnerId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Task_assigneeId_status_dueAt_idx" ON "Task"("assigneeId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Customer_ownerPartnerId_protectedUntil_idx" ON "Customer"("ownerPartnerId", "protectedUntil");

-- CreateIndex
CREATE INDEX "Customer_ownerPartnerId_lastActivityAt_idx" ON "Customer"("ownerPartnerId", "lastActivityAt");

-- AddForeignKey
ALTER TABLE "CustomerIdentity" ADD CONSTRAINT "CustomerIdentity_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerOwnership" ADD CONSTRAINT "CustomerOwnership_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

