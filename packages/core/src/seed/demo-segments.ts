/**
 * The demo's customer signals: order and login events (orders are `order` customer events until
 * issue 5, docs/decisions/010), the lifecycle stages and RFM segments the rules give them, and a few
 * platform and partner tags on customers — so the lists show every stage and segment from the start.
 */
import Decimal from "decimal.js";
import { Prisma } from "../db/index.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import { decideLifecycle } from "../modules/lifecycle/lifecycle.rules.ts";
import { quintileBounds, quintileOf, rfmScore, rfmSegment } from "../modules/lifecycle/rfm.rules.ts";
import { ZLifecyclePolicy } from "../modules/settings/lifecycle-policy.ts";
import { chance, pick, randomInt, type Rng } from "../testing/fake-data.ts";

const DAY_MS = 86_400_000;

export type DemoSegmentTeam = { partnerId: string; tagger: string; customerIds: string[] };

const PLATFORM_TAGS = [
  { name: "重点客户", color: "#c2410c" },
  { name: "年度框架客户", color: "#2563eb" },
];
const PARTNER_TAGS = [
  { name: "高意向", color: "#16a34a" },
  { name: "需回访", color: "#d97706" },
  { name: "老客户转介绍", color: "#7c3aed" },
];

/** How a customer's buying went: each profile lands in one lifecycle stage under the default thresholds. */
type Profile = "new" | "active" | "dormant" | "churned" | "returning";
const PROFILES: ReadonlyArray<readonly [Profile, number]> = [
  ["new", 2],
  ["active", 5],
  ["dormant", 2],
  ["churned", 2],
  ["returning", 1],
];

function profileOf(rng: Rng): Profile {
  const total = PROFILES.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng() * total;
  for (const [profile, weight] of PROFILES) {
    roll -= weight;
    if (roll < 0) return profile;
  }
  return "active";
}

