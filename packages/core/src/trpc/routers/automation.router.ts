import { z } from "zod";
import {
  automationCatalog,
  createRule,
  deleteRule,
  getRule,
  listRules,
  listRuns,
  setRuleEnabled,
  updateRule,
  ZCatalog,
  ZRule,
  ZRuleEnableInput,
  ZRuleInput,
  ZRuleListInput,
  ZRuleUpdateInput,
  ZRun,
  ZRunListInput,
} from "../../modules/automation/index.ts";
import { authedProcedure, router } from "../init.ts";

const list = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const tags = ["automation"];

/** Platform staff work on the platform's rules, a partner's admins on their own (core checks who may). */
export const automationRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/automation/rules", tags, protect: true, summary: "Automation rules: the platform's and, for a partner, its own" } })
    .input(ZRuleListInput)
    .output(list(ZRule))
    .query(({ ctx, input }) => listRules(ctx.actor, input)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/automation/rules/{id}", tags, protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZRule)
    .query(({ ctx, input }) => getRule(ctx.actor, input.id)),
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/automation/rules", tags, protect: true }, successStatus: 201 })
    .input(ZRuleInput)
    .output(ZRule)
    .mutation(({ ctx, input }) => createRule(ctx.actor, input)),
  update: authedProcedure
    .meta({ openapi: { method: "PUT", path: "/automation/rules/{id}", tags, protect: true, summary: "Replace a rule's definition" } })
    .input(ZRuleUpdateInput)
    .output(ZRule)
    .mutation(({ ctx, input: { id, ...definition } }) => updateRule(ctx.actor, id, definition)),
  setEnabled: authedProcedure
    .meta({ openapi: { method: "PATCH", path: "/automation/rules/{id}", tags, protect: true, summary: "Enable or disable a rule" } })
    .input(ZRuleEnableInput)
    .output(ZRule)
    .mutation(({ ctx, input }) => setRuleEnabled(ctx.actor, input)),
  delete: authedProcedure
    .meta({ openapi: { method: "DELETE", path: "/automation/rules/{id}", tags, protect: true }, successStatus: 204 })
    .input(z.object({ id: z.string() }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteRule(ctx.actor, input.id)),
  runs: authedProcedure
    .meta({ openapi: { method: "GET", path: "/automation/runs", tags, protect: true, summary: "What rules did: newest first, with each failure's reason" } })
    .input(ZRunListInput)
    .output(list(ZRun))
    .query(({ ctx, input }) => listRuns(ctx.actor, input)),
  catalog: authedProcedure
    .input(z.void())
    .output(ZCatalog)
    .query(({ ctx }) => automationCatalog(ctx.actor)),
});
