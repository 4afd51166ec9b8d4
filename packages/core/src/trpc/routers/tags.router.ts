import { z } from "zod";
import { applyTag, createTag, deleteTag, listTags, removeTag, updateTag, ZApplyTagInput, ZTag, ZTagChip, ZTagInput, ZTagListInput, ZTagUpdateInput } from "../../modules/tags/index.ts";
import { authedProcedure, router } from "../init.ts";

export const tagsRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/tags", tags: ["tags"], protect: true, summary: "Tags the caller can use: the platform's and (partners) its own" } })
    .input(ZTagListInput)
    .output(z.object({ items: z.array(ZTag), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listTags(ctx.actor, input)),
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/tags", tags: ["tags"], protect: true, summary: "Define a tag (staff: a platform tag; partner admins and managers: their own)" }, successStatus: 201 })
    .input(ZTagInput)
    .output(ZTag)
    .mutation(({ ctx, input }) => createTag(ctx.actor, input)),
  update: authedProcedure
    .meta({ openapi: { method: "PATCH", path: "/tags/{id}", tags: ["tags"], protect: true } })
    .input(ZTagUpdateInput.extend({ id: z.string() }))
    .output(ZTag)
    .mutation(({ ctx, input: { id, ...patch } }) => updateTag(ctx.actor, id, patch)),
  delete: authedProcedure
    .meta({ openapi: { method: "DELETE", path: "/tags/{id}", tags: ["tags"], protect: true, summary: "Delete a tag and take it off every customer" }, successStatus: 204 })
    .input(z.object({ id: z.string() }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteTag(ctx.actor, input.id)),
  applyToCustomer: authedProcedure
    .meta({ openapi: { method: "POST", path: "/customers/{id}/tags", tags: ["tags"], protect: true, summary: "Put one of the caller's tags on a customer; answers the customer's tags" } })
    .input(ZApplyTagInput.extend({ id: z.string() }))
    .output(z.object({ tags: z.array(ZTagChip) }))
    .mutation(async ({ ctx, input: { id, ...apply } }) => ({ tags: await applyTag(ctx.actor, id, apply) })),
  removeFromCustomer: authedProcedure
    .meta({ openapi: { method: "DELETE", path: "/customers/{id}/tags/{tagId}", tags: ["tags"], protect: true }, successStatus: 204 })
    .input(z.object({ id: z.string(), tagId: z.string() }))
    .output(z.void())
    .mutation(({ ctx, input }) => removeTag(ctx.actor, input.id, input.tagId)),
});
