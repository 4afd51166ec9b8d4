/**
 * Tasks: what a partner user has to do. Jobs and automation rules create system tasks (an i18n title,
 * read in each reader's language); people write their own, for themselves or — managers and admins —
 * for a teammate. Reminders are sent by jobs/task-reminders.ts.
 */
import { can, requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, type Tx } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { recordToCreate, taskHookRecord } from "../plugins/hook-records.rules.ts";
import { beforeSaveHooksInstalled, pluginFieldsBeforeSave, pluginFieldsOnUpdate } from "../plugins/plugin-host.ts";
import { page, ZId } from "../shared.schemas.ts";
import { findMyDayTasks, findTask, findTasks, insertTask, isActiveMember, isVisible, updateTaskRow, type TaskRow } from "./tasks.repository.ts";
import { myDayBounds, myDayBucket, statusChange, timingProblems } from "./tasks.rules.ts";
import {
  ZTaskCreateInput,
  ZTaskListQuery,
  ZTaskUpdateInput,
  type TMyDay,
  type TTask,
  type TTaskCreateInput,
  type TTaskListInput,
  type TTaskUpdateInput,
} from "./tasks.schemas.ts";

/** A task as the caller reads it: a system task's title translated into the caller's language. */
export function presentTask(row: TaskRow, locale: Locale): TTask {
  const { assignee, ...rest } = row;
  const params = (row.params ?? {}) as Record<string, unknown>;
  const displayTitle = row.title ?? (row.titleKey ? String(translator(locale)(row.titleKey, params)) : "");
  return { ...rest, params, displayTitle, assigneeName: assignee?.name ?? null };
}

type Links = { leadId: string | null; customerId: string | null; opportunityId: string | null };

/** Where the portal opens a written task's record: the most specific one it points at. */
function linkFor(links: Links): string | null {
  if (links.opportunityId) return `/opportunities/${links.opportunityId}`;
  if (links.customerId) return `/customers/${links.customerId}`;
  if (links.leadId) return `/leads/${links.leadId}`;
  return null;
}

const LINK_MODELS = { leadId: ["lead", "Lead"], customerId: ["customer", "Customer"], opportunityId: ["opportunity", "Opportunity"] } as const;

/** Every record a task points at must be visible to the actor: otherwise the same 404 as a missing one. */
async function assertVisibleLinks(tx: Tx, links: Partial<Links>): Promise<void> {
  for (const [field, [model, entity]] of Object.entries(LINK_MODELS) as Array<[keyof Links, (typeof LINK_MODELS)[keyof Links]]>) {
    const id = links[field];
    if (id && !(await isVisible(tx, model, id))) throw notFound(entity);
  }
}

function assigneeNotInPartner(): DomainError {
  return new DomainError("ASSIGNEE_NOT_IN_PARTNER", { details: [{ path: "assigneeId", message: "errors.ASSIGNEE_NOT_IN_PARTNER" }] });
}

function assertTiming(timing: { remindAt: Date | null; dueAt: Date | null }): void {
  const problems = timingProblems(timing);
  if (problems.length > 0) throw new DomainError("VALIDATION_FAILED", { details: problems });
}

/** An API instant (string) as a Date; absent and null pass through (unchanged / cleared). */
function toDate(value: string | null | undefined): Date | null | undefined {
  return typeof value === "string" ? new Date(value) : value;
}

function userIdOf(actor: Actor): string | null {
  return actor.kind === "partner" || actor.kind === "platform" ? actor.userId : null;
}

async function announceAssignment(tx: Tx, actor: Actor, task: TaskRow, previousAssigneeId: string | null): Promise<void> {
  if (!task.assigneeId || task.assigneeId === userIdOf(actor)) return;
  await emitEvent(tx, "task.assigned", { type: "Task", id: task.id, partnerId: task.partnerId }, {
    taskId: task.id,
    partnerId: task.partnerId,
    assigneeId: task.assigneeId,
    previousAssigneeId,
    actorUserId: userIdOf(actor),
  });
}

