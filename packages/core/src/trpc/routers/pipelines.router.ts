import { z } from "zod";
import {
  archivePipeline,
  createPipeline,
  getPipeline,
  listPipelines,
  updatePipeline,
  ZPipeline,
  ZPipelineCreateInput,
  ZPipelineListInput,
  ZPipelineUpdateInput,
} from "../../modules/pipelines/index.ts";
import { authedProcedure, router } from "../init.ts";

export const pipelinesRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/pipelines", tags: ["pipelines"], protect: true, summary: "Pipelines the caller may use: the platform's and the partner's own, with their stages" } })
    .input(ZPipelineListInput)
    .output(z.object({ items: z.array(ZPipeline) }))
    .query(async ({ ctx, input }) => ({ items: await listPipelines(ctx.actor, input, ctx.locale) })),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/pipelines/{id}", tags: ["pipelines"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZPipeline)
    .query(({ ctx, input }) => getPipeline(ctx.actor, input.id, ctx.locale)),
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/pipelines", tags: ["pipelines"], protect: true, summary: "A partner admin's own pipeline" }, successStatus: 201 })
    .input(ZPipelineCreateInput)
    .output(ZPipeline)
    .mutation(({ ctx, input }) => createPipeline(ctx.actor, input, ctx.locale)),
  update: authedProcedure
    .meta({ openapi: { method: "PATCH", path: "/pipelines/{id}", tags: ["pipelines"], protect: true, summary: "Rename, make default, or replace the stage list (stages left out are archived)" } })
    .input(ZPipelineUpdateInput.extend({ id: z.string() }))
    .output(ZPipeline)
    .mutation(({ ctx, input: { id, ...patch } }) => updatePipeline(ctx.actor, id, patch, ctx.locale)),
  archive: authedProcedure
    .meta({ openapi: { method: "POST", path: "/pipelines/{id}/archive", tags: ["pipelines"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZPipeline)
    .mutation(({ ctx, input }) => archivePipeline(ctx.actor, input.id, ctx.locale)),
});
