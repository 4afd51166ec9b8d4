/** The only Prisma access for the portal home: reads of other modules' tables, through the caller's scope. */
import { db } from "../../db/index.ts";

/** The user's open tasks due before `before` (overdue and today's), soonest first. */
export async function findDueTasks(userId: string, before: Date, take: number) {
  return db.task.findMany({
    where: { status: "open", assigneeId: userId, dueAt: { lt: before } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take,
    select: { id: true, title: true, titleKey: true, params: true, link: true, dueAt: true },
  });
}

/** Accepted registrations (the caller's scope) whose protection ends in (now, until]. */
export async function findExpiringRegistrations(now: Date, until: Date, take: number) {
  return db.registration.findMany({
    where: { status: "accepted", protectedUntil: { gt: now, lte: until } },
    orderBy: [{ protectedUntil: "asc" }, { id: "asc" }],
    take,
    select: { id: true, customerId: true, protectedUntil: true, submitted: true },
  });
}

/** The latest logged activities the caller may see, newest first. */
export async function findRecentActivities(take: number) {
  return db.activity.findMany({
    orderBy: { id: "desc" },
    take,
    select: { id: true, kind: true, subject: true, occurredAt: true, leadId: true, customerId: true, opportunityId: true, author: { select: { name: true } } },
  });
}
