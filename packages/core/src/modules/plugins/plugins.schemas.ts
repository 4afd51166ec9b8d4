/** Plugins: API shapes for publishing, review, the marketplace, installs and plugin records (isomorphic). */
import { z } from "zod";
import { ZListInput } from "../shared.schemas.ts";

export const ZLocalized = z.record(z.string(), z.string());

export const ZCheckResult = z.object({
  /** manifest | permissions | bundle_size | static_scan | tests | engines | version_order */
  code: z.string(),
  status: z.enum(["passed", "failed", "warning"]),
  /** Lint issues, scan findings, test results: what the reviewer and the developer read. */
  details: z.array(z.record(z.string(), z.unknown())).default([]),
});
export type TCheckResult = z.infer<typeof ZCheckResult>;

export const ZPermissionDiff = z.object({ added: z.array(z.string()), removed: z.array(z.string()), unchanged: z.array(z.string()) });

export const VERSION_STATUSES = ["checks_failed", "in_review", "approved", "rejected"] as const;

export const ZPluginVersionSummary = z.object({
  id: z.string(),
  pluginId: z.string(),
  version: z.string(),
  status: z.enum(VERSION_STATUSES),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  hooksBytes: z.number().int(),
  permissions: z.array(z.string()),
  permissionDiff: ZPermissionDiff,
  checks: z.array(ZCheckResult),
  reviewNotes: z.string().nullable(),
  reviewedAt: z.date().nullable(),
  signedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TPluginVersionSummary = z.infer<typeof ZPluginVersionSummary>;

/** POST /plugins/{id}/versions: the .qpkg document as the CLI packs it. */
export const ZUploadVersionInput = z.object({ id: z.string().max(80), package: z.unknown() });

export const ZUploadVersionResult = z.object({
  id: z.string(),
  pluginId: z.string(),
  version: z.string(),
  sha256: z.string(),
  status: z.enum(["in_review", "checks_failed"]),
  checks: z.array(ZCheckResult),
});

export const ZHookUsage = z.object({
  hook: z.string(),
  calls: z.number().int(),
  failures: z.number().int(),
  /** p95 CPU in milliseconds over the window, from the hourly histograms. */
  p95CpuMs: z.number().nullable(),
});

export const ZPluginError = z.object({
  id: z.string(),
  versionId: z.string(),
  hook: z.string(),
  outcome: z.string(),
  code: z.string(),
  message: z.string(),
  createdAt: z.date(),
});

export const ZDeveloperPlugin = z.object({
  id: z.string(),
  name: ZLocalized,
  latestVersion: z.string().nullable(),
  partnerInstallAllowed: z.boolean(),
  delisted: z.boolean(),
  activeInstalls: z.number().int(),
  versions: z.array(ZPluginVersionSummary),
  usage: z.array(ZHookUsage),
  errors: z.array(ZPluginError),
  installsByVersion: z.array(z.object({ version: z.string(), installs: z.number().int() })),
});

export const ZReviewQueueItem = z.object({
  id: z.string(),
  pluginId: z.string(),
  version: z.string(),
  name: ZLocalized,
  developer: z.string(),
  addedPermissions: z.array(z.string()),
  failedChecks: z.number().int(),
  createdAt: z.date(),
});

export const ZReviewDetail = ZPluginVersionSummary.extend({
  name: ZLocalized,
  description: ZLocalized,
  developer: z.string(),
  manifest: z.record(z.string(), z.unknown()),
  previousVersion: z.string().nullable(),
  hooksSource: z.string(),
});

export const ZReviewDecisionInput = z.object({
  id: z.uuid({ message: "errors.field.invalid" }),
  notes: z.string().trim().max(4000, { message: "errors.field.tooLong" }).optional(),
});
export const ZRejectInput = z.object({
  id: z.uuid({ message: "errors.field.invalid" }),
  notes: z.string({ message: "errors.field.required" }).trim().min(1, { message: "plugins.errors.rejectNeedsNotes" }).max(4000, { message: "errors.field.tooLong" }),
});

export const ZMarketplaceListInput = ZListInput.omit({ cursor: true }).extend({
  q: z.string().trim().max(100).optional(),
  category: z.string().max(40).optional(),
});

export const ZInstallState = z.object({
  id: z.string(),
  scope: z.enum(["platform", "partner"]),
  partnerId: z.string().nullable(),
  status: z.enum(["active", "disabled", "uninstalled", "purged"]),
  version: z.string(),
  pendingVersion: z.string().nullable(),
  pendingPermissions: z.array(z.string()),
  /** Every permission of the pending version: what a consent must name. */
  pendingVersionPermissions: z.array(z.string()),
  previousVersion: z.string().nullable(),
  grantedPermissions: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
  /** The running version's setting definitions (what `settings` is checked against). */
  settingDefinitions: z.array(z.record(z.string(), z.unknown())),
  disabledReason: z.string().nullable(),
  purgeAfter: z.date().nullable(),
  updatedAt: z.date(),
});
export type TInstallState = z.infer<typeof ZInstallState>;

export const ZMarketplaceItem = z.object({
  id: z.string(),
  name: ZLocalized,
  summary: ZLocalized,
  categories: z.array(z.string()),
  publisher: z.string(),
  version: z.string(),
  surfaces: z.array(z.string()),
  partnerInstallAllowed: z.boolean(),
  /** The caller's install (its partner's, else the platform-wide one), if any. */
  install: ZInstallState.nullable(),
});

export const ZMarketplaceDetail = ZMarketplaceItem.extend({
  description: ZLocalized,
  permissions: z.array(z.string()),
  screenshots: z.array(z.object({ file: z.string(), caption: ZLocalized })),
  settings: z.array(z.record(z.string(), z.unknown())),
  versions: z.array(z.object({ version: z.string(), reviewedAt: z.date().nullable() })),
  contributes: z.object({ objects: z.array(z.object({ name: z.string(), label: ZLocalized })), fields: z.number().int(), hooks: z.number().int() }),
});

export const ZInstallInput = z.object({
  pluginId: z.string().max(80),
  /** platform: every partner (platform admins); partner: the caller's partner (its admin). */
  scope: z.enum(["platform", "partner"]),
  /** The permissions shown on the consent screen; they must equal the version's, so nothing is granted unseen. */
  consentedPermissions: z.array(z.string()).max(100),
  settings: z.record(z.string(), z.unknown()).default({}),
});

export const ZInstallRef = z.object({ installId: z.uuid({ message: "errors.field.invalid" }) });
export const ZConsentInput = ZInstallRef.extend({ consentedPermissions: z.array(z.string()).max(100) });
export const ZSettingsInput = ZInstallRef.extend({ settings: z.record(z.string(), z.unknown()) });
export const ZPolicyInput = z.object({ pluginId: z.string().max(80), partnerInstallAllowed: z.boolean().optional(), delisted: z.boolean().optional() });

export const ZCustomRecord = z.object({
  id: z.string(),
  object: z.string(),
  title: z.string(),
  partnerId: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  values: z.record(z.string(), z.unknown()),
  locked: z.boolean(),
  /** When the record entered a won or lost stage of one of its object's pipelines (null while open). */
  closedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TCustomRecord = z.infer<typeof ZCustomRecord>;

export const ZCustomRecordListInput = ZListInput.extend({
  object: z.string().max(120),
  q: z.string().trim().max(100).optional(),
  /** Records related to a core record (a record panel): relation field = id. */
  relatedTo: z.object({ field: z.string().max(60), id: z.uuid() }).optional(),
  /** Records in one stage of one of the object's pipelines (both given, or neither). */
  pipeline: z.string().max(120).optional(),
  stage: z.string().max(48).optional(),
});
export const ZCustomRecordWriteInput = z.object({ object: z.string().max(120), values: z.record(z.string(), z.unknown()) });
export const ZCustomRecordUpdateInput = z.object({ id: z.uuid({ message: "errors.field.invalid" }), values: z.record(z.string(), z.unknown()) });
export const ZCustomFieldsUpdateInput = z.object({
  object: z.enum(["customer", "lead", "opportunity", "activity", "task", "order"]),
  id: z.uuid({ message: "errors.field.invalid" }),
  values: z.record(z.string(), z.unknown()),
});
