-- CreateEnum
CREATE TYPE "PluginVersionStatus" AS ENUM ('checks_failed', 'in_review', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "PluginInstallStatus" AS ENUM ('active', 'disabled', 'uninstalled', 'purged');

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "customFields" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Activity" ADD COLUMN     "customFields" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "customFields" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "Plugin" (
    "id" TEXT NOT NULL,
    "developerId" UUID NOT NULL,
    "name" JSONB NOT NULL DEFAULT '{}',
    "summary" JSONB NOT NULL DEFAULT '{}',
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "searchText" TEXT NOT NULL DEFAULT '',
    "latestVersionId" UUID,
    "partnerInstallAllowed" BOOLEAN NOT NULL DEFAULT false,
    "delistedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Plugin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PluginVersion" (
    "id" UUID NOT NULL,
    "pluginId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "manifest" JSONB NOT NULL,
    "packageText" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "hooksBytes" INTEGER NOT NULL,
    "permissions" TEXT[],
    "status" "PluginVersionStatus" NOT NULL,
    "checks" JSONB NOT NULL DEFAULT '[]',
    "permissionDiff" JSONB NOT NULL DEFAULT '{}',
    "submittedById" UUID NOT NULL,
    "reviewerId" UUID,
    "reviewNotes" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "signature" TEXT,
    "signingKeyId" TEXT,
    "signedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PluginVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PluginInstall" (
    "id" UUID NOT NULL,
    "pluginId" TEXT NOT NULL,
    "partnerId" UUID,
    "versionId" UUID NOT NULL,
    "previousVersionId" UUID,
    "pendingVersionId" UUID,
    "grantedPermissions" TEXT[],
    "settings" JSONB NOT NULL DEFAULT '{}',
    "status" "PluginInstallStatus" NOT NULL DEFAULT 'active',
    "installedById" UUID NOT NULL,
    "consentedById" UUID NOT NULL,
    "consentedAt" TIMESTAMPTZ(3) NOT NULL,
    "disabledAt" TIMESTAMPTZ(3),
    "disabledReason" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "breakerResetAt" TIMESTAMPTZ(3),
    "uninstalledAt" TIMESTAMPTZ(3),
    "purgeAfter" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PluginInstall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PluginHookStat" (
    "pluginId" TEXT NOT NULL,
    "versionId" UUID NOT NULL,
    "hook" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "cpuTotalMicros" BIGINT NOT NULL DEFAULT 0,
    "cpuHistogram" INTEGER[],

    CONSTRAINT "PluginHookStat_pkey" PRIMARY KEY ("versionId","hook","hour")
);

-- CreateTable
CREATE TABLE "PluginError" (
    "id" UUID NOT NULL,
    "pluginId" TEXT NOT NULL,
    "versionId" UUID NOT NULL,
    "installId" UUID,
    "partnerId" UUID,
    "hook" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PluginError_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomObjectRecord" (
    "id" UUID NOT NULL,
    "pluginId" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "partnerId" UUID,
    "ownerUserId" UUID,
    "title" TEXT NOT NULL,
    "values" JSONB NOT NULL DEFAULT '{}',
    "createdById" UUID,
    "quarantinedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CustomObjectRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Plugin_developerId_idx" ON "Plugin"("developerId");

-- CreateIndex
CREATE INDEX "PluginVersion_status_createdAt_idx" ON "PluginVersion"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PluginVersion_pluginId_version_key" ON "PluginVersion"("pluginId", "version");

-- CreateIndex
CREATE INDEX "PluginInstall_partnerId_idx" ON "PluginInstall"("partnerId");

-- CreateIndex
CREATE INDEX "PluginInstall_status_purgeAfter_idx" ON "PluginInstall"("status", "purgeAfter");

-- CreateIndex
CREATE INDEX "PluginHookStat_pluginId_hour_idx" ON "PluginHookStat"("pluginId", "hour");

-- CreateIndex
CREATE INDEX "PluginError_pluginId_createdAt_idx" ON "PluginError"("pluginId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "PluginError_installId_createdAt_idx" ON "PluginError"("installId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "CustomObjectRecord_partnerId_object_id_idx" ON "CustomObjectRecord"("partnerId", "object", "id" DESC);

-- CreateIndex
CREATE INDEX "CustomObjectRecord_object_id_idx" ON "CustomObjectRecord"("object", "id" DESC);

-- CreateIndex
CREATE INDEX "CustomObjectRecord_pluginId_partnerId_idx" ON "CustomObjectRecord"("pluginId", "partnerId");

-- AddForeignKey
ALTER TABLE "Plugin" ADD CONSTRAINT "Plugin_developerId_fkey" FOREIGN KEY ("developerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PluginVersion" ADD CONSTRAINT "PluginVersion_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "Plugin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PluginInstall" ADD CONSTRAINT "PluginInstall_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "Plugin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: one live install per plugin and tenant (platform-wide = NULL partner).
CREATE UNIQUE INDEX "PluginInstall_live_key" ON "PluginInstall" ("pluginId", COALESCE("partnerId", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "status" <> 'purged';

-- An approved version always carries its signature; nothing unsigned can be installed.
ALTER TABLE "PluginVersion" ADD CONSTRAINT "PluginVersion_approved_signed" CHECK ("status" <> 'approved' OR ("signature" IS NOT NULL AND "signedAt" IS NOT NULL));

-- A plugin object's records carry its namespace: `acme.pharma` owns `acme_pharma__*` only.
ALTER TABLE "CustomObjectRecord" ADD CONSTRAINT "CustomObjectRecord_namespaced" CHECK (starts_with("object", replace("pluginId", '.', '_') || '__'));
ALTER TABLE "PluginInstall" ADD CONSTRAINT "PluginInstall_uninstalled_purge" CHECK ("status" <> 'uninstalled' OR ("uninstalledAt" IS NOT NULL AND "purgeAfter" IS NOT NULL));
