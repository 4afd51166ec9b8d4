import { z } from "zod";
import { getDashboard, ZDashboard } from "../../modules/dashboard/index.ts";
import { partnerProcedure, router } from "../init.ts";

export const dashboardRouter = router({
  home: partnerProcedure()
    .meta({ openapi: { method: "GET", path: "/dashboard", tags: ["dashboard"], protect: true, summary: "A partner user's home: pipeline, forecast, tasks due, expiring registrations, recent activity" } })
    .input(z.object({}).optional())
    .output(ZDashboard)
    .query(({ ctx }) => getDashboard(ctx.actor, ctx.locale)),
});
