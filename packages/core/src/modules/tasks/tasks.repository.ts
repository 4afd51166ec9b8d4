/** The only Prisma access for tasks. Runs through the scoped client, so rows are already filtered. */
import { db, type Prisma, type Tx } from "../../db/index.ts";

export const taskSelect = {
  id: true,
  partnerId: true,
  titleKey: true,
  title: true,
  params: true,
  notes: true,
  link: true,
  dueAt: true,
  remindAt: true,
  remindedAt: true,
  status: true,
  completedAt: true,
  assigneeId: true,
  leadId: true,
  customerId: true,
  opportunityId: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
  assignee: { select: { name: true } },
} satisfies Prisma.TaskSelect;

export type TaskRow = Prisma.TaskGetPayload<{ select: typeof taskSelect }>;

export type TaskFilter = {
  status?: "open" | "done" | "cancelled";
  openOnly?: boolean;
  assigneeId?: string;
  leadId?: string;
  customerId?: string;
  opportunityId?: string;
  beforeId?: string;
};

export function findTasks(filter: TaskFilter, take: number): Promise<TaskRow[]> {
  const and: Prisma.TaskWhereInput[] = [];
  if (filter.status) and.push({ status: filter.status });
  else if (filter.openOnly) and.push({ status: "open" });
  if (filter.assigneeId) and.push({ assigneeId: filter.assigneeId });
  if (filter.leadId) and.push({ leadId: filter.leadId });
  if (filter.customerId) and.push({ customerId: filter.customerId });
  if (filter.opportunityId) and.push({ opportunityId: filter.opportunityId });
  if (filter.beforeId) and.push({ id: { lt: filter.beforeId } });
  return db.task.findMany({ where: and.length ? { AND: and } : {}, orderBy: { id: "desc" }, take, select: taskSelect });
}

/** The assignee's open tasks due before `horizon` (soonest first) and those without a due time (newest first). */
export async function findMyDayTasks(assigneeId: string, horizon: Date, take: number): Promise<{ dated: TaskRow[]; undated: TaskRow[] }> {
  const [dated, undated] = await Promise.all([
    db.task.findMany({ where: { assigneeId, status: "open", dueAt: { lt: horizon } }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take, select: taskSelect }),
    db.task.findMany({ where: { assigneeId, status: "open", dueAt: null }, orderBy: { id: "desc" }, take, select: taskSelect }),
  ]);
  return { dated, undated };
}

export function findTask(id: string, tx?: Tx): Promise<TaskRow | null> {
  return (tx ?? db).task.findUnique({ where: { id }, select: taskSelect });
}

export function insertTask(tx: Tx, data: Prisma.TaskUncheckedCreateInput): Promise<TaskRow> {
  return tx.task.create({ data, select: taskSelect });
}

export function updateTaskRow(tx: Tx, id: string, data: Prisma.TaskUncheckedUpdateInput): Promise<TaskRow> {
  return tx.task.update({ where: { id }, data, select: taskSelect });
}

/** Is `userId` an active member of `partnerId`? Assignees must be. */
export async function isActiveMember(tx: Tx, userId: string, partnerId: string): Promise<boolean> {
  const membership = await tx.membership.findFirst({ where: { userId, partnerId, user: { deactivatedAt: null } }, select: { id: true } });
  return membership !== null;
}

/** Whether the actor can see the record a task points at (scoped reads: another partner's is simply absent). */
export async function isVisible(tx: Tx, model: "lead" | "customer" | "opportunity", id: string): Promise<boolean> {
  const where = { where: { id }, select: { id: true } } as const;
  if (model === "lead") return (await tx.lead.findUnique(where)) !== null;
  if (model === "customer") return (await tx.customer.findUnique(where)) !== null;
  return (await tx.opportunity.findUnique(where)) !== null;
}