export async function listTasks(actor: Actor, raw: TTaskListInput, locale: Locale = "zh-CN"): Promise<{ items: TTask[]; nextCursor: string | null }> {
  requirePermission(actor, "task:read");
  const input = ZTaskListQuery.parse(raw);
  const rows = await findTasks(
    {
      ...(input.status ? { status: input.status } : { openOnly: !input.includeDone }),
      ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
      ...(input.leadId ? { leadId: input.leadId } : {}),
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.opportunityId ? { opportunityId: input.opportunityId } : {}),
      ...(input.cursor ? { beforeId: input.cursor } : {}),
    },
    input.limit + 1,
  );
  return page(rows.map((row) => presentTask(row, locale)), input.limit);
}

export async function getTask(actor: Actor, id: string, locale: Locale = "zh-CN"): Promise<TTask> {
  requirePermission(actor, "task:read");
  if (!ZId.safeParse(id).success) throw notFound("Task");
  const row = await findTask(id);
  if (!row) throw notFound("Task");
  return presentTask(row, locale);
}

/**
 * `system`: the task's title is an i18n key read in each reader's language (as the platform's own
 * tasks), `input.title` then only the text its hooks and its validation see. A plugin's translated
 * task (the createTask intent with `titleKey`) is created so.
 */
export async function createTask(actor: Actor, rawInput: TTaskCreateInput, locale: Locale = "zh-CN", system?: { titleKey: string; params: Record<string, unknown> }): Promise<TTask> {
  requirePermission(actor, "task:write");
  const partner = requirePartnerActor(actor);
  const input = ZTaskCreateInput.parse(rawInput);
  const remindAt = toDate(input.remindAt) ?? null;
  const dueAt = toDate(input.dueAt) ?? null;
  assertTiming({ remindAt, dueAt });
  const assigneeId = input.assigneeId ?? partner.userId;
  if (assigneeId !== partner.userId && !can(actor, "task:assign")) throw new DomainError("FORBIDDEN");
  const links: Links = { leadId: input.leadId ?? null, customerId: input.customerId ?? null, opportunityId: input.opportunityId ?? null };
  const fields = { partnerId: partner.partnerId, assigneeId, title: input.title, notes: input.notes ?? null, dueAt, remindAt, ...links, link: linkFor(links), createdById: partner.userId };
  // Installed plugins' compute and validate hooks run before the save (outside the transaction: sandbox CPU).
  const record = recordToCreate(taskHookRecord({ ...fields, id: "", titleKey: null, params: {}, remindedAt: null, status: "open", completedAt: null, createdAt: new Date(), updatedAt: new Date() }));
  const title = system ? { title: null, titleKey: system.titleKey, params: system.params as Prisma.InputJsonValue } : {};
  const pluginFields = await pluginFieldsBeforeSave(actor, { partnerId: partner.partnerId, object: "task", operation: "create", record, previous: null });
  const row = await db.$transaction(async (tx) => {
    // A teammate is an active member of the actor's own partner (a sub-dealer's people work their own tasks).
    if (assigneeId !== partner.userId && !(await isActiveMember(tx, assigneeId, partner.partnerId))) throw assigneeNotInPartner();
    await assertVisibleLinks(tx, links);
    const task = await insertTask(tx, { ...fields, ...title, customFields: pluginFields as Prisma.InputJsonValue });
    await recordAudit(tx, actor, { action: "task.created", entityType: "Task", entityId: task.id, partnerId: task.partnerId, after: { ...task, assignee: undefined } });
    await announceAssignment(tx, actor, task, null);
    return task;
  });
  return presentTask(row, locale);
}

const PLAIN_FIELDS = ["notes", "dueAt", "remindAt", "leadId", "customerId", "opportunityId"] as const;

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

