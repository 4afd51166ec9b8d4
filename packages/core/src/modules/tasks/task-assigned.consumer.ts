/**
 * Consumer of `task.assigned`: tells the new assignee in-app. Idempotent: the (sourceEventId, userId)
 * unique key makes a redelivered event a no-op. A system task's title stays a key (nested with $t), so
 * the assignee reads it in their own language.
 */
import { db, type Prisma } from "../../db/index.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

/**
 * A notification's message key and params for a task: `work.notification.<base>[By|Due][Key]`, where
 * the `Key` variants nest the system task's title key so it is read in the reader's language.
 */
export function taskMessage(
  base: "taskAssigned" | "taskReminder",
  task: { title: string | null; titleKey: string | null; params: unknown },
  extra?: { suffix: "By" | "Due"; params: Record<string, string> },
): { messageKey: string; params: Record<string, unknown> } {
  const system = task.title === null && task.titleKey !== null;
  const titleParams = system ? { ...((task.params ?? {}) as Record<string, unknown>), titleKey: task.titleKey } : { title: task.title ?? "" };
  return {
    messageKey: `work.notification.${base}${extra?.suffix ?? ""}${system ? "Key" : ""}`,
    params: { ...titleParams, ...(extra?.params ?? {}) },
  };
}

export async function notifyTaskAssigned(eventId: string, payload: DomainEvents["task.assigned"]): Promise<{ created: boolean }> {
  const task = await db.task.findUnique({ where: { id: payload.taskId }, select: { id: true, title: true, titleKey: true, params: true, assigneeId: true, status: true } });
  // Reassigned again before delivery (the newer event tells that person), or already closed.
  if (!task || task.assigneeId !== payload.assigneeId || task.status !== "open") return { created: false };
  const actorName = payload.actorUserId ? ((await db.user.findUnique({ where: { id: payload.actorUserId }, select: { name: true } }))?.name ?? null) : null;
  const message = taskMessage("taskAssigned", task, actorName ? { suffix: "By", params: { actorName } } : undefined);
  const result = await db.notification.createMany({
    data: [
      {
        userId: payload.assigneeId,
        type: "task.assigned",
        messageKey: message.messageKey,
        params: message.params as Prisma.InputJsonValue,
        link: `/tasks/${task.id}`,
        sourceEventId: eventId,
      },
    ],
    skipDuplicates: true,
  });
  return { created: result.count > 0 };
}
