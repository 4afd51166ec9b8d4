import { z } from "zod";
import { completeTask, createTask, getTask, listTasks, myDay, updateTask, ZMyDay, ZTask, ZTaskCreateInput, ZTaskListInput, ZTaskUpdateInput } from "../../modules/tasks/index.ts";
import { withCustomFields, withCustomFieldsIn, ZCustomFieldValues } from "../../modules/plugins/index.ts";
import { partnerProcedure, router } from "../init.ts";

/** Task rows with the installed plugins' field values (plugin list columns). */
const ZTaskRow = ZTask.extend({ customFields: ZCustomFieldValues });

export const tasksRouter = router({
  list: partnerProcedure()
    .meta({ openapi: { method: "GET", path: "/tasks", tags: ["tasks"], protect: true, summary: "My open tasks (reps) or the partner's (managers, admins)" } })
    .input(ZTaskListInput)
    .output(z.object({ items: z.array(ZTaskRow), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => withCustomFields(ctx.actor, "task", await listTasks(ctx.actor, input, ctx.locale))),
  // Before `get`: /tasks/{id} would otherwise take "my-day" for an id.
  myDay: partnerProcedure()
    .meta({ openapi: { method: "GET", path: "/tasks/my-day", tags: ["tasks"], protect: true, summary: "My open tasks: overdue, later today, the next 7 days, undated" } })
    .input(z.object({}).optional())
    .output(ZMyDay.extend({ overdue: z.array(ZTaskRow), today: z.array(ZTaskRow), upcoming: z.array(ZTaskRow), undated: z.array(ZTaskRow) }))
    .query(async ({ ctx }) => {
      const { timeZone, ...groups } = await myDay(ctx.actor, ctx.locale);
      return { timeZone, ...(await withCustomFieldsIn(ctx.actor, "task", groups)) };
    }),
  get: partnerProcedure()
    .meta({ openapi: { method: "GET", path: "/tasks/{id}", tags: ["tasks"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZTask)
    .query(({ ctx, input }) => getTask(ctx.actor, input.id, ctx.locale)),
  create: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/tasks", tags: ["tasks"], protect: true, summary: "A task for myself, or (managers, admins) for a teammate" }, successStatus: 201 })
    .input(ZTaskCreateInput)
    .output(ZTask)
    .mutation(({ ctx, input }) => createTask(ctx.actor, input, ctx.locale)),
  update: partnerProcedure()
    .meta({ openapi: { method: "PATCH", path: "/tasks/{id}", tags: ["tasks"], protect: true, summary: "Edit, reassign, or complete / cancel / reopen (status)" } })
    .input(ZTaskUpdateInput.extend({ id: z.string() }))
    .output(ZTask)
    .mutation(({ ctx, input: { id, ...patch } }) => updateTask(ctx.actor, id, patch, ctx.locale)),
  complete: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/tasks/{id}/complete", tags: ["tasks"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZTask)
    .mutation(({ ctx, input }) => completeTask(ctx.actor, input.id, ctx.locale)),
});
