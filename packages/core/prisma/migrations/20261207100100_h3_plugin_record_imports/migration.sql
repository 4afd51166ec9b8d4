-- Imports of plugin object records (issue 7 item 8): a `plugin_records` import names the plugin
-- object it fills. Partners and platform staff both import them, so such a job may or may not have a
-- partner (a staff import's records are the platform's master data).

-- AlterEnum
ALTER TYPE "ImportEntity" ADD VALUE 'plugin_records';

-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "object" TEXT;

-- Compared as text: a value added to an enum cannot be used in the transaction that adds it.
ALTER TABLE "ImportJob" DROP CONSTRAINT "ImportJob_partner_check";
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_partner_check" CHECK ("entity"::text = 'plugin_records' OR ("partnerId" IS NULL) = ("entity"::text IN ('orders', 'order_refunds')));
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_object_check" CHECK (("object" IS NOT NULL) = ("entity"::text = 'plugin_records'));
