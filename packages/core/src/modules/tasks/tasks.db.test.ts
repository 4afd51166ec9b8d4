import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { sendTaskReminders } from "../../jobs/task-reminders.ts";
import { translator } from "../../i18n/index.ts";
import { createMailer, mailSettings, type MailMessage, type Mailer } from "../../mail/index.ts";
import { api, apiToken, createTestLead, createTestPartner, createTestPartnerUser, type TestPartnerUser } from "../../testing/index.ts";

let partnerA: { id: string }, partnerB: { id: string };
let repA: TestPartnerUser, rep2A: TestPartnerUser, managerA: TestPartnerUser, leaverA: TestPartnerUser, repB: TestPartnerUser;

beforeAll(async () => {
  partnerA = await createTestPartner();
  partnerB = await createTestPartner();
  [repA, rep2A, managerA, leaverA, repB] = await Promise.all([
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerA.id, "manager"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerB.id, "rep"),
  ]);
  await baseDb().user.update({ where: { id: leaverA.id }, data: { deactivatedAt: new Date() } });
});

afterAll(disconnectDb);

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** A mailer that records what it would send. */
function recordingMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return { destination: "test", sent, send: async (message) => void sent.push(message) };
}

describe("creating and assigning tasks", () => {
  it("a rep creates a task for themselves, linked to their lead", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: repA.id });
    const response = await api("POST", "/tasks", {
      token: await apiToken(repA),
      body: { title: "给王总回电话", notes: "确认报价", dueAt: inHours(5), remindAt: inHours(4), leadId: lead.id },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ title: "给王总回电话", displayTitle: "给王总回电话", assigneeId: repA.id, createdById: repA.id, status: "open", leadId: lead.id, link: `/leads/${lead.id}` });
    // Nobody else was given anything: no task.assigned.
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: response.body.id, type: "task.assigned" } })).toBe(0);
  });

  it("a rep may not give a task to a teammate (403); a manager may, and the teammate is notified in their language", async () => {
    const asRep = await api("POST", "/tasks", { token: await apiToken(repA), body: { title: "帮我跑一趟", assigneeId: rep2A.id } });
    expect(asRep.status).toBe(403);

    const asManager = await api("POST", "/tasks", { token: await apiToken(managerA), body: { title: "本周拜访三家新客户", assigneeId: rep2A.id, dueAt: inHours(48) } });
    expect(asManager.status).toBe(201);
    expect(asManager.body.assigneeId).toBe(rep2A.id);
    const [event] = await baseDb().outboxEvent.findMany({ where: { aggregateId: asManager.body.id, type: "task.assigned" } });
    expect(event!.payload).toEqual({ taskId: asManager.body.id, partnerId: partnerA.id, assigneeId: rep2A.id, previousAssigneeId: null, actorUserId: managerA.id });

    // Delivered twice (at-least-once): one notification.
    const job = {
      eventId: event!.id,
      type: event!.type,
      aggregateType: event!.aggregateType,
      aggregateId: event!.aggregateId,
      partnerId: event!.partnerId,
      payload: event!.payload,
      occurredAt: event!.createdAt.toISOString(),
    };
    await handleDomainEvent(job);
    await handleDomainEvent(job);
    const notifications = await baseDb().notification.findMany({ where: { userId: rep2A.id, type: "task.assigned" } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.link).toBe(`/tasks/${asManager.body.id}`);
    expect(String(translator("en")(notifications[0]!.messageKey, notifications[0]!.params as Record<string, unknown>))).toBe(`${managerA.name} gave you a task: “本周拜访三家新客户”.`);

    // The rep now sees it; the other rep does not.
    expect((await api("GET", `/tasks/${asManager.body.id}`, { token: await apiToken(rep2A) })).status).toBe(200);
    expect((await api("GET", `/tasks/${asManager.body.id}`, { token: await apiToken(repA) })).status).toBe(404);
  });

  it("the assignee must be an active member of the manager's partner", async () => {
    const token = await apiToken(managerA);
    for (const assigneeId of [repB.id, leaverA.id, uuidv7()]) {
      const response = await api("POST", "/tasks", { token, body: { title: "交给外人", assigneeId } });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe("ASSIGNEE_NOT_IN_PARTNER");
    }
  });

  it("refuses a reminder after the due time, a missing title, and another partner's lead, writing nothing", async () => {
    // Counted where a half-written task would land (other test files write tasks concurrently).
    const before = await baseDb().task.count({ where: { partnerId: partnerA.id } });
    const token = await apiToken(repA);
    const late = await api("POST", "/tasks", { token, body: { title: "x", dueAt: inHours(1), remindAt: inHours(2) }, headers: { "accept-language": "zh-CN" } });
    expect(late.status).toBe(400);
    expect(late.body.error.details).toEqual([{ path: "remindAt", message: "提醒时间不能晚于截止时间。" }]);
    const untitled = await api("POST", "/tasks", { token, body: { title: "  " } });
    expect(untitled.body.error.details).toEqual([{ path: "title", message: "必填项。" }]);
    const theirLead = await createTestLead(partnerB.id, { createdById: repB.id });
    const foreign = await api("POST", "/tasks", { token, body: { title: "跟进", leadId: theirLead.id } });
    const missing = await api("POST", "/tasks", { token, body: { title: "跟进", leadId: uuidv7() } });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(await baseDb().task.count({ where: { partnerId: partnerA.id } })).toBe(before);
  });
});

