import { z } from "zod";
import { createLead, getLead, listLeads, updateLead, ZLead, ZLeadCreateInput, ZLeadListInput, ZLeadUpdateInput } from "../../modules/leads/index.ts";
import { listAssignableUsers } from "../../modules/users/index.ts";
import { authedProcedure, router } from "../init.ts";

export const leadsRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/leads", tags: ["leads"], protect: true, summary: "Leads visible to the caller, newest first" } })
    .input(ZLeadListInput)
    .output(z.object({ items: z.array(ZLead), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listLeads(ctx.actor, input)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/leads/{id}", tags: ["leads"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZLead)
    .query(({ ctx, input }) => getLead(ctx.actor, input.id)),
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/leads", tags: ["leads"], protect: true }, successStatus: 201 })
    .input(ZLeadCreateInput)
    .output(ZLead)
    .mutation(({ ctx, input }) => createLead(ctx.actor, input)),
  update: authedProcedure
    .meta({ openapi: { method: "PATCH", path: "/leads/{id}", tags: ["leads"], protect: true } })
    .input(ZLeadUpdateInput.extend({ id: z.string() }))
    .output(ZLead)
    .mutation(({ ctx, input: { id, ...patch } }) => updateLead(ctx.actor, id, patch)),
  assignees: authedProcedure
    .input(z.object({ partnerId: z.string() }))
    .query(({ ctx, input }) => listAssignableUsers(ctx.actor, input.partnerId)),
});
