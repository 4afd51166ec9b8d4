-- CreateEnum
CREATE TYPE "StageKind" AS ENUM ('open', 'won', 'lost');

-- CreateEnum
CREATE TYPE "OpportunityStatus" AS ENUM ('open', 'won', 'lost');

-- CreateEnum
CREATE TYPE "ActivityKind" AS ENUM ('call', 'visit', 'meeting', 'wechat', 'email', 'note');

-- CreateEnum
CREATE TYPE "ImportEntity" AS ENUM ('leads', 'customers');

-- CreateEnum
CREATE TYPE "ImportMode" AS ENUM ('valid_rows', 'all_or_nothing');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('uploaded', 'queued', 'running', 'completed', 'failed');

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "lastOrderAt" TIMESTAMPTZ(3),
ADD COLUMN     "lifecycleChangedAt" TIMESTAMPTZ(3),
ADD COLUMN     "rfmComputedAt" TIMESTAMPTZ(3),
ADD COLUMN     "rfmScore" TEXT,
ADD COLUMN     "rfmSegment" TEXT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "completedAt" TIMESTAMPTZ(3),
ADD COLUMN     "createdById" UUID,
ADD COLUMN     "customerId" UUID,
ADD COLUMN     "leadId" UUID,
ADD COLUMN     "notes" TEXT,
ADD COLUMN     "opportunityId" UUID,
ADD COLUMN     "remindAt" TIMESTAMPTZ(3),
ADD COLUMN     "remindedAt" TIMESTAMPTZ(3),
ADD COLUMN     "title" TEXT,
ALTER COLUMN "titleKey" DROP NOT NULL;

