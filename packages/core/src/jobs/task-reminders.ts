/**
 * Task reminders (a maintenance job, every minute; see worker.ts). Each due reminder is claimed once —
 * an UPDATE of `remindedAt` over rows picked `FOR UPDATE SKIP LOCKED`, so two runs at the same time
 * split the work instead of both sending it — and becomes an in-app notification for the assignee in
 * the same transaction. The e-mail follows after commit (logged instead when no SMTP is configured);
 * a failed e-mail is logged and not retried, so nobody is reminded twice.
 */
import { db, Prisma, runAsSystem } from "../db/index.ts";
import { env } from "../env/index.ts";
import { DEFAULT_LOCALE, normaliseLocale, translator, type Locale } from "../i18n/index.ts";
import { mailer as sharedMailer, type Mailer } from "../mail/index.ts";
import { instantToLocalDateTime, taskMessage } from "../modules/tasks/index.ts";

const BATCH = 200;

type ClaimedTask = {
  id: string;
  assigneeId: string;
  title: string | null;
  titleKey: string | null;
  params: unknown;
  notes: string | null;
  dueAt: Date | null;
};

type Recipient = { id: string; email: string; name: string; locale: string };

/** Claim up to `batch` due reminders (an UPDATE … RETURNING over rows locked with SKIP LOCKED) and notify in-app. */
async function claimAndNotify(now: Date, batch: number): Promise<Array<{ task: ClaimedTask; recipient: Recipient | null }>> {
  return runAsSystem("task-reminders", () =>
    db.$transaction(async (tx) => {
      const claimed = await tx.$queryRaw<ClaimedTask[]>(Prisma.sql`
        WITH due AS (
          SELECT id FROM "Task"
          WHERE status = 'open' AND "remindAt" <= ${now}::timestamptz AND "remindedAt" IS NULL AND "assigneeId" IS NOT NULL
          ORDER BY "remindAt", id
          LIMIT ${batch}::int
          FOR UPDATE SKIP LOCKED
        )
        UPDATE "Task" AS t SET "remindedAt" = ${now}::timestamptz, "updatedAt" = now()
        FROM due WHERE t.id = due.id AND t."remindedAt" IS NULL
        RETURNING t.id, t."assigneeId", t.title, t."titleKey", t.params, t.notes, t."dueAt"`);
      if (claimed.length === 0) return [];
      const users = await tx.user.findMany({
        where: { id: { in: [...new Set(claimed.map((t) => t.assigneeId))] }, deactivatedAt: null },
        select: { id: true, email: true, name: true, locale: true },
      });
      const byId = new Map(users.map((u) => [u.id, u]));
      const timeZone = env().PLATFORM_TIMEZONE;
      const notifications = claimed.flatMap((task) => {
        if (!byId.has(task.assigneeId)) return [];
        const due = task.dueAt ? { suffix: "Due" as const, params: { due: instantToLocalDateTime(new Date(task.dueAt), timeZone).replace("T", " ") } } : undefined;
        const message = taskMessage("taskReminder", task, due);
        return [{ userId: task.assigneeId, type: "task.reminder", messageKey: message.messageKey, params: message.params as Prisma.InputJsonValue, link: `/tasks/${task.id}` }];
      });
      if (notifications.length > 0) await tx.notification.createMany({ data: notifications });
      return claimed.map((task) => ({ task, recipient: byId.get(task.assigneeId) ?? null }));
    }),
  );
}

/** The reminder e-mail, in the assignee's language. */
export function reminderEmail(task: ClaimedTask, recipient: Recipient, options: { timeZone: string; portalUrl?: string | undefined }): { subject: string; text: string } {
  const locale: Locale = normaliseLocale(recipient.locale) ?? DEFAULT_LOCALE;
  const t = translator(locale);
  const title = task.title ?? (task.titleKey ? String(t(task.titleKey, (task.params ?? {}) as Record<string, unknown>)) : "");
  const lines = [String(t("work.email.greeting", { name: recipient.name })), "", String(t("work.email.reminderIntro")), `  ${title}`];
  if (task.dueAt) {
    const due = new Intl.DateTimeFormat(locale, { timeZone: options.timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(task.dueAt));
    lines.push(String(t("work.email.due", { due })));
  }
  if (task.notes) lines.push("", task.notes);
  if (options.portalUrl) lines.push("", String(t("work.email.open", { url: `${options.portalUrl.replace(/\/$/, "")}/tasks/${task.id}` })));
  return { subject: String(t("work.email.reminderSubject", { title })), text: lines.join("\n") };
}

export async function sendTaskReminders(
  options: { now?: Date; mail?: Mailer; batch?: number; log?: (line: string) => void } = {},
): Promise<{ reminded: number; emailed: number; failed: number }> {
  const now = options.now ?? new Date();
  const batch = options.batch ?? BATCH;
  const mail = options.mail ?? sharedMailer();
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const e = env();
  const totals = { reminded: 0, emailed: 0, failed: 0 };
  for (;;) {
    const claimed = await claimAndNotify(now, batch);
    totals.reminded += claimed.length;
    for (const { task, recipient } of claimed) {
      if (!recipient) continue;
      try {
        await mail.send({ to: recipient.email, ...reminderEmail(task, recipient, { timeZone: e.PLATFORM_TIMEZONE, portalUrl: e.PORTAL_URL }) });
        totals.emailed++;
      } catch (error) {
        totals.failed++;
        log(`task reminder e-mail for task ${task.id} could not be sent via ${mail.destination}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (claimed.length < batch) return totals;
  }
}
