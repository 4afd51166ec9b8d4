-- Commission plan versions (docs/decisions/018-commission-plan-versions.md).
-- CreateEnum
CREATE TYPE "CommissionPlanStatus" AS ENUM ('draft', 'active', 'withdrawn');

-- CreateTable
CREATE TABLE "CommissionPlan" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "note" TEXT,
    "effectiveFrom" TIMESTAMPTZ(3) NOT NULL,
    "rules" JSONB NOT NULL,
    "status" "CommissionPlanStatus" NOT NULL DEFAULT 'draft',
    "createdById" UUID,
    "activatedById" UUID,
    "activatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CommissionPlan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CommissionPlan_version_key" ON "CommissionPlan"("version");

-- CreateIndex
CREATE INDEX "CommissionPlan_status_effectiveFrom_idx" ON "CommissionPlan"("status", "effectiveFrom");


-- Two active versions may not start at the same instant: which one is in force must never be a tie.
CREATE UNIQUE INDEX "CommissionPlan_active_effectiveFrom_key" ON "CommissionPlan"("effectiveFrom") WHERE "status" = 'active';

-- An active (or withdrawn) version says who activated it and when; a draft never does.
ALTER TABLE "CommissionPlan" ADD CONSTRAINT "CommissionPlan_activation_check"
  CHECK ((status = 'draft') = ("activatedAt" IS NULL));