-- CreateTable
CREATE TABLE "Pipeline" (
    "id" UUID NOT NULL,
    "partnerId" UUID,
    "pluginKey" TEXT,
    "name" TEXT NOT NULL,
    "nameKey" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Pipeline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PipelineStage" (
    "id" UUID NOT NULL,
    "pipelineId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT,
    "position" INTEGER NOT NULL,
    "probability" INTEGER NOT NULL,
    "kind" "StageKind" NOT NULL DEFAULT 'open',
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PipelineStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Opportunity" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "pipelineId" UUID NOT NULL,
    "stageId" UUID NOT NULL,
    "customerId" UUID,
    "leadId" UUID,
    "name" TEXT NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "expectedCloseDate" DATE,
    "ownerId" UUID,
    "status" "OpportunityStatus" NOT NULL DEFAULT 'open',
    "lostReason" TEXT,
    "stageEnteredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),
    "createdById" UUID NOT NULL,
    "customFields" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Opportunity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpportunityStageChange" (
    "id" UUID NOT NULL,
    "opportunityId" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "fromStageId" UUID,
    "toStageId" UUID NOT NULL,
    "changedById" UUID,
    "secondsInPrevious" INTEGER,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpportunityStageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "kind" "ActivityKind" NOT NULL,
    "subject" TEXT,
    "body" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMinutes" INTEGER,
    "leadId" UUID,
    "customerId" UUID,
    "opportunityId" UUID,
    "authorId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invite" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" "MembershipRole" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "userId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" UUID NOT NULL,
    "partnerId" UUID,
    "name" TEXT NOT NULL,
    "color" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerTag" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "tagId" UUID NOT NULL,
    "partnerId" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerTag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedFilter" (
    "id" UUID NOT NULL,
    "partnerId" UUID,
    "userId" UUID NOT NULL,
    "entity" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" JSONB NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SavedFilter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerEvent" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "externalId" TEXT,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutomationRule" (
    "id" UUID NOT NULL,
    "partnerId" UUID,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "triggerType" TEXT NOT NULL,
    "triggerEvent" TEXT,
    "schedule" TEXT,
    "conditions" JSONB NOT NULL DEFAULT '[]',
    "actions" JSONB NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AutomationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutomationRun" (
    "id" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "partnerId" UUID,
    "triggerKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AutomationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "entity" "ImportEntity" NOT NULL,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "file" BYTEA NOT NULL,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "mode" "ImportMode",
    "status" "ImportStatus" NOT NULL DEFAULT 'uploaded',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "importedRows" INTEGER NOT NULL DEFAULT 0,
    "errorRows" INTEGER NOT NULL DEFAULT 0,
    "errorFile" BYTEA,
    "failure" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Pipeline_partnerId_idx" ON "Pipeline"("partnerId");

-- CreateIndex
CREATE INDEX "PipelineStage_pipelineId_position_idx" ON "PipelineStage"("pipelineId", "position");

-- CreateIndex
CREATE INDEX "Opportunity_partnerId_status_stageId_idx" ON "Opportunity"("partnerId", "status", "stageId");

-- CreateIndex
CREATE INDEX "Opportunity_partnerId_id_idx" ON "Opportunity"("partnerId", "id" DESC);

-- CreateIndex
CREATE INDEX "Opportunity_ownerId_status_stageId_idx" ON "Opportunity"("ownerId", "status", "stageId");

-- CreateIndex
CREATE INDEX "Opportunity_customerId_idx" ON "Opportunity"("customerId");

-- CreateIndex
CREATE INDEX "Opportunity_status_stageEnteredAt_idx" ON "Opportunity"("status", "stageEnteredAt");

-- CreateIndex
CREATE INDEX "Opportunity_partnerId_status_expectedCloseDate_idx" ON "Opportunity"("partnerId", "status", "expectedCloseDate");

-- CreateIndex
CREATE INDEX "OpportunityStageChange_opportunityId_at_idx" ON "OpportunityStageChange"("opportunityId", "at");

-- CreateIndex
CREATE INDEX "OpportunityStageChange_partnerId_at_idx" ON "OpportunityStageChange"("partnerId", "at");

-- CreateIndex
CREATE INDEX "Activity_partnerId_id_idx" ON "Activity"("partnerId", "id" DESC);

-- CreateIndex
CREATE INDEX "Activity_authorId_id_idx" ON "Activity"("authorId", "id" DESC);

-- CreateIndex
CREATE INDEX "Activity_customerId_occurredAt_idx" ON "Activity"("customerId", "occurredAt");

-- CreateIndex
CREATE INDEX "Activity_leadId_occurredAt_idx" ON "Activity"("leadId", "occurredAt");

-- CreateIndex
CREATE INDEX "Activity_opportunityId_occurredAt_idx" ON "Activity"("opportunityId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invite_tokenHash_key" ON "Invite"("tokenHash");

-- CreateIndex
CREATE INDEX "Invite_partnerId_id_idx" ON "Invite"("partnerId", "id" DESC);

-- CreateIndex
CREATE INDEX "Invite_email_idx" ON "Invite"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_partnerId_name_key" ON "Tag"("partnerId", "name");

-- CreateIndex
CREATE INDEX "CustomerTag_tagId_idx" ON "CustomerTag"("tagId");

-- CreateIndex
CREATE INDEX "CustomerTag_partnerId_idx" ON "CustomerTag"("partnerId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerTag_customerId_tagId_key" ON "CustomerTag"("customerId", "tagId");

-- CreateIndex
CREATE INDEX "SavedFilter_userId_entity_idx" ON "SavedFilter"("userId", "entity");

-- CreateIndex
CREATE INDEX "SavedFilter_partnerId_entity_idx" ON "SavedFilter"("partnerId", "entity");

-- CreateIndex
CREATE INDEX "CustomerEvent_customerId_occurredAt_idx" ON "CustomerEvent"("customerId", "occurredAt");

-- CreateIndex
CREATE INDEX "CustomerEvent_type_occurredAt_idx" ON "CustomerEvent"("type", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerEvent_customerId_externalId_key" ON "CustomerEvent"("customerId", "externalId");

-- CreateIndex
CREATE INDEX "AutomationRule_triggerType_triggerEvent_enabled_idx" ON "AutomationRule"("triggerType", "triggerEvent", "enabled");

-- CreateIndex
CREATE INDEX "AutomationRule_partnerId_idx" ON "AutomationRule"("partnerId");

-- CreateIndex
CREATE INDEX "AutomationRun_partnerId_id_idx" ON "AutomationRun"("partnerId", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "AutomationRun_ruleId_triggerKey_key" ON "AutomationRun"("ruleId", "triggerKey");

-- CreateIndex
CREATE INDEX "ImportJob_partnerId_id_idx" ON "ImportJob"("partnerId", "id" DESC);

-- CreateIndex
CREATE INDEX "Customer_lifecycleStage_idx" ON "Customer"("lifecycleStage");

-- CreateIndex
CREATE INDEX "Task_status_remindAt_idx" ON "Task"("status", "remindAt");

-- CreateIndex
CREATE INDEX "Task_opportunityId_idx" ON "Task"("opportunityId");

-- CreateIndex
CREATE INDEX "Task_customerId_idx" ON "Task"("customerId");

-- CreateIndex
CREATE INDEX "Task_leadId_idx" ON "Task"("leadId");

-- AddForeignKey
ALTER TABLE "Pipeline" ADD CONSTRAINT "Pipeline_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PipelineStage" ADD CONSTRAINT "PipelineStage_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "Pipeline"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "Pipeline"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "PipelineStage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpportunityStageChange" ADD CONSTRAINT "OpportunityStageChange_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerTag" ADD CONSTRAINT "CustomerTag_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerTag" ADD CONSTRAINT "CustomerTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerEvent" ADD CONSTRAINT "CustomerEvent_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutomationRun" ADD CONSTRAINT "AutomationRun_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AutomationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written below the generated part.

-- A task has either an i18n title (system tasks) or a written one, never both or neither.
ALTER TABLE "Task" ADD CONSTRAINT "Task_title_check" CHECK (("titleKey" IS NULL) <> ("title" IS NULL));
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_amount_check" CHECK ("amount" >= 0);
ALTER TABLE "PipelineStage" ADD CONSTRAINT "PipelineStage_probability_check" CHECK ("probability" BETWEEN 0 AND 100);

-- The platform's default pipeline, used by every partner unless it builds its own. Names are i18n
-- keys (pipeline.default.*), so each user reads them in their language; ids are fixed so seeds,
-- tests and plugins can refer to them.
INSERT INTO "Pipeline" ("id", "partnerId", "name", "nameKey", "isDefault", "createdAt", "updatedAt")
VALUES ('01936a00-0000-7000-8000-000000000001', NULL, 'Default pipeline', 'pipeline.default.name', true, now(), now());

INSERT INTO "PipelineStage" ("id", "pipelineId", "name", "nameKey", "position", "probability", "kind", "createdAt") VALUES
  ('01936a00-0000-7000-8000-000000000011', '01936a00-0000-7000-8000-000000000001', 'Qualification', 'pipeline.default.stage.qualification', 1, 10, 'open', now()),
  ('01936a00-0000-7000-8000-000000000012', '01936a00-0000-7000-8000-000000000001', 'Needs analysis', 'pipeline.default.stage.needs', 2, 30, 'open', now()),
  ('01936a00-0000-7000-8000-000000000013', '01936a00-0000-7000-8000-000000000001', 'Proposal', 'pipeline.default.stage.proposal', 3, 50, 'open', now()),
  ('01936a00-0000-7000-8000-000000000014', '01936a00-0000-7000-8000-000000000001', 'Negotiation', 'pipeline.default.stage.negotiation', 4, 75, 'open', now()),
  ('01936a00-0000-7000-8000-000000000015', '01936a00-0000-7000-8000-000000000001', 'Won', 'pipeline.default.stage.won', 5, 100, 'won', now()),
  ('01936a00-0000-7000-8000-000000000016', '01936a00-0000-7000-8000-000000000001', 'Lost', 'pipeline.default.stage.lost', 6, 0, 'lost', now());
