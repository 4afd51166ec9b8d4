import { z } from "zod";
import {
  approveVersion,
  consentToUpgrade,
  createCustomRecord,
  customRecordBoard,
  moveCustomRecordStage,
  ZRecordBoard,
  ZRecordBoardInput,
  ZRecordStageMoveInput,
  deleteCustomRecord,
  enableInstall,
  getCustomFields,
  getCustomRecord,
  getDeveloperPlugin,
  getInstall,
  getMarketplacePlugin,
  getReview,
  installPlugin,
  listAllPlugins,
  listCustomRecords,
  listDeveloperPlugins,
  listInstalls,
  listMarketplace,
  listPluginVersions,
  listReviewQueue,
  pluginUiDefinitions,
  rejectVersion,
  restoreInstall,
  rollbackInstall,
  setPluginPolicy,
  uninstallPlugin,
  updateCustomFields,
  updateCustomRecord,
  updateInstallSettings,
  uploadVersion,
  ZConsentInput,
  ZCustomFieldsUpdateInput,
  ZCustomRecord,
  ZCustomRecordListInput,
  ZCustomRecordUpdateInput,
  ZCustomRecordWriteInput,
  ZDeveloperPlugin,
  ZInstallInput,
  ZInstallRef,
  ZInstallState,
  ZLocalized,
  ZMarketplaceDetail,
  ZMarketplaceItem,
  ZMarketplaceListInput,
  ZPluginVersionSummary,
  ZPolicyInput,
  ZRejectInput,
  ZReviewDecisionInput,
  ZReviewDetail,
  ZReviewQueueItem,
  ZSettingsInput,
  ZUploadVersionResult,
} from "../../modules/plugins/index.ts";
import { notFound } from "../../errors/index.ts";
import { authedProcedure, developerProcedure, platformProcedure, router } from "../init.ts";

const ZPluginIdParam = z.object({ id: z.string().max(80) });
const ZIdParam = z.object({ id: z.string() });

/** Developer publishing: the CLI's `publish` posts the packed document as the body. */
export const pluginDevelopersRouter = router({
  uploadVersion: developerProcedure
    .meta({
      openapi: { method: "POST", path: "/plugins/{id}/versions", tags: ["plugins"], protect: true, summary: "Upload a packed version (.qpkg JSON); runs the automated checks and queues it for review" },
      successStatus: 201,
    })
    .input(
      z.object({
        id: z.string().max(80),
        format: z.number(),
        manifest: z.record(z.string(), z.unknown()),
        hooks: z.string(),
        tests: z.string().nullable(),
        locales: z.record(z.string(), z.record(z.string(), z.string())),
        assets: z.record(z.string(), z.string()).optional(),
      }),
    )
    .output(ZUploadVersionResult)
    .mutation(({ ctx, input }) => {
      const { id, ...pkg } = input;
      return uploadVersion(ctx.actor, { id, package: pkg });
    }),
  list: developerProcedure
    .meta({ openapi: { method: "GET", path: "/developer/plugins", tags: ["plugins"], protect: true, summary: "The developer's plugins with versions, review notes, installs, errors and p95 CPU per hook" } })
    .input(z.object({}).optional())
    .output(z.array(ZDeveloperPlugin))
    .query(({ ctx }) => listDeveloperPlugins(ctx.actor)),
  get: developerProcedure
    .meta({ openapi: { method: "GET", path: "/developer/plugins/{id}", tags: ["plugins"], protect: true } })
    .input(ZPluginIdParam)
    .output(ZDeveloperPlugin)
    .query(({ ctx, input }) => getDeveloperPlugin(ctx.actor, input.id)),
});

