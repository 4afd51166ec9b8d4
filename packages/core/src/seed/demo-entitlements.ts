/**
 * The demo's customer entitlements (客户权益): for each partner, a few benefits asked for its own
 * customers in every state — two waiting for a decision (one past the 24-hour review time), one
 * approved and waiting to be issued, one issued with its voucher reference, one rejected with the
 * platform's note, one withdrawn — so the platform's queue, the portal's list and the customers'
 * timelines have something to show. Each on its own customer and within the default limits.
 */
import { env } from "../env/index.ts";
import type { Prisma } from "../db/index.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import { periodOf } from "../modules/commissions/periods.rules.ts";
import { pick, randomInt, type Rng } from "../testing/fake-data.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type DemoEntitlementTeam = { partnerId: string; reps: string[]; customerIds: string[] };

type Plan = {
  status: "requested" | "approved" | "issued" | "rejected" | "cancelled";
  type: string;
  value: string;
  reason: string;
  /** Hours before now it was asked. */
  askedHoursAgo: number;
  decidedHoursAgo?: number;
  issuedHoursAgo?: number;
  note?: string;
};

const PLANS: readonly Plan[] = [
  { status: "requested", type: "coupon", value: "200.00", reason: "客户续签年度合同，申请续约优惠券。", askedHoursAgo: 3 },
  { status: "requested", type: "gift", value: "150.00", reason: "客户推荐了两家同行，申请答谢礼品。", askedHoursAgo: 30 },
  { status: "approved", type: "free_service", value: "800.00", reason: "设备首年巡检，申请一次免费上门服务。", askedHoursAgo: 72, decidedHoursAgo: 50, note: "同意，请在本月内安排。" },
  { status: "issued", type: "extended_warranty", value: "1500.00", reason: "大批量采购，申请延长保修一年。", askedHoursAgo: 240, decidedHoursAgo: 220, issuedHoursAgo: 200 },
  { status: "rejected", type: "coupon", value: "500.00", reason: "客户对价格敏感，申请大额优惠券促成下单。", askedHoursAgo: 120, decidedHoursAgo: 100, note: "本月优惠券预算已用完，下月可重新申请。" },
  { status: "cancelled", type: "gift", value: "100.00", reason: "节日礼品。", askedHoursAgo: 96 },
];

export async function seedDemoEntitlements(client: Prisma.TransactionClient, teams: DemoEntitlementTeam[], deciderId: string, rng: Rng, now: Date): Promise<number> {
  const timeZone = env().PLATFORM_TIMEZONE;
  const rows: Prisma.EntitlementCreateManyInput[] = [];
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR_MS);
  for (const team of teams) {
    if (team.reps.length === 0) continue;
    // One customer per plan, so no customer's allowance is touched twice.
    const pool = [...team.customerIds];
    const customers: string[] = [];
    while (customers.length < PLANS.length && pool.length > 0) customers.push(pool.splice(randomInt(rng, 0, pool.length - 1), 1)[0]!);
    customers.forEach((customerId, index) => {
      const plan = PLANS[index]!;
      const askedAt = at(plan.askedHoursAgo);
      const decidedAt = plan.decidedHoursAgo !== undefined ? at(plan.decidedHoursAgo) : null;
      const issuedAt = plan.issuedHoursAgo !== undefined ? at(plan.issuedHoursAgo) : null;
      rows.push({
        id: uuidv7(askedAt),
        partnerId: team.partnerId,
        customerId,
        type: plan.type,
        value: plan.value,
        reason: plan.reason,
        period: periodOf(askedAt, timeZone),
        status: plan.status,
        requestedById: pick(rng, team.reps),
        decidedById: decidedAt ? deciderId : null,
        decidedAt,
        decisionNote: plan.note ?? null,
        issuedById: issuedAt ? deciderId : null,
        issuedAt,
        issueReference: issuedAt ? `EW-${periodOf(issuedAt, timeZone).replace("-", "")}-${String(randomInt(rng, 1000, 9999))}` : null,
        createdAt: askedAt,
        // A withdrawn request's last change is its withdrawal (it shows on the timeline at that time).
        updatedAt: plan.status === "cancelled" ? at(plan.askedHoursAgo - 20) : (issuedAt ?? decidedAt ?? askedAt),
      });
    });
  }
  if (rows.length > 0) await client.entitlement.createMany({ data: rows });
  return rows.length;
}
