-- Plugin pipelines (ADR 024 addendum): names per locale and stage keys on plugin-owned pipelines; when a plugin record closed.
-- AlterTable
ALTER TABLE "Pipeline" ADD COLUMN     "labels" JSONB;

-- AlterTable
ALTER TABLE "PipelineStage" ADD COLUMN     "labels" JSONB,
ADD COLUMN     "pluginKey" TEXT;

-- AlterTable
ALTER TABLE "CustomObjectRecord" ADD COLUMN     "closedAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE UNIQUE INDEX "PipelineStage_pipelineId_pluginKey_key" ON "PipelineStage"("pipelineId", "pluginKey");