export const pluginReviewsRouter = router({
  queue: platformProcedure("admin", "reviewer")
    .meta({ openapi: { method: "GET", path: "/plugin-reviews", tags: ["plugins"], protect: true, summary: "Versions waiting for review, oldest first" } })
    .input(z.object({}).optional())
    .output(z.array(ZReviewQueueItem))
    .query(({ ctx }) => listReviewQueue(ctx.actor)),
  get: platformProcedure("admin", "reviewer")
    .meta({ openapi: { method: "GET", path: "/plugin-reviews/{id}", tags: ["plugins"], protect: true, summary: "A version under review: checks, permission diff, manifest and hooks source" } })
    .input(ZIdParam)
    .output(ZReviewDetail)
    .query(({ ctx, input }) => getReview(ctx.actor, input.id)),
  approve: platformProcedure("admin", "reviewer")
    .meta({ openapi: { method: "POST", path: "/plugin-reviews/{id}/approve", tags: ["plugins"], protect: true, summary: "Approve and sign (Ed25519); rolls out to installs whose grant covers it" } })
    .input(ZReviewDecisionInput)
    .output(ZPluginVersionSummary)
    .mutation(({ ctx, input }) => approveVersion(ctx.actor, input)),
  reject: platformProcedure("admin", "reviewer")
    .meta({ openapi: { method: "POST", path: "/plugin-reviews/{id}/reject", tags: ["plugins"], protect: true, summary: "Reject with notes the developer reads" } })
    .input(ZRejectInput)
    .output(ZPluginVersionSummary)
    .mutation(({ ctx, input }) => rejectVersion(ctx.actor, input)),
  versions: platformProcedure("admin", "reviewer")
    .meta({ openapi: { method: "GET", path: "/plugins/{id}/versions", tags: ["plugins"], protect: true } })
    .input(ZPluginIdParam)
    .output(z.array(ZPluginVersionSummary))
    .query(({ ctx, input }) => listPluginVersions(ctx.actor, input.id)),
  plugins: platformProcedure("admin", "reviewer")
    .meta({ openapi: { method: "GET", path: "/plugins", tags: ["plugins"], protect: true, summary: "Every registered plugin (listed or not) with review and install counts" } })
    .input(z.object({}).optional())
    .output(z.array(z.object({ id: z.string(), name: ZLocalized, developer: z.string(), latestVersionId: z.string().nullable(), partnerInstallAllowed: z.boolean(), delisted: z.boolean(), versions: z.number(), inReview: z.number(), installs: z.number() })))
    .query(({ ctx }) => listAllPlugins(ctx.actor)),
  setPolicy: platformProcedure("admin")
    .meta({ openapi: { method: "PUT", path: "/plugins/{pluginId}/policy", tags: ["plugins"], protect: true, summary: "Allow partners to install it themselves; delist it" } })
    .input(ZPolicyInput)
    .output(z.object({ id: z.string(), partnerInstallAllowed: z.boolean(), delisted: z.boolean() }))
    .mutation(({ ctx, input }) => setPluginPolicy(ctx.actor, input)),
});

export const marketplaceRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/marketplace", tags: ["marketplace"], protect: true, summary: "Listed plugins (?q=, ?category=) with the caller's install" } })
    .input(ZMarketplaceListInput)
    .output(z.array(ZMarketplaceItem))
    .query(({ ctx, input }) => listMarketplace(ctx.actor, input)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/marketplace/{id}", tags: ["marketplace"], protect: true, summary: "A listing: description, screenshots, permissions, settings, versions" } })
    .input(ZPluginIdParam)
    .output(ZMarketplaceDetail)
    .query(({ ctx, input }) => getMarketplacePlugin(ctx.actor, input.id)),
});

