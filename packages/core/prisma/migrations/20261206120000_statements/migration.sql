-- CreateEnum
CREATE TYPE "StatementStatus" AS ENUM ('draft', 'issued', 'confirmed', 'disputed', 'approved', 'paid');

-- CreateEnum
CREATE TYPE "CommissionLineKind" AS ENUM ('earn', 'clawback', 'bonus', 'cap', 'adjustment');

-- CreateEnum
CREATE TYPE "CommissionRunKind" AS ENUM ('generate', 'simulate');

-- CreateEnum
CREATE TYPE "CommissionRunStatus" AS ENUM ('queued', 'running', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('open', 'accepted', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "EntitlementStatus" AS ENUM ('requested', 'approved', 'rejected', 'issued', 'cancelled');

-- CreateTable
CREATE TABLE "CommissionStatement" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "status" "StatementStatus" NOT NULL DEFAULT 'draft',
    "currency" VARCHAR(3) NOT NULL DEFAULT 'CNY',
    "earnTotal" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "clawbackTotal" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "bonusTotal" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "capTotal" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "adjustmentTotal" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "total" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "paidAmount" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "lastRunId" UUID,
    "generatedAt" TIMESTAMPTZ(3),
    "issuedAt" TIMESTAMPTZ(3),
    "confirmedAt" TIMESTAMPTZ(3),
    "confirmedById" UUID,
    "approvedAt" TIMESTAMPTZ(3),
    "approvedById" UUID,
    "paidAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CommissionStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommissionLine" (
    "id" UUID NOT NULL,
    "statementId" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "CommissionLineKind" NOT NULL,
    "orderId" UUID,
    "orderItemId" UUID,
    "refundId" UUID,
    "planVersionId" UUID,
    "base" DECIMAL(24,6) NOT NULL,
    "rate" DECIMAL(12,8),
    "amount" DECIMAL(18,2) NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "digest" VARCHAR(32) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommissionLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommissionRun" (
    "id" UUID NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "status" "CommissionRunStatus" NOT NULL DEFAULT 'queued',
    "kind" "CommissionRunKind" NOT NULL DEFAULT 'generate',
    "planId" UUID,
    "totalPartners" INTEGER NOT NULL DEFAULT 0,
    "processedPartners" INTEGER NOT NULL DEFAULT 0,
    "linesCreated" INTEGER NOT NULL DEFAULT 0,
    "linesUpdated" INTEGER NOT NULL DEFAULT 0,
    "linesRemoved" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "failure" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "requestedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CommissionRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommissionDispute" (
    "id" UUID NOT NULL,
    "statementId" UUID NOT NULL,
    "lineId" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "raisedById" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "expectedAmount" DECIMAL(18,2),
    "attachmentName" TEXT,
    "attachmentType" TEXT,
    "attachment" BYTEA,
    "status" "DisputeStatus" NOT NULL DEFAULT 'open',
    "resolutionNote" TEXT,
    "adjustmentAmount" DECIMAL(18,2),
    "adjustmentLineKey" TEXT,
    "resolvedById" UUID,
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommissionDispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payout" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "statementId" UUID NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "paidOn" DATE NOT NULL,
    "reference" TEXT NOT NULL,
    "note" TEXT,
    "recordedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Payout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Entitlement" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "value" DECIMAL(18,2) NOT NULL,
    "reason" TEXT NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "status" "EntitlementStatus" NOT NULL DEFAULT 'requested',
    "requestedById" UUID NOT NULL,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT,
    "issuedById" UUID,
    "issuedAt" TIMESTAMPTZ(3),
    "issueReference" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Entitlement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CommissionStatement_period_status_idx" ON "CommissionStatement"("period", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CommissionStatement_partnerId_period_key" ON "CommissionStatement"("partnerId", "period");

-- CreateIndex
CREATE INDEX "CommissionLine_statementId_kind_idx" ON "CommissionLine"("statementId", "kind");

-- CreateIndex
CREATE INDEX "CommissionLine_orderId_idx" ON "CommissionLine"("orderId");

-- CreateIndex
CREATE INDEX "CommissionLine_period_kind_idx" ON "CommissionLine"("period", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "CommissionLine_partnerId_key_key" ON "CommissionLine"("partnerId", "key");

-- CreateIndex
CREATE INDEX "CommissionRun_period_createdAt_idx" ON "CommissionRun"("period", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "CommissionDispute_partnerId_createdAt_idx" ON "CommissionDispute"("partnerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "CommissionDispute_status_createdAt_idx" ON "CommissionDispute"("status", "createdAt");

-- CreateIndex
CREATE INDEX "CommissionDispute_statementId_idx" ON "CommissionDispute"("statementId");

-- CreateIndex
CREATE INDEX "Payout_statementId_idx" ON "Payout"("statementId");

-- CreateIndex
CREATE INDEX "Payout_paidOn_idx" ON "Payout"("paidOn");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_partnerId_reference_key" ON "Payout"("partnerId", "reference");

-- CreateIndex
CREATE INDEX "Entitlement_partnerId_createdAt_idx" ON "Entitlement"("partnerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Entitlement_customerId_period_idx" ON "Entitlement"("customerId", "period");

-- CreateIndex
CREATE INDEX "Entitlement_status_createdAt_idx" ON "Entitlement"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "CommissionStatement" ADD CONSTRAINT "CommissionStatement_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommissionLine" ADD CONSTRAINT "CommissionLine_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "CommissionStatement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommissionDispute" ADD CONSTRAINT "CommissionDispute_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "CommissionStatement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommissionDispute" ADD CONSTRAINT "CommissionDispute_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "CommissionLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "CommissionStatement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entitlement" ADD CONSTRAINT "Entitlement_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written (Prisma 6 cannot express these).
-- A line's amount is never written as -0 or with more than cents, and its kind fixes its sign where the maths does.
ALTER TABLE "CommissionLine" ADD CONSTRAINT "CommissionLine_sign_check"
  CHECK ((kind <> 'clawback' OR amount <= 0) AND (kind <> 'cap' OR amount < 0) AND (kind NOT IN ('earn', 'bonus') OR amount >= 0));
-- The statement's total is the sum of its kind totals.
ALTER TABLE "CommissionStatement" ADD CONSTRAINT "CommissionStatement_total_check"
  CHECK (total = "earnTotal" + "clawbackTotal" + "bonusTotal" + "capTotal" + "adjustmentTotal");
ALTER TABLE "CommissionStatement" ADD CONSTRAINT "CommissionStatement_period_check" CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
ALTER TABLE "CommissionLine" ADD CONSTRAINT "CommissionLine_period_check" CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
ALTER TABLE "CommissionRun" ADD CONSTRAINT "CommissionRun_period_check" CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
ALTER TABLE "Entitlement" ADD CONSTRAINT "Entitlement_period_check" CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
-- Payouts are positive; a dispute's resolution says who and when exactly when it is resolved.
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_amount_check" CHECK (amount > 0);
ALTER TABLE "CommissionDispute" ADD CONSTRAINT "CommissionDispute_resolution_check"
  CHECK ((status = 'open') = ("resolvedAt" IS NULL));
ALTER TABLE "Entitlement" ADD CONSTRAINT "Entitlement_value_check" CHECK (value >= 0);
-- Issued exactly once: an issued entitlement has its issue time, nothing else has one.
ALTER TABLE "Entitlement" ADD CONSTRAINT "Entitlement_issued_check" CHECK ((status = 'issued') = ("issuedAt" IS NOT NULL));
-- At most one open dispute per line (a second one is a comment on the first).
CREATE UNIQUE INDEX "CommissionDispute_open_line_key" ON "CommissionDispute"("lineId") WHERE status = 'open';
