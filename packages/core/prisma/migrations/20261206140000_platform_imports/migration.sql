-- Platform imports (ADR 021): finance imports orders and refunds through the same import jobs as
-- partners' leads and customers. A platform import belongs to no partner.

-- AlterEnum
ALTER TYPE "ImportEntity" ADD VALUE 'orders';
ALTER TYPE "ImportEntity" ADD VALUE 'order_refunds';

-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "alreadyRecordedRows" INTEGER NOT NULL DEFAULT 0,
ALTER COLUMN "partnerId" DROP NOT NULL;

-- A partner's import always names its partner; a platform import (orders, refunds) never does.
-- Compared as text: a value added to an enum cannot be used in the transaction that adds it.
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_partner_check" CHECK (("partnerId" IS NULL) = ("entity"::text IN ('orders', 'order_refunds')));
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_alreadyRecordedRows_check" CHECK ("alreadyRecordedRows" >= 0);
