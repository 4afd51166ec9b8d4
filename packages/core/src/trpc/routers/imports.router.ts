import { z } from "zod";
import {
  createImport,
  getImport,
  importErrorFile,
  listImports,
  previewImport,
  startImport,
  ZImportCreateInput,
  ZImportErrorFile,
  ZImportJob,
  ZImportListInput,
  ZImportMapping,
  ZImportMode,
  ZImportPreview,
  ZImportUpload,
} from "../../modules/imports/index.ts";
import { partnerProcedure, router } from "../init.ts";

/**
 * Imports over REST and tRPC: upload (the file base64 in JSON — the REST adapter speaks JSON),
 * preview a mapping, start, poll, download the error file. Partner users only.
 */
export const importsRouter = router({
  create: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/imports", tags: ["imports"], protect: true, summary: "Upload a CSV or XLSX file (base64) to import leads or register customers; answers its columns and a suggested mapping" }, successStatus: 201 })
    .input(ZImportCreateInput)
    .output(ZImportUpload)
    .mutation(({ ctx, input }) => createImport(ctx.actor, input, ctx.locale)),
  list: partnerProcedure()
    .meta({ openapi: { method: "GET", path: "/imports", tags: ["imports"], protect: true, summary: "Imports: a rep's own, the partner's for admins and managers" } })
    .input(ZImportListInput)
    .output(z.object({ items: z.array(ZImportJob), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listImports(ctx.actor, input, ctx.locale)),
  get: partnerProcedure()
    .meta({ openapi: { method: "GET", path: "/imports/{id}", tags: ["imports"], protect: true, summary: "Status and progress of an import" } })
    .input(z.object({ id: z.string() }))
    .output(ZImportJob)
    .query(({ ctx, input }) => getImport(ctx.actor, input.id, ctx.locale)),
  preview: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/imports/{id}/preview", tags: ["imports"], protect: true, summary: "The first rows under a mapping, each checked like the form; counts over the whole file" } })
    .input(z.object({ id: z.string(), mapping: ZImportMapping.optional() }))
    .output(ZImportPreview)
    .mutation(({ ctx, input: { id, ...rest } }) => previewImport(ctx.actor, id, rest, ctx.locale)),
  start: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/imports/{id}/run", tags: ["imports"], protect: true, summary: "Start an uploaded import: valid_rows or all_or_nothing" } })
    .input(z.object({ id: z.string(), mode: ZImportMode, mapping: ZImportMapping.optional() }))
    .output(ZImportJob)
    .mutation(({ ctx, input: { id, ...rest } }) => startImport(ctx.actor, id, rest, ctx.locale)),
  errorFile: partnerProcedure()
    .meta({ openapi: { method: "GET", path: "/imports/{id}/error-file", tags: ["imports"], protect: true, summary: "The rows that were not imported, with row number and reason (CSV, base64)" } })
    .input(z.object({ id: z.string() }))
    .output(ZImportErrorFile)
    .query(async ({ ctx, input }) => {
      const file = await importErrorFile(ctx.actor, input.id);
      return { fileName: file.fileName, contentType: file.contentType, content: Buffer.from(file.bytes).toString("base64") };
    }),
});
