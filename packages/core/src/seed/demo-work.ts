/**
 * The demo's daily work: calls, visits and WeChat messages the reps logged on their leads, and each
 * rep's tasks — a couple overdue, some due today, more coming — so "My day", the timelines and the
 * home page show a working team from the first sign-in. Activities go on leads only: an activity with
 * a customer is engagement and would move the lifecycle stages demo-segments.ts computed.
 */
import { Prisma } from "../db/index.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import { chance, pick, randomDateBetween, randomInt, type Rng } from "../testing/fake-data.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type DemoWorkTeam = {
  partnerId: string;
  reps: string[];
  leads: Array<{ id: string; assigneeId: string | null; status: string; name: string; createdAt: Date }>;
  customers: Array<{ id: string; name: string }>;
};

const LEAD_NOTES: Record<"call" | "visit" | "wechat", readonly string[]> = {
  call: ["首次电话沟通，对方对价格比较敏感。", "电话确认了需求，约下周上门。", "对方在出差，约好周五再联系。", "电话介绍了产品，客户要资料。"],
  visit: ["上门拜访，见到了采购负责人，演示了产品。", "拜访技术部门，了解现有系统情况。", "陪同区域经理拜访，客户有采购意向。"],
  wechat: ["微信发送了产品资料和报价单。", "微信沟通了交付周期。", "加了客户微信，发了案例介绍。"],
};

const LEAD_TASKS = ["回访：确认报价意见", "发送产品资料和案例", "约上门演示时间", "跟进试用反馈"] as const;
const CUSTOMER_TASKS = ["年度合同续签沟通", "确认下季度采购计划", "回访使用情况", "邀请参加新品发布会"] as const;

export async function seedDemoWork(client: Prisma.TransactionClient, teams: DemoWorkTeam[], rng: Rng, now: Date): Promise<{ activities: number; tasks: number }> {
  const activities: Prisma.ActivityCreateManyInput[] = [];
  const tasks: Prisma.TaskCreateManyInput[] = [];

  for (const team of teams) {
    // Leads someone has worked: one to three touches each, between creation and now.
    for (const lead of team.leads) {
      if (!lead.assigneeId || lead.status === "new") continue;
      const touches = randomInt(rng, 1, 3);
      for (let i = 0; i < touches; i++) {
        const kind = pick(rng, ["call", "call", "visit", "wechat"] as const);
        const occurredAt = randomDateBetween(rng, lead.createdAt, now);
        activities.push({
          id: uuidv7(occurredAt),
          partnerId: team.partnerId,
          kind,
          body: pick(rng, LEAD_NOTES[kind]),
          occurredAt,
          durationMinutes: kind === "visit" ? pick(rng, [30, 45, 60, 90]) : kind === "call" ? randomInt(rng, 3, 20) : null,
          leadId: lead.id,
          authorId: lead.assigneeId,
          createdAt: occurredAt,
        });
      }
    }

    // Each rep's list: overdue, today (in working hours), upcoming; about their open leads and the customers.
    for (const rep of team.reps) {
      const open = team.leads.filter((l) => l.assigneeId === rep && (l.status === "contacted" || l.status === "qualified"));
      const due = [-2 * DAY_MS - 3 * HOUR_MS, -DAY_MS, 2 * HOUR_MS, 5 * HOUR_MS, 2 * DAY_MS, 4 * DAY_MS, 8 * DAY_MS];
      for (const offset of due) {
        const dueAt = new Date(now.getTime() + offset);
        const aboutLead = open.length > 0 && chance(rng, 0.6);
        const lead = aboutLead ? pick(rng, open) : null;
        const customer = !lead && team.customers.length > 0 ? pick(rng, team.customers) : null;
        const createdAt = new Date(Math.min(now.getTime(), dueAt.getTime()) - randomInt(rng, 1, 5) * DAY_MS);
        tasks.push({
          id: uuidv7(createdAt),
          partnerId: team.partnerId,
          assigneeId: rep,
          title: lead ? `${pick(rng, LEAD_TASKS)}（${lead.name}）` : customer ? `${pick(rng, CUSTOMER_TASKS)}（${customer.name}）` : pick(rng, CUSTOMER_TASKS),
          dueAt,
          // Reminders an hour before, already sent for what is past.
          remindAt: new Date(dueAt.getTime() - HOUR_MS),
          remindedAt: dueAt < now ? new Date(dueAt.getTime() - HOUR_MS) : null,
          leadId: lead?.id ?? null,
          customerId: customer?.id ?? null,
          createdById: rep,
          createdAt,
        });
      }
      // Two done last week, so a completed task is never an empty notion.
      for (let i = 0; i < 2; i++) {
        const completedAt = new Date(now.getTime() - randomInt(rng, 2, 7) * DAY_MS);
        tasks.push({
          id: uuidv7(new Date(completedAt.getTime() - DAY_MS)),
          partnerId: team.partnerId,
          assigneeId: rep,
          title: pick(rng, LEAD_TASKS),
          dueAt: completedAt,
          status: "done",
          completedAt,
          createdById: rep,
          createdAt: new Date(completedAt.getTime() - DAY_MS),
        });
      }
    }
  }

  for (let i = 0; i < activities.length; i += 1_000) await client.activity.createMany({ data: activities.slice(i, i + 1_000) });
  await client.task.createMany({ data: tasks });
  return { activities: activities.length, tasks: tasks.length };
}
