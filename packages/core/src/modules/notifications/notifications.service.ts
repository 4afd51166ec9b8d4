import { z } from "zod";
import { requireSignedInActor, type Actor } from "../../actor/index.ts";
import { db, type Prisma } from "../../db/index.ts";
import { notFound } from "../../errors/index.ts";
import { flag, page, queryFlag, ZId, ZListInput } from "../shared.schemas.ts";

const ZNotificationListQuery = ZListInput.extend({ unreadOnly: flag });
export const ZNotificationListInput = ZNotificationListQuery.extend({ unreadOnly: queryFlag });

export const ZNotification = z.object({
  id: z.string(),
  type: z.string(),
  messageKey: z.string(),
  params: z.record(z.string(), z.unknown()),
  link: z.string().nullable(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TNotification = z.infer<typeof ZNotification>;

const select = { id: true, type: true, messageKey: true, params: true, link: true, readAt: true, createdAt: true } satisfies Prisma.NotificationSelect;

export async function listNotifications(actor: Actor, raw: z.input<typeof ZNotificationListQuery>) {
  requireSignedInActor(actor);
  const input = ZNotificationListQuery.parse(raw);
  const rows = await db.notification.findMany({
    where: { AND: [input.unreadOnly ? { readAt: null } : {}, input.cursor ? { id: { lt: input.cursor } } : {}] },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select,
  });
  return page(rows.map((r) => ({ ...r, params: (r.params ?? {}) as Record<string, unknown> })), input.limit);
}

export async function countUnreadNotifications(actor: Actor): Promise<number> {
  requireSignedInActor(actor);
  return db.notification.count({ where: { readAt: null } });
}

export async function markNotificationRead(actor: Actor, id: string): Promise<void> {
  requireSignedInActor(actor);
  if (!ZId.safeParse(id).success) throw notFound("Notification");
  const result = await db.notification.updateMany({ where: { id, readAt: null }, data: { readAt: new Date() } });
  if (result.count === 0 && !(await db.notification.findUnique({ where: { id }, select: { id: true } }))) throw notFound("Notification");
}

export async function markAllNotificationsRead(actor: Actor): Promise<number> {
  requireSignedInActor(actor);
  const result = await db.notification.updateMany({ where: { readAt: null }, data: { readAt: new Date() } });
  return result.count;
}
