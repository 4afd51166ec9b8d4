import { z } from "zod";
import {
  assignLead,
  convertLead,
  createLead,
  findLeadDuplicates,
  getLead,
  listLeads,
  updateLead,
  ZLead,
  ZLeadAssignInput,
  ZLeadConversion,
  ZLeadConvertInput,
  ZLeadCreateInput,
  ZLeadDuplicateInput,
  ZLeadDuplicates,
  ZLeadListInput,
  ZLeadUpdateInput,
} from "../../modules/leads/index.ts";
import { withCustomFields, ZCustomFieldValues } from "../../modules/plugins/index.ts";
import { listAssignableUsers } from "../../modules/users/index.ts";
import { authedProcedure, partnerProcedure, router } from "../init.ts";

export const leadsRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/leads", tags: ["leads"], protect: true, summary: "Leads visible to the caller, newest first" } })
    .input(ZLeadListInput)
    .output(z.object({ items: z.array(ZLead.extend({ customFields: ZCustomFieldValues })), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => withCustomFields(ctx.actor, "lead", await listLeads(ctx.actor, input))),
  // Before `get`: /leads/{id} would otherwise take "duplicates" for an id.
  duplicates: authedProcedure
    .meta({
      openapi: { method: "GET", path: "/leads/duplicates", tags: ["leads"], protect: true, summary: "The caller's own leads and customers that look like what is being typed" },
    })
    .input(ZLeadDuplicateInput)
    .output(ZLeadDuplicates)
    .query(({ ctx, input }) => findLeadDuplicates(ctx.actor, input)),
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
  assign: authedProcedure
    .meta({ openapi: { method: "POST", path: "/leads/{id}/assign", tags: ["leads"], protect: true, summary: "Give the lead to an active member of its partner (managers, admins)" } })
    .input(ZLeadAssignInput.extend({ id: z.string() }))
    .output(ZLead)
    .mutation(({ ctx, input: { id, ...body } }) => assignLead(ctx.actor, id, body)),
  convert: partnerProcedure()
    .meta({
      openapi: {
        method: "POST",
        path: "/leads/{id}/convert",
        tags: ["leads"],
        protect: true,
        summary: "Register the lead's customer and open an opportunity; refused or pending registrations stop it with their answer",
      },
      successStatus: 201,
    })
    .input(ZLeadConvertInput.extend({ id: z.string() }))
    .output(ZLeadConversion)
    .mutation(({ ctx, input: { id, ...body } }) => convertLead(ctx.actor, id, body, ctx.locale)),
  assignees: authedProcedure
    .input(z.object({ partnerId: z.string() }))
    .query(({ ctx, input }) => listAssignableUsers(ctx.actor, input.partnerId)),
});