export const pluginInstallsRouter = router({
  install: authedProcedure
    .meta({ openapi: { method: "POST", path: "/plugin-installs", tags: ["marketplace"], protect: true, summary: "Install with consent to the version's permissions (platform-wide or for the caller's partner)" }, successStatus: 201 })
    .input(ZInstallInput)
    .output(ZInstallState)
    .mutation(({ ctx, input }) => installPlugin(ctx.actor, input)),
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/plugin-installs", tags: ["marketplace"], protect: true } })
    .input(z.object({}).optional())
    .output(z.array(ZInstallState.extend({ pluginId: z.string(), name: ZLocalized })))
    .query(({ ctx }) => listInstalls(ctx.actor)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/plugin-installs/{installId}", tags: ["marketplace"], protect: true } })
    .input(ZInstallRef)
    .output(ZInstallState.extend({ pluginId: z.string() }))
    .query(({ ctx, input }) => getInstall(ctx.actor, input)),
  settings: authedProcedure
    .meta({ openapi: { method: "PUT", path: "/plugin-installs/{installId}/settings", tags: ["marketplace"], protect: true } })
    .input(ZSettingsInput)
    .output(ZInstallState)
    .mutation(({ ctx, input }) => updateInstallSettings(ctx.actor, input)),
  consent: authedProcedure
    .meta({ openapi: { method: "POST", path: "/plugin-installs/{installId}/consent", tags: ["marketplace"], protect: true, summary: "Consent to a pending version's added permissions; it replaces the running one" } })
    .input(ZConsentInput)
    .output(ZInstallState)
    .mutation(({ ctx, input }) => consentToUpgrade(ctx.actor, input)),
  rollback: authedProcedure
    .meta({ openapi: { method: "POST", path: "/plugin-installs/{installId}/rollback", tags: ["marketplace"], protect: true } })
    .input(ZInstallRef)
    .output(ZInstallState)
    .mutation(({ ctx, input }) => rollbackInstall(ctx.actor, input)),
  enable: authedProcedure
    .meta({ openapi: { method: "POST", path: "/plugin-installs/{installId}/enable", tags: ["marketplace"], protect: true, summary: "Re-enable an install the circuit breaker stopped" } })
    .input(ZInstallRef)
    .output(ZInstallState)
    .mutation(({ ctx, input }) => enableInstall(ctx.actor, input)),
  uninstall: authedProcedure
    .meta({ openapi: { method: "POST", path: "/plugin-installs/{installId}/uninstall", tags: ["marketplace"], protect: true, summary: "Uninstall: data quarantined, restorable for 30 days" } })
    .input(ZInstallRef)
    .output(ZInstallState)
    .mutation(({ ctx, input }) => uninstallPlugin(ctx.actor, input)),
  restore: authedProcedure
    .meta({ openapi: { method: "POST", path: "/plugin-installs/{installId}/restore", tags: ["marketplace"], protect: true } })
    .input(ZInstallRef)
    .output(ZInstallState)
    .mutation(({ ctx, input }) => restoreInstall(ctx.actor, input)),
  ui: authedProcedure
    .input(z.object({ surface: z.enum(["platform", "portal"]) }))
    .query(({ ctx, input }) => pluginUiDefinitions(ctx.actor, input.surface)),
});

export const customRecordsRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/records/{object}", tags: ["plugin records"], protect: true, summary: "Records of a plugin object the caller's tenant has installed" } })
    .input(ZCustomRecordListInput.omit({ relatedTo: true }).extend({ relatedField: z.string().max(60).optional(), relatedId: z.uuid().optional() }))
    .output(z.object({ items: z.array(ZCustomRecord), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const { relatedField, relatedId, ...rest } = input;
      return listCustomRecords(ctx.actor, { ...rest, ...(relatedField && relatedId ? { relatedTo: { field: relatedField, id: relatedId } } : {}) });
    }),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/records/{object}/{id}", tags: ["plugin records"], protect: true } })
    .input(z.object({ object: z.string().max(120), id: z.string() }))
    .output(ZCustomRecord)
    .query(async ({ ctx, input }) => {
      const record = await getCustomRecord(ctx.actor, input.id);
      if (record.object !== input.object) throw notFound("CustomObjectRecord");
      return record;
    }),
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/records/{object}", tags: ["plugin records"], protect: true }, successStatus: 201 })
    .input(ZCustomRecordWriteInput)
    .output(ZCustomRecord)
    .mutation(({ ctx, input }) => createCustomRecord(ctx.actor, input)),
  update: authedProcedure
    .meta({ openapi: { method: "PATCH", path: "/records/{object}/{id}", tags: ["plugin records"], protect: true } })
    .input(ZCustomRecordUpdateInput.extend({ object: z.string().max(120) }))
    .output(ZCustomRecord)
    .mutation(async ({ ctx, input }) => {
      const current = await getCustomRecord(ctx.actor, input.id);
      if (current.object !== input.object) throw notFound("CustomObjectRecord");
      return updateCustomRecord(ctx.actor, { id: input.id, values: input.values });
    }),
  move: authedProcedure
    .meta({ openapi: { method: "POST", path: "/records/{object}/{id}/stage", tags: ["plugin records"], protect: true, summary: "Move a record to another stage of one of its object's pipelines (an update: hooks, audit, events)" } })
    .input(ZRecordStageMoveInput.extend({ object: z.string().max(120) }))
    .output(ZCustomRecord)
    .mutation(async ({ ctx, input }) => {
      const current = await getCustomRecord(ctx.actor, input.id);
      if (current.object !== input.object) throw notFound("CustomObjectRecord");
      return moveCustomRecordStage(ctx.actor, { id: input.id, pipeline: input.pipeline, stage: input.stage });
    }),
  board: authedProcedure
    .meta({ openapi: { method: "GET", path: "/records/{object}/pipelines/{pipeline}/board", tags: ["plugin records"], protect: true, summary: "A pipeline of a plugin object as a board: per stage, the count and the newest records" } })
    .input(ZRecordBoardInput)
    .output(ZRecordBoard)
    .query(({ ctx, input }) => customRecordBoard(ctx.actor, input)),
  delete: authedProcedure
    .meta({ openapi: { method: "DELETE", path: "/records/{object}/{id}", tags: ["plugin records"], protect: true }, successStatus: 204 })
    .input(z.object({ object: z.string().max(120), id: z.string() }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const current = await getCustomRecord(ctx.actor, input.id);
      if (current.object !== input.object) throw notFound("CustomObjectRecord");
      await deleteCustomRecord(ctx.actor, input.id);
    }),
  fields: authedProcedure
    .meta({ openapi: { method: "GET", path: "/custom-fields/{object}/{id}", tags: ["plugin records"], protect: true, summary: "Plugin fields of a core record, per installed plugin" } })
    .input(z.object({ object: ZCustomFieldsUpdateInput.shape.object, id: z.string() }))
    .output(z.array(z.object({ pluginId: z.string(), name: ZLocalized, fields: z.array(z.record(z.string(), z.unknown())), values: z.record(z.string(), z.unknown()) })))
    .query(({ ctx, input }) => getCustomFields(ctx.actor, input.object, input.id)),
  updateFields: authedProcedure
    .meta({ openapi: { method: "PUT", path: "/custom-fields/{object}/{id}", tags: ["plugin records"], protect: true } })
    .input(ZCustomFieldsUpdateInput)
    .output(z.array(z.object({ pluginId: z.string(), name: ZLocalized, fields: z.array(z.record(z.string(), z.unknown())), values: z.record(z.string(), z.unknown()) })))
    .mutation(({ ctx, input }) => updateCustomFields(ctx.actor, input)),
});

