import { z } from "zod";
import {
  getActivity,
  listActivities,
  logActivity,
  updateActivity,
  ZActivity,
  ZActivityCreateInput,
  ZActivityListQuery,
  ZActivityUpdateInput,
} from "../../modules/activities/index.ts";
import { withCustomFields, ZCustomFieldValues } from "../../modules/plugins/index.ts";
import { authedProcedure, partnerProcedure, router } from "../init.ts";

export const activitiesRouter = router({
  list: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/activities",
        tags: ["activities"],
        protect: true,
        summary: "A lead's, customer's or opportunity's timeline, or my recent activity (mine=true); latest first",
      },
    })
    .input(ZActivityListQuery)
    .output(z.object({ items: z.array(ZActivity.extend({ customFields: ZCustomFieldValues })), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => withCustomFields(ctx.actor, "activity", await listActivities(ctx.actor, input))),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/activities/{id}", tags: ["activities"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZActivity)
    .query(({ ctx, input }) => getActivity(ctx.actor, input.id)),
  create: partnerProcedure()
    .meta({
      openapi: { method: "POST", path: "/activities", tags: ["activities"], protect: true, summary: "Log a call, visit, meeting, WeChat, e-mail or note" },
      successStatus: 201,
    })
    .input(ZActivityCreateInput)
    .output(ZActivity)
    .mutation(({ ctx, input }) => logActivity(ctx.actor, input)),
  update: partnerProcedure()
    .meta({ openapi: { method: "PATCH", path: "/activities/{id}", tags: ["activities"], protect: true, summary: "Correct an activity I logged" } })
    .input(ZActivityUpdateInput.extend({ id: z.string() }))
    .output(ZActivity)
    .mutation(({ ctx, input: { id, ...patch } }) => updateActivity(ctx.actor, id, patch)),
});
