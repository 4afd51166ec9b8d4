import { z } from "zod";
import { homeWidgets, listReports, runReport, ZHomeWidgetView, ZReportDefinition, ZReportResult, ZReportRunInput } from "../../modules/plugins/index.ts";
import { authedProcedure, router } from "../init.ts";

/**
 * Reports and home widgets plugins contribute (issue 7): the caller's app (console for staff, portal
 * for partner users) decides which are offered; a report runs in the caller's tenant.
 */
export const pluginReportsRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/plugin-reports", tags: ["plugin reports"], protect: true, summary: "The plugin reports the caller may run, with their filters (params) and columns" } })
    .input(z.object({}).optional())
    .output(z.array(ZReportDefinition))
    .query(({ ctx }) => listReports(ctx.actor)),
  run: authedProcedure
    .meta({ openapi: { method: "POST", path: "/plugin-reports/{report}/run", tags: ["plugin reports"], protect: true, summary: "Run a report for the caller's tenant: rows (money and decimals as decimal strings, percentages as ratios), totals, notes" } })
    .input(ZReportRunInput)
    .output(ZReportResult)
    .mutation(({ ctx, input }) => runReport(ctx.actor, input)),
  widgets: authedProcedure
    .meta({ openapi: { method: "GET", path: "/plugin-widgets", tags: ["plugin reports"], protect: true, summary: "The home widgets of the caller's app: each report's first rows and totals" } })
    .input(z.object({}).optional())
    .output(z.array(ZHomeWidgetView))
    .query(({ ctx }) => homeWidgets(ctx.actor, ctx.locale)),
});