describe("editing, reassigning, completing", () => {
  it("the assignee edits, completes, reopens and cancels; a manager reassigns; reps cannot reassign", async () => {
    const created = await api("POST", "/tasks", { token: await apiToken(repA), body: { title: "准备报价单", dueAt: inHours(3) } });
    const id = created.body.id as string;
    const tokenRep = await apiToken(repA);
    const edited = await api("PATCH", `/tasks/${id}`, { token: tokenRep, body: { title: "准备报价单（含运费）", notes: "问清楚交期" } });
    expect(edited.body).toMatchObject({ title: "准备报价单（含运费）", notes: "问清楚交期" });

    const done = await api("POST", `/tasks/${id}/complete`, { token: tokenRep });
    expect(done.body.status).toBe("done");
    expect(done.body.completedAt).not.toBeNull();
    expect((await api("POST", `/tasks/${id}/complete`, { token: tokenRep })).body.completedAt).toBe(done.body.completedAt);
    const reopened = await api("PATCH", `/tasks/${id}`, { token: tokenRep, body: { status: "open" } });
    expect(reopened.body).toMatchObject({ status: "open", completedAt: null });

    const repReassigns = await api("PATCH", `/tasks/${id}`, { token: tokenRep, body: { assigneeId: rep2A.id } });
    expect(repReassigns.status).toBe(403);
    const reassigned = await api("PATCH", `/tasks/${id}`, { token: await apiToken(managerA), body: { assigneeId: rep2A.id } });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.assigneeId).toBe(rep2A.id);
    const [event] = await baseDb().outboxEvent.findMany({ where: { aggregateId: id, type: "task.assigned" } });
    expect(event!.payload).toMatchObject({ assigneeId: rep2A.id, previousAssigneeId: repA.id, actorUserId: managerA.id });
    // Gone from rep A's view.
    expect((await api("PATCH", `/tasks/${id}`, { token: tokenRep, body: { status: "cancelled" } })).status).toBe(404);
    const cancelled = await api("PATCH", `/tasks/${id}`, { token: await apiToken(rep2A), body: { status: "cancelled" } });
    expect(cancelled.body.status).toBe("cancelled");
    const audit = await baseDb().auditLog.findMany({ where: { entityId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["task.created", "task.updated", "task.completed", "task.reopened", "task.updated", "task.cancelled"]);
  });

  it("another partner's task is a 404 for reads and writes, exactly like a missing one", async () => {
    const created = await api("POST", "/tasks", { token: await apiToken(repA), body: { title: "内部任务" } });
    const token = await apiToken(repB);
    for (const [method, path, body] of [
      ["GET", "", undefined],
      ["PATCH", "", { title: "改掉" }],
      ["POST", "/complete", undefined],
    ] as const) {
      const theirs = await api(method, `/tasks/${created.body.id}${path}`, { token, body });
      const missing = await api(method, `/tasks/${uuidv7()}${path}`, { token, body });
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(missing.body);
    }
    expect((await baseDb().task.findUniqueOrThrow({ where: { id: created.body.id } })).title).toBe("内部任务");
  });

  it("a system task is shown in the reader's language, and writing a title over it makes it an ordinary task", async () => {
    const task = await baseDb().task.create({
      data: { partnerId: partnerA.id, assigneeId: repA.id, titleKey: "ownership.task.followUpInactive", params: { customerName: "宁波海曙精工" }, link: "/customers/x" },
    });
    const token = await apiToken(repA);
    expect((await api("GET", `/tasks/${task.id}`, { token, headers: { "accept-language": "en" } })).body.displayTitle).toBe(
      String(translator("en")("ownership.task.followUpInactive", { customerName: "宁波海曙精工" })),
    );
    expect((await api("GET", `/tasks/${task.id}`, { token, headers: { "accept-language": "zh-TW" } })).body.displayTitle).toBe("跟進長期未聯繫的客戶「宁波海曙精工」");
    const retitled = await api("PATCH", `/tasks/${task.id}`, { token, body: { title: "打电话给宁波海曙" } });
    expect(retitled.body).toMatchObject({ title: "打电话给宁波海曙", titleKey: null, params: {}, displayTitle: "打电话给宁波海曙" });
  });
});

describe("My day", () => {
  it("puts my open tasks in overdue, today, next 7 days and undated; others' and closed tasks stay out", async () => {
    const rep = await createTestPartnerUser(partnerA.id, "rep");
    const token = await apiToken(rep);
    const make = async (title: string, dueAt: string | null) => (await api("POST", "/tasks", { token, body: { title, ...(dueAt ? { dueAt } : {}) } })).body.id as string;
    const overdue = await make("昨天就该做", inHours(-26));
    const later = await make("下个月", inHours(24 * 20));
    const undated = await make("有空再说", null);
    const upcoming = await make("三天后", inHours(24 * 3));
    const closed = await make("做完了", inHours(-2));
    await api("POST", `/tasks/${closed}/complete`, { token });
    const day = await api("GET", "/tasks/my-day", { token });
    expect(day.status).toBe(200);
    expect(day.body.timeZone).toBe("Asia/Shanghai");
    const ids = (bucket: string) => day.body[bucket].map((t: { id: string }) => t.id);
    expect(ids("overdue")).toEqual([overdue]);
    expect(ids("upcoming")).toEqual([upcoming]);
    expect(ids("undated")).toEqual([undated]);
    expect([...ids("overdue"), ...ids("today"), ...ids("upcoming"), ...ids("undated")]).not.toContain(later);
    // A manager's "My day" is theirs alone, not the team's.
    const managerDay = await api("GET", "/tasks/my-day", { token: await apiToken(managerA) });
    expect(JSON.stringify(managerDay.body)).not.toContain(overdue);
  });
});

describe("reminders", () => {
  it("are sent once — one notification, one e-mail — even when the job runs twice at the same time", async () => {
    const rep = await createTestPartnerUser(partnerA.id, "rep");
    const created = await api("POST", "/tasks", { token: await apiToken(rep), body: { title: "提醒我签合同", dueAt: inHours(1), remindAt: inHours(-0.1) } });
    const first = recordingMailer();
    const second = recordingMailer();
    const now = new Date();
    await Promise.all([sendTaskReminders({ now, mail: first, batch: 1 }), sendTaskReminders({ now, mail: second, batch: 1 })]);
    await sendTaskReminders({ now: new Date(), mail: second });
    const mine = [...first.sent, ...second.sent].filter((m) => m.to === rep.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toBe("任务提醒：提醒我签合同");
    const notifications = await baseDb().notification.findMany({ where: { userId: rep.id, type: "task.reminder" } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ messageKey: "work.notification.taskReminderDue", link: `/tasks/${created.body.id}` });
    expect(String(translator("zh-CN")(notifications[0]!.messageKey, notifications[0]!.params as Record<string, unknown>))).toMatch(/^任务提醒：「提醒我签合同」，截止 \d{4}-\d\d-\d\d \d\d:\d\d。$/);
    expect((await baseDb().task.findUniqueOrThrow({ where: { id: created.body.id } })).remindedAt).not.toBeNull();
  });

  it("without SMTP the e-mail is written to the log, in the assignee's language; a system task's title is translated", async () => {
    const rep = await createTestPartnerUser(partnerA.id, "rep");
    await baseDb().user.update({ where: { id: rep.id }, data: { locale: "en" } });
    const task = await baseDb().task.create({
      data: { partnerId: partnerA.id, assigneeId: rep.id, titleKey: "ownership.task.followUpInactive", params: { customerName: "Ningbo Precision" }, remindAt: new Date(Date.now() - 60_000) },
    });
    const lines: string[] = [];
    const logMailer = createMailer(mailSettings({ SMTP_URL: undefined, SMTP_HOST: undefined, SMTP_PORT: undefined, SMTP_USER: undefined, SMTP_PASS: undefined, SMTP_FROM: "Qudao <no-reply@qudao.local>" }), (line) => lines.push(line));
    await sendTaskReminders({ mail: logMailer });
    const mine = lines.filter((line) => line.includes(`to: ${rep.email}`));
    expect(mine).toHaveLength(1);
    const title = String(translator("en")("ownership.task.followUpInactive", { customerName: "Ningbo Precision" }));
    expect(mine[0]).toContain("SMTP is not configured");
    expect(mine[0]).toContain(`subject: Reminder: ${title}`);
    expect(mine[0]).toContain(`Hello ${rep.name},`);
    const [notification] = await baseDb().notification.findMany({ where: { userId: rep.id, type: "task.reminder" } });
    expect(notification!.messageKey).toBe("work.notification.taskReminderKey");
    expect(String(translator("zh-CN")(notification!.messageKey, notification!.params as Record<string, unknown>))).toBe("任务提醒：「跟进长期未联系的客户「Ningbo Precision」」。");
    expect((await baseDb().task.findUniqueOrThrow({ where: { id: task.id } })).remindedAt).not.toBeNull();
  });

  it("skips done tasks and future reminders, and a new reminder time reminds again", async () => {
    const rep = await createTestPartnerUser(partnerA.id, "rep");
    const token = await apiToken(rep);
    const future = await api("POST", "/tasks", { token, body: { title: "明天提醒", remindAt: inHours(24) } });
    const done = await api("POST", "/tasks", { token, body: { title: "已完成的", remindAt: inHours(-1) } });
    await api("POST", `/tasks/${done.body.id}/complete`, { token });
    const mail = recordingMailer();
    await sendTaskReminders({ mail });
    expect(mail.sent.filter((m) => m.to === rep.email)).toHaveLength(0);

    // Moving the reminder into the past makes it due: it fires, once.
    await api("PATCH", `/tasks/${future.body.id}`, { token, body: { remindAt: inHours(-0.01) } });
    await sendTaskReminders({ mail });
    await sendTaskReminders({ mail });
    expect(mail.sent.filter((m) => m.to === rep.email)).toHaveLength(1);
    // A new reminder time clears "reminded".
    const moved = await api("PATCH", `/tasks/${future.body.id}`, { token, body: { remindAt: inHours(-0.005) } });
    expect(moved.body.remindedAt).toBeNull();
    await sendTaskReminders({ mail });
    expect(mail.sent.filter((m) => m.to === rep.email)).toHaveLength(2);
  });
});
