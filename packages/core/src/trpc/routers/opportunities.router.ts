import { z } from "zod";
import {
  createOpportunity,
  getBoard,
  getBoardColumn,
  getForecast,
  getOpportunity,
  getOpportunitySettings,
  listOpportunities,
  listOpportunityPartners,
  moveOpportunity,
  updateOpportunity,
  updateOpportunitySettings,
  ZBoard,
  ZBoardCard,
  ZBoardColumnInput,
  ZBoardInput,
  ZForecast,
  ZForecastInput,
  ZMoveStageInput,
  ZOpportunity,
  ZOpportunityCreateInput,
  ZOpportunityDetail,
  ZOpportunityListInput,
  ZOpportunitySettings,
  ZOpportunityUpdateInput,
} from "../../modules/opportunities/index.ts";
import { withCustomFields, ZCustomFieldValues } from "../../modules/plugins/index.ts";
import { authedProcedure, partnerProcedure, platformProcedure, router } from "../init.ts";

// Static paths first: trpc-to-openapi matches routes in the order they are defined.
export const opportunitiesRouter = router({
  board: authedProcedure
    .meta({ openapi: { method: "GET", path: "/opportunities/board", tags: ["opportunities"], protect: true, summary: "Kanban: a pipeline's stages with count, sum and first cards" } })
    .input(ZBoardInput)
    .output(ZBoard)
    .query(({ ctx, input }) => getBoard(ctx.actor, input, ctx.locale)),
  boardColumn: authedProcedure
    .meta({ openapi: { method: "GET", path: "/opportunities/board/{stageId}", tags: ["opportunities"], protect: true, summary: "Kanban: more cards of one column" } })
    .input(ZBoardColumnInput)
    .output(z.object({ cards: z.array(ZBoardCard), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => getBoardColumn(ctx.actor, input)),
  forecast: authedProcedure
    .meta({ openapi: { method: "GET", path: "/opportunities/forecast", tags: ["opportunities"], protect: true, summary: "Weighted forecast by expected close month, and won amounts per month" } })
    .input(ZForecastInput)
    .output(ZForecast)
    .query(({ ctx, input }) => getForecast(ctx.actor, input)),
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/opportunities", tags: ["opportunities"], protect: true, summary: "Opportunities visible to the caller, newest first" } })
    .input(ZOpportunityListInput)
    .output(z.object({ items: z.array(ZOpportunity.extend({ customFields: ZCustomFieldValues })), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => withCustomFields(ctx.actor, "opportunity", await listOpportunities(ctx.actor, input, ctx.locale))),
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/opportunities", tags: ["opportunities"], protect: true }, successStatus: 201 })
    .input(ZOpportunityCreateInput)
    .output(ZOpportunity)
    .mutation(({ ctx, input }) => createOpportunity(ctx.actor, input, ctx.locale)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/opportunities/{id}", tags: ["opportunities"], protect: true, summary: "An opportunity with its stage history and time in each stage" } })
    .input(z.object({ id: z.string() }))
    .output(ZOpportunityDetail)
    .query(({ ctx, input }) => getOpportunity(ctx.actor, input.id, ctx.locale)),
  update: authedProcedure
    .meta({ openapi: { method: "PATCH", path: "/opportunities/{id}", tags: ["opportunities"], protect: true, summary: "Edit, or reassign (managers and admins)" } })
    .input(ZOpportunityUpdateInput.extend({ id: z.string() }))
    .output(ZOpportunity)
    .mutation(({ ctx, input: { id, ...patch } }) => updateOpportunity(ctx.actor, id, patch, ctx.locale)),
  move: authedProcedure
    .meta({ openapi: { method: "POST", path: "/opportunities/{id}/move", tags: ["opportunities"], protect: true, summary: "Move to another stage of its pipeline (a lost stage needs lostReason)" } })
    .input(ZMoveStageInput.extend({ id: z.string() }))
    .output(ZOpportunity)
    .mutation(({ ctx, input: { id, ...move } }) => moveOpportunity(ctx.actor, id, move, ctx.locale)),
  /** The portal's partner filter: the caller's partner and the sub-dealers it sees. */
  partners: partnerProcedure()
    .input(z.object({}).optional())
    .output(z.array(z.object({ id: z.string(), name: z.string() })))
    .query(({ ctx }) => listOpportunityPartners(ctx.actor)),
  settings: platformProcedure()
    .meta({ openapi: { method: "GET", path: "/settings/opportunities", tags: ["settings"], protect: true } })
    .input(z.object({}).optional())
    .output(ZOpportunitySettings)
    .query(({ ctx }) => getOpportunitySettings(ctx.actor)),
  updateSettings: platformProcedure("admin")
    .meta({ openapi: { method: "PUT", path: "/settings/opportunities", tags: ["settings"], protect: true } })
    .input(ZOpportunitySettings)
    .output(ZOpportunitySettings)
    .mutation(({ ctx, input }) => updateOpportunitySettings(ctx.actor, input)),
});
