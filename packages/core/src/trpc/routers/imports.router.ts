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
import { authedProcedure, router } from "../init.ts";

/**
 * Imports over REST and tRPC: upload (the file base64 in JSON — the REST adapter speaks JSON),
 * preview a mapping, start, poll, download the error file. Partner users import leads and customers;
 * platform finance (and its API keys) orders and refunds (ADR 021). Each sees only its own side's imports.
 */
export const importsRouter = router({
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/imports", tags: ["imports"], protect: true, summary: "Upload a CSV or XLSX file (base64): leads or customers (partners), orders or order_refunds (platform finance); answers its columns and a suggested mapping" }, successStatus: 201 })
    .input(ZImportCreateInput)
    .output(ZImportUpload)
    .mutation(({ ctx, input }) => createImport(ctx.actor, input, ctx.locale)),
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/imports", tags: ["imports"], protect: true, summary: "Imports: a rep's own, the partner's for admins and managers, the platform's for finance" } })
    .input(ZImportListInput)
    .output(z.object({ items: z.array(ZImportJob), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listImports(ctx.actor, input, ctx.locale)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/imports/{id}", tags: ["imports"], protect: true, summary: "Status and progress of an import" } })
    .input(z.object({ id: z.string() }))
    .output(ZImportJob)
    .query(({ ctx, input }) => getImport(ctx.actor, input.id, ctx.locale)),
  preview: authedProcedure
    .meta({ openapi: { method: "POST", path: "/imports/{id}/preview", tags: ["imports"], protect: true, summary: "The first rows under a mapping, each checked like the form; counts over the whole file" } })
    .input(z.object({ id: z.string(), mapping: ZImportMapping.optional() }))
    .output(ZImportPreview)
    .mutation(({ ctx, input: { id, ...rest } }) => previewImport(ctx.actor, id, rest, ctx.locale)),
  start: authedProcedure
    .meta({ openapi: { method: "POST", path: "/imports/{id}/run", tags: ["imports"], protect: true, summary: "Start an uploaded import: valid_rows or all_or_nothing; orders and refunds go through the same ingest as POST /orders" } })
    .input(z.object({ id: z.string(), mode: ZImportMode, mapping: ZImportMapping.optional() }))
    .output(ZImportJob)
    .mutation(({ ctx, input: { id, ...rest } }) => startImport(ctx.actor, id, rest, ctx.locale)),
  errorFile: authedProcedure
    .meta({ openapi: { method: "GET", path: "/imports/{id}/error-file", tags: ["imports"], protect: true, summary: "The rows that were not imported, with row number and reason (CSV, base64)" } })
    .input(z.object({ id: z.string() }))
    .output(ZImportErrorFile)
    .query(async ({ ctx, input }) => {
      const file = await importErrorFile(ctx.actor, input.id);
      return { fileName: file.fileName, contentType: file.contentType, content: Buffer.from(file.bytes).toString("base64") };
    }),
});
