import { z } from "zod";
import { completeTask, listTasks, ZTask, ZTaskListInput } from "../../modules/tasks/index.ts";
import { partnerProcedure, router } from "../init.ts";

export const tasksRouter = router({
  list: partnerProcedure()
    .meta({ openapi: { method: "GET", path: "/tasks", tags: ["tasks"], protect: true, summary: "My open tasks (reps) or the partner's (managers, admins)" } })
    .input(ZTaskListInput)
    .output(z.object({ items: z.array(ZTask), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listTasks(ctx.actor, input)),
  complete: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/tasks/{id}/complete", tags: ["tasks"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZTask)
    .mutation(({ ctx, input }) => completeTask(ctx.actor, input.id)),
});