export async function updateTask(actor: Actor, id: string, rawPatch: TTaskUpdateInput, locale: Locale = "zh-CN", now = new Date()): Promise<TTask> {
  requirePermission(actor, "task:write");
  requirePartnerActor(actor);
  if (!ZId.safeParse(id).success) throw notFound("Task");
  const parsed = ZTaskUpdateInput.parse(rawPatch);
  const patch = { ...parsed, remindAt: toDate(parsed.remindAt), dueAt: toDate(parsed.dueAt) };
  const pluginsCheck = await beforeSaveHooksInstalled("task", "update");
  const row = await db.$transaction(async (tx) => {
    const before = await findTask(id, tx);
    if (!before) throw notFound("Task");
    const data: Record<string, unknown> = {};
    // Writing a title over a system task makes it an ordinary one (title XOR titleKey).
    if (patch.title !== undefined && (patch.title !== before.title || before.titleKey !== null)) {
      Object.assign(data, { title: patch.title, titleKey: null, params: {} });
    }
    for (const field of PLAIN_FIELDS) {
      const next = patch[field];
      if (next !== undefined && !sameValue(next, before[field])) data[field] = next;
    }
    const reassigned = patch.assigneeId !== undefined && patch.assigneeId !== before.assigneeId;
    if (reassigned) {
      if (!can(actor, "task:assign")) throw new DomainError("FORBIDDEN");
      if (!(await isActiveMember(tx, patch.assigneeId!, before.partnerId))) throw assigneeNotInPartner();
      data.assigneeId = patch.assigneeId;
    }
    const transition = patch.status ? statusChange(before.status, patch.status, now) : null;
    if (transition) Object.assign(data, transition);
    if (Object.keys(data).length === 0) return before;

    if ("remindAt" in data || "dueAt" in data) {
      assertTiming({
        remindAt: "remindAt" in data ? (data.remindAt as Date | null) : before.remindAt,
        dueAt: "dueAt" in data ? (data.dueAt as Date | null) : before.dueAt,
      });
    }
    // A new reminder time is a new reminder.
    if ("remindAt" in data) data.remindedAt = null;
    const linkFields = ["leadId", "customerId", "opportunityId"] as const;
    if (linkFields.some((f) => f in data)) {
      await assertVisibleLinks(tx, Object.fromEntries(linkFields.filter((f) => f in data).map((f) => [f, data[f]])));
      const links = Object.fromEntries(linkFields.map((f) => [f, (f in data ? data[f] : before[f]) as string | null])) as Links;
      data.link = linkFor(links);
    }
    // Plugin fields are read only when an installed plugin checks task updates (completing one is an update too).
    const customFields = pluginsCheck
      ? await pluginFieldsOnUpdate(actor, {
          partnerId: before.partnerId,
          object: "task",
          before: taskHookRecord(before),
          changes: data,
          readCustomFields: async () => (await tx.task.findUnique({ where: { id }, select: { customFields: true } }))?.customFields,
        })
      : null;
    const after = await updateTaskRow(tx, id, customFields ? { ...data, customFields: customFields as Prisma.InputJsonValue } : data).catch((error: unknown) => {
      // Reassigned out of this actor's scope since it was read: the same answer as for a missing task.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("Task");
      throw error;
    });
    const changed = Object.keys(data);
    const audited = changed.filter((k) => k !== "params");
    await recordAudit(tx, actor, {
      action: transition ? `task.${transition.status === "open" ? "reopened" : transition.status === "done" ? "completed" : "cancelled"}` : "task.updated",
      entityType: "Task",
      entityId: id,
      partnerId: before.partnerId,
      before: Object.fromEntries(audited.map((k) => [k, before[k as keyof TaskRow]])),
      after: Object.fromEntries(audited.map((k) => [k, after[k as keyof TaskRow]])),
    });
    if (reassigned) await announceAssignment(tx, actor, after, before.assigneeId);
    return after;
  });
  return presentTask(row, locale);
}

/** One tap in "My day": done. Completing a done task changes nothing. */
export function completeTask(actor: Actor, id: string, locale: Locale = "zh-CN", now = new Date()): Promise<TTask> {
  return updateTask(actor, id, { status: "done" }, locale, now);
}

/** The caller's open tasks: overdue, due later today, the next 7 days, and those without a due time. */
export async function myDay(actor: Actor, locale: Locale = "zh-CN", now = new Date(), timeZone = env().PLATFORM_TIMEZONE): Promise<TMyDay> {
  requirePermission(actor, "task:read");
  const partner = requirePartnerActor(actor);
  const bounds = myDayBounds(now, timeZone);
  const { dated, undated } = await findMyDayTasks(partner.userId, bounds.horizon, 300);
  const result: TMyDay = { timeZone, overdue: [], today: [], upcoming: [], undated: undated.map((row) => presentTask(row, locale)) };
  for (const row of dated) {
    const bucket = myDayBucket(row.dueAt, now, timeZone, bounds);
    if (bucket === "overdue" || bucket === "today" || bucket === "upcoming") result[bucket].push(presentTask(row, locale));
  }
  return result;
}
