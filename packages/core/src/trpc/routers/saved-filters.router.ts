import { z } from "zod";
import {
  createSavedFilter,
  deleteSavedFilter,
  listSavedFilters,
  updateSavedFilter,
  ZSavedFilter,
  ZSavedFilterInput,
  ZSavedFilterListInput,
  ZSavedFilterUpdateInput,
} from "../../modules/saved-filters/index.ts";
import { authedProcedure, router } from "../init.ts";

export const savedFiltersRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/saved-filters", tags: ["saved-filters"], protect: true, summary: "The caller's saved filters and those its team shares" } })
    .input(ZSavedFilterListInput)
    .output(z.object({ items: z.array(ZSavedFilter), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listSavedFilters(ctx.actor, input)),
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/saved-filters", tags: ["saved-filters"], protect: true }, successStatus: 201 })
    .input(ZSavedFilterInput)
    .output(ZSavedFilter)
    .mutation(({ ctx, input }) => createSavedFilter(ctx.actor, input)),
  update: authedProcedure
    .meta({ openapi: { method: "PATCH", path: "/saved-filters/{id}", tags: ["saved-filters"], protect: true, summary: "Rename, share or unshare one's own saved filter" } })
    .input(ZSavedFilterUpdateInput.extend({ id: z.string() }))
    .output(ZSavedFilter)
    .mutation(({ ctx, input: { id, ...patch } }) => updateSavedFilter(ctx.actor, id, patch)),
  delete: authedProcedure
    .meta({ openapi: { method: "DELETE", path: "/saved-filters/{id}", tags: ["saved-filters"], protect: true }, successStatus: 204 })
    .input(z.object({ id: z.string() }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteSavedFilter(ctx.actor, input.id)),
});
