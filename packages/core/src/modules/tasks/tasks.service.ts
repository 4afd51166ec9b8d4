/** A partner user's to-dos (created by jobs and, later, automation rules); titles are i18n keys. */
import { z } from "zod";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, type Prisma } from "../../db/index.ts";
import { notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { flag, page, queryFlag, ZId, ZListInput } from "../shared.schemas.ts";

const ZTaskListQuery = ZListInput.extend({ includeDone: flag });
export const ZTaskListInput = ZTaskListQuery.extend({ includeDone: queryFlag });

export const ZTask = z.object({
  id: z.string(),
  /** System tasks: an i18n key (+ params); written tasks: `title`. Exactly one is set. */
  titleKey: z.string().nullable(),
  title: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  link: z.string().nullable(),
  dueAt: z.date().nullable(),
  status: z.enum(["open", "done", "cancelled"]),
  assigneeId: z.string().nullable(),
  createdAt: z.date(),
});
export type TTask = z.infer<typeof ZTask>;

const select = { id: true, titleKey: true, title: true, params: true, link: true, dueAt: true, status: true, assigneeId: true, createdAt: true } satisfies Prisma.TaskSelect;

/** Newest first, cursor-paged like every list; open ones only unless asked. */
export async function listTasks(actor: Actor, raw: z.input<typeof ZTaskListQuery>): Promise<{ items: TTask[]; nextCursor: string | null }> {
  requirePermission(actor, "task:read");
  const input = ZTaskListQuery.parse(raw);
  const rows = await db.task.findMany({
    where: { AND: [input.includeDone ? {} : { status: "open" }, input.cursor ? { id: { lt: input.cursor } } : {}] },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select,
  });
  return page(rows.map((r) => ({ ...r, params: (r.params ?? {}) as Record<string, unknown> })), input.limit);
}

export async function completeTask(actor: Actor, id: string): Promise<TTask> {
  requirePermission(actor, "task:read");
  if (!ZId.safeParse(id).success) throw notFound("Task");
  return db.$transaction(async (tx) => {
    const task = await tx.task.findUnique({ where: { id }, select });
    if (!task) throw notFound("Task");
    if (task.status !== "open") return { ...task, params: task.params as Record<string, unknown> };
    const done = await tx.task.update({ where: { id }, data: { status: "done" }, select });
    await recordAudit(tx, actor, { action: "task.completed", entityType: "Task", entityId: id, before: { status: task.status }, after: { status: "done" } });
    return { ...done, params: done.params as Record<string, unknown> };
  });
}