export async function seedDemoSegments(client: Prisma.TransactionClient, teams: DemoSegmentTeam[], staffTagger: string, rng: Rng, now: Date): Promise<{ events: number; tagged: number }> {
  const policy = ZLifecyclePolicy.parse({});
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS - randomInt(rng, 0, 10 * 3_600) * 1000);
  const events: Prisma.CustomerEventCreateManyInput[] = [];
  type Facts = { id: string; orders: Array<{ at: Date; amount: Decimal }>; logins: Date[] };
  const facts: Facts[] = [];
  let orderNo = 10_000;

  for (const team of teams) {
    for (const customerId of team.customerIds) {
      if (!chance(rng, 0.75)) continue;
      const profile = profileOf(rng);
      // [days ago of the latest order, of the first, how many orders, latest login]
      const [last, first, count, login] =
        profile === "new"
          ? [randomInt(rng, 1, 20), 0, 1, null]
          : profile === "active"
            ? [randomInt(rng, 2, 60), randomInt(rng, 120, 600), randomInt(rng, 2, 12), chance(rng, 0.6) ? randomInt(rng, 0, 10) : null]
            : profile === "dormant"
              ? [randomInt(rng, 190, 330), randomInt(rng, 340, 700), randomInt(rng, 1, 6), null]
              : profile === "churned"
                ? [randomInt(rng, 370, 700), randomInt(rng, 710, 900), randomInt(rng, 1, 4), null]
                : [randomInt(rng, 200, 500), randomInt(rng, 510, 800), randomInt(rng, 2, 6), randomInt(rng, 1, 20)];
      const orders: Facts["orders"] = [];
      for (let i = 0; i < count; i++) {
        const daysAgo = i === 0 ? last : i === count - 1 ? Math.max(first, last) : randomInt(rng, last, Math.max(first, last));
        const amount = new Decimal(randomInt(rng, 80_000, 25_000_000)).dividedBy(100);
        const occurredAt = at(daysAgo);
        orders.push({ at: occurredAt, amount });
        events.push({
          id: uuidv7(occurredAt),
          customerId,
          type: "order",
          occurredAt,
          payload: { amount: amount.toFixed(2), orderNo: `SO-${orderNo++}`, currency: "CNY" },
          externalId: `demo-order-${orderNo}`,
          source: "shop",
          createdAt: occurredAt,
        });
      }
      const logins = login === null ? [] : [at(login)];
      for (const occurredAt of logins) {
        events.push({ id: uuidv7(occurredAt), customerId, type: "login", occurredAt, payload: { device: pick(rng, ["iOS", "Android", "Web"]) }, source: "app", createdAt: occurredAt });
      }
      facts.push({ id: customerId, orders, logins });
    }
  }

  // Stages as the rules compute them for a customer seen for the first time; the stage began at its last
  // touch. A won deal (demo-opportunities.ts, seeded before) is a purchase for the stage, as in the rules.
  const byTime = (a: Date, b: Date) => a.getTime() - b.getTime();
  const wins = new Map<string, Date[]>();
  const won = await client.opportunity.findMany({
    where: { status: "won", closedAt: { not: null }, customerId: { in: teams.flatMap((t) => t.customerIds) } },
    select: { customerId: true, closedAt: true },
  });
  for (const w of won) wins.set(w.customerId!, [...(wins.get(w.customerId!) ?? []), w.closedAt!]);
  const factsById = new Map(facts.map((f) => [f.id, f]));
  const stages = [...new Set([...facts.map((f) => f.id), ...wins.keys()])].map((id) => {
    const f = factsById.get(id);
    const logins = f?.logins ?? [];
    const orderTimes = [...(f?.orders.map((o) => o.at) ?? []), ...(wins.get(id) ?? [])].sort(byTime);
    const touches = [...orderTimes, ...logins].sort((a, b) => b.getTime() - a.getTime());
    const lifecycleFacts = { firstOrderAt: orderTimes[0]!, lastOrderAt: orderTimes[orderTimes.length - 1]!, lastEngagementAt: logins[0] ?? null, previousTouchAt: touches.find((t) => t.getTime() < touches[0]!.getTime()) ?? null };
    let stored = { stage: decideLifecycle(lifecycleFacts, { stage: "prospect", changedAt: null }, policy, now).stage, changedAt: touches[0]! };
    // A return long enough ago has decayed to active since: decide again until the stage is what the nightly pass keeps.
    const settled = decideLifecycle(lifecycleFacts, stored, policy, now).stage;
    if (settled !== stored.stage) stored = { stage: settled, changedAt: new Date(touches[0]!.getTime() + policy.reactivatedDays * DAY_MS) };
    return { id, stage: stored.stage, changedAt: stored.changedAt };
  });
  const rows = facts.map((f) => {
    const lastOrderAt = f.orders.map((o) => o.at).sort(byTime)[f.orders.length - 1]!;
    return { id: f.id, lastOrderAt, last: lastOrderAt, count: f.orders.length, money: f.orders.reduce((sum, o) => sum.plus(o.amount), new Decimal(0)) };
  });

  // RFM over the demo's customers with orders, exactly as the nightly job scores them.
  const rBounds = quintileBounds(rows.map((r) => r.last).sort(byTime));
  const fBounds = quintileBounds(rows.map((r) => r.count).sort((a, b) => a - b));
  const mBounds = quintileBounds(rows.map((r) => r.money).sort((a, b) => a.comparedTo(b)));
  const scored = rows.map((row) => {
    const r = quintileOf(row.last, rBounds, byTime);
    const f = quintileOf(row.count, fBounds, (a, b) => a - b);
    const m = quintileOf(row.money, mBounds, (a, b) => a.comparedTo(b));
    return { ...row, score: rfmScore(r, f, m), segment: rfmSegment(r, f, m) };
  });

  for (let i = 0; i < events.length; i += 500) await client.customerEvent.createMany({ data: events.slice(i, i + 500) });
  if (scored.length > 0) {
    await client.$executeRaw`
      UPDATE "Customer" AS c SET "lastOrderAt" = v.last_order, "rfmScore" = v.score, "rfmSegment" = v.segment, "rfmComputedAt" = ${now}::timestamptz
      FROM unnest(${scored.map((s) => s.id)}::uuid[], ${scored.map((s) => s.lastOrderAt)}::timestamptz[], ${scored.map((s) => s.score)}::text[], ${scored.map((s) => s.segment)}::text[])
        AS v(id, last_order, score, segment)
      WHERE c.id = v.id`;
  }
  if (stages.length > 0) {
    await client.$executeRaw`
      UPDATE "Customer" AS c SET "lifecycleStage" = v.stage, "lifecycleChangedAt" = v.changed_at
      FROM unnest(${stages.map((s) => s.id)}::uuid[], ${stages.map((s) => s.stage)}::text[], ${stages.map((s) => s.changedAt)}::timestamptz[]) AS v(id, stage, changed_at)
      WHERE c.id = v.id`;
  }

  // Tags: the platform's on a few customers, each partner's own on some of its customers.
  const created = (partnerId: string | null, tag: { name: string; color: string }) => ({ id: uuidv7(new Date(now.getTime() - 30 * DAY_MS)), partnerId, ...tag, createdAt: new Date(now.getTime() - 30 * DAY_MS) });
  const platformTags = PLATFORM_TAGS.map((tag) => created(null, tag));
  const partnerTags = teams.map((team) => ({ team, tags: PARTNER_TAGS.map((tag) => created(team.partnerId, tag)) }));
  await client.tag.createMany({ data: [...platformTags, ...partnerTags.flatMap((p) => p.tags)] });
  const applications: Prisma.CustomerTagCreateManyInput[] = [];
  for (const { team, tags } of partnerTags) {
    for (const customerId of team.customerIds) {
      if (chance(rng, 0.15)) applications.push({ customerId, tagId: pick(rng, platformTags).id, partnerId: null, createdById: staffTagger });
      if (chance(rng, 0.35)) applications.push({ customerId, tagId: pick(rng, tags).id, partnerId: team.partnerId, createdById: team.tagger });
    }
  }
  await client.customerTag.createMany({ data: applications, skipDuplicates: true });
  return { events: events.length, tagged: applications.length };
}
