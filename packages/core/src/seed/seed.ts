/**
 * First-run data: the bootstrap platform admin (always) and a zh-CN demo dataset (on an empty
 * database). Rows come from the same builders the tests and the benchmark use.
 */
import { hashPassword } from "../auth/password.ts";
import { baseDb, type Prisma } from "../db/index.ts";
import type { MembershipRole, PartnerTier, PlatformRoleName } from "../db/index.ts";
import { env } from "../env/index.ts";
import { buildCustomer, buildLead, buildPartner, type CustomerInput, type LeadInput } from "../testing/factories.ts";
import { identityKeys, usccCheckCharacter } from "../modules/identity/index.ts";
import { chance, city, createRng, pick, randomDateBetween, randomInt, weightedPick } from "../testing/fake-data.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import { seedDemoOpportunities } from "./demo-opportunities.ts";
import { seedDemoSegments } from "./demo-segments.ts";
import { seedDemoWork } from "./demo-work.ts";
import { seedDemoEntitlements } from "./demo-entitlements.ts";

const DAY_MS = 86_400_000;
const BATCH_SIZE = 500;

export const BOOTSTRAP_ADMIN_NAME = "平台管理员";

export type DemoLogin = {
  app: "platform" | "portal";
  email: string;
  name: string;
  role: PlatformRoleName | MembershipRole | "developer";
  partnerName?: string;
};

type DemoStaff = { email: string; name: string; role: PlatformRoleName };
type DemoMember = { email: string; name: string; role: MembershipRole };
type DemoPartner = {
  key: string;
  name: string;
  tier: PartnerTier;
  region: string;
  parentKey?: string;
  /** How many of the demo leads this partner works. */
  leadCount: number;
  members: [admin: DemoMember, ...reps: DemoMember[]];
};

/** A third-party plugin developer, created by seed/demo-plugins.ts, which publishes the sample plugin as them. */
export const DEMO_DEVELOPER = { email: "developer@acme-plugins.demo", name: "赵开发" } as const;

/** The demo developer's login (seedDemoPlugins creates the account, after the dataset). */
export function demoDeveloperLogin(): DemoLogin {
  return { app: "platform", email: DEMO_DEVELOPER.email, name: DEMO_DEVELOPER.name, role: "developer" };
}

/** The platform's own developer account, which publishes the built-in industry plugins (seed/demo-plugins.ts). */
export const OFFICIAL_DEVELOPER = { email: "official@qudao.demo", name: "Qudao 官方" } as const;

/**
 * The industry demo partners, created by seed/demo-plugins.ts after the dataset: a pharma distributor
 * that installs `qudao.pharma` and an equipment dealer that installs `qudao.manufacturing`, each with
 * an admin, a manager and two reps. They are partners of their own (not the four above), so the
 * general demo keeps its screens as they were and each industry demo shows only its own plugin.
 */
export type DemoIndustryPartner = {
  key: "kangrun" | "jinggong";
  pluginId: "qudao.pharma" | "qudao.manufacturing";
  name: string;
  tier: PartnerTier;
  region: string;
  members: [admin: DemoMember, manager: DemoMember, ...reps: DemoMember[]];
  /** The company customers the partner owns (registered and protected). */
  customers: readonly string[];
};

export const DEMO_INDUSTRY_PARTNERS: readonly DemoIndustryPartner[] = [
  {
    key: "kangrun",
    pluginId: "qudao.pharma",
    name: "杭州康润医药有限公司",
    tier: "silver",
    region: "杭州",
    members: [
      { email: "admin@kangrun.demo", name: "沈立新", role: "admin" },
      { email: "manager@kangrun.demo", name: "钱雅琴", role: "manager" },
      { email: "rep1@kangrun.demo", name: "方晓东", role: "rep" },
      { email: "rep2@kangrun.demo", name: "韩梅", role: "rep" },
    ],
    customers: [
      "杭州仁和大药房连锁有限公司",
      "浙江百草堂医药连锁有限公司",
      "杭州和睦医院有限公司",
      "杭州嘉德康复医院有限公司",
      "浙江惠民药业有限公司",
      "杭州安康门诊部有限公司",
    ],
  },
  {
    key: "jinggong",
    pluginId: "qudao.manufacturing",
    name: "宁波精工机电设备有限公司",
    tier: "silver",
    region: "宁波",
    members: [
      { email: "admin@jinggong.demo", name: "郑海涛", role: "admin" },
      { email: "manager@jinggong.demo", name: "冯建军", role: "manager" },
      { email: "rep1@jinggong.demo", name: "邵佳", role: "rep" },
      { email: "rep2@jinggong.demo", name: "董鹏", role: "rep" },
    ],
    customers: [
      "宁波东海精密模具有限公司",
      "慈溪华丰塑料制品有限公司",
      "余姚宏达五金机械有限公司",
      "宁波瑞祥汽车零部件有限公司",
      "奉化金鼎纺织有限公司",
      "象山海星食品有限公司",
    ],
  },
];

/** The accounts seedDemoPlugins creates: the official developer and the industry partners' teams. */
export function demoPluginLogins(): DemoLogin[] {
  return [
    { app: "platform", email: OFFICIAL_DEVELOPER.email, name: OFFICIAL_DEVELOPER.name, role: "developer" },
    ...DEMO_INDUSTRY_PARTNERS.flatMap((p) =>
      p.members.map((m): DemoLogin => ({ app: "portal", email: m.email, name: m.name, role: m.role, partnerName: p.name })),
    ),
  ];
}

const DEMO_STAFF: readonly DemoStaff[] = [
  { email: "channel@qudao.demo", name: "王敏", role: "channel_manager" },
  { email: "finance@qudao.demo", name: "李静", role: "finance" },
  { email: "reviewer@qudao.demo", name: "周审", role: "reviewer" },
];

const DEMO_PARTNERS: readonly DemoPartner[] = [
  {
    key: "huadong",
    name: "上海华东渠道科技有限公司",
    tier: "gold",
    region: "上海",
    leadCount: 70,
    members: [
      { email: "admin@huadong.demo", name: "陈建华", role: "admin" },
      { email: "rep1@huadong.demo", name: "刘洋", role: "rep" },
      { email: "rep2@huadong.demo", name: "张丽", role: "rep" },
    ],
  },
  {
    key: "wuzhong",
    name: "苏州吴中伟业贸易有限公司",
    tier: "silver",
    region: "苏州",
    parentKey: "huadong",
    leadCount: 35,
    members: [
      { email: "admin@wuzhong.demo", name: "周志强", role: "admin" },
      { email: "rep1@wuzhong.demo", name: "吴婷", role: "rep" },
      { email: "rep2@wuzhong.demo", name: "徐磊", role: "rep" },
    ],
  },
  {
    key: "jinglian",
    name: "北京京联信息技术有限公司",
    tier: "silver",
    region: "北京",
    leadCount: 55,
    members: [
      { email: "admin@jinglian.demo", name: "赵国平", role: "admin" },
      { email: "rep1@jinglian.demo", name: "孙浩", role: "rep" },
      { email: "rep2@jinglian.demo", name: "马晓雪", role: "rep" },
    ],
  },
  {
    key: "yuetong",
    name: "广州粤通商贸有限公司",
    tier: "bronze",
    region: "广州",
    leadCount: 40,
    members: [
      { email: "admin@yuetong.demo", name: "黄伟明", role: "admin" },
      { email: "rep1@yuetong.demo", name: "林嘉欣", role: "rep" },
      { email: "rep2@yuetong.demo", name: "何俊杰", role: "rep" },
    ],
  },
];

const DEMO_CUSTOMER_COUNT = 100;
const DEMO_OWNED_SHARE = 0.8;

/** The bootstrap admin, from QUDAO_ADMIN_EMAIL (lower-cased, as login compares it). */
export function bootstrapAdminLogin(): DemoLogin {
  return { app: "platform", email: env().QUDAO_ADMIN_EMAIL.trim().toLowerCase(), name: BOOTSTRAP_ADMIN_NAME, role: "admin" };
}

/** The accounts `seedDemo` creates, without asking the database. They use QUDAO_ADMIN_PASSWORD. */
export function demoLogins(): DemoLogin[] {
  return [
    ...DEMO_STAFF.map((s): DemoLogin => ({ app: "platform", email: s.email, name: s.name, role: s.role })),
    ...DEMO_PARTNERS.flatMap((p) =>
      p.members.map((m): DemoLogin => ({ app: "portal", email: m.email, name: m.name, role: m.role, partnerName: p.name })),
    ),
  ];
}

// ── bootstrap admin ────────────────────────────────────────────────────────────────────────────

/**
 * Create the first platform admin when there is no platform user at all. Safe to run on every
 * deploy and from two processes at once (an advisory lock serialises the check and the insert).
 */
export async function ensureBootstrapAdmin(): Promise<{ created: boolean; email: string }> {
  const { QUDAO_ADMIN_PASSWORD } = env();
  const { email, name } = bootstrapAdminLogin();
  const client = baseDb();
  if ((await client.user.count({ where: { kind: "platform" } })) > 0) return { created: false, email };

  const passwordHash = await hashPassword(QUDAO_ADMIN_PASSWORD);
  return client.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('qudao.seed.bootstrap-admin'))`;
    if ((await tx.user.count({ where: { kind: "platform" } })) > 0) return { created: false, email };
    const taken = await tx.user.findUnique({ where: { email }, select: { kind: true } });
    if (taken) {
      throw new Error(`QUDAO_ADMIN_EMAIL ${email} already belongs to a ${taken.kind} user; set another address for the platform admin.`);
    }
    const user = await tx.user.create({
      data: { id: uuidv7(), email, name, passwordHash, kind: "platform", platformRoles: { create: [{ role: "admin" }] } },
      select: { id: true },
    });
    // A permission grant: audited like every other (ARCHITECTURE invariant 4).
    await tx.auditLog.create({
      data: {
        actorKind: "system",
        actorLabel: "system:bootstrap-admin",
        action: "user.created",
        entityType: "User",
        entityId: user.id,
        after: { email, kind: "platform", roles: ["admin"] },
      },
    });
    return { created: true, email };
  });
}

// ── demo data ──────────────────────────────────────────────────────────────────────────────────

export type DemoCounts = { partners: number; platformUsers: number; partnerUsers: number; leads: number; customers: number };
export type DemoSeedResult = DemoCounts & { logins: DemoLogin[]; partnerIds: Record<string, string> };
export type SeedSummary = ({ skipped: false } & DemoSeedResult) | { skipped: true };

export type DemoSeedOptions = {
  /** argon2id hash of the demo password (QUDAO_ADMIN_PASSWORD); hashed once by the caller. */
  passwordHash: string;
  /** "Now" for the dataset: leads are spread over the 90 days before it. */
  now?: Date;
  /** Fake-data seed; the same seed gives the same names, companies and phones. */
  seed?: number;
};

async function inBatches<T>(rows: readonly T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_SIZE) await write(rows.slice(i, i + BATCH_SIZE));
}

/**
 * Write the demo dataset with the given client (normally a transaction) without checking that the
 * database is empty. The demo emails are unique, so it runs at most once per database.
 */
export async function seedDemoData(client: Prisma.TransactionClient, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const now = options.now ?? new Date();
  const rng = createRng(options.seed ?? 2026);
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

  // Platform staff.
  const staffUsers = DEMO_STAFF.map((s, i) => ({
    id: uuidv7(daysAgo(150 - i)),
    email: s.email,
    name: s.name,
    passwordHash: options.passwordHash,
    kind: "platform" as const,
    createdAt: daysAgo(150 - i),
  }));
  await client.user.createMany({ data: staffUsers });
  await client.platformRole.createMany({ data: DEMO_STAFF.map((s, i) => ({ userId: staffUsers[i]!.id, role: s.role })) });

  // Partners, parents first; onboarded a few days apart, before any of their leads.
  const partnerIds: Record<string, string> = {};
  const partners = DEMO_PARTNERS.map((p, i) => {
    const row = buildPartner(rng, {
      name: p.name,
      tier: p.tier,
      region: p.region,
      status: "active",
      parentPartnerId: p.parentKey ? partnerIds[p.parentKey] : null,
      createdAt: daysAgo(120 - i * 3),
    });
    partnerIds[p.key] = row.id;
    return row;
  });
  await client.partner.createMany({ data: partners });

  // Partner admins and reps.
  const team = new Map<string, { admin: string; reps: string[] }>();
  const partnerUsers: Prisma.UserCreateManyInput[] = [];
  const memberships: Prisma.MembershipCreateManyInput[] = [];
  DEMO_PARTNERS.forEach((p, i) => {
    const joined = daysAgo(119 - i * 3);
    const ids = p.members.map((m) => {
      const id = uuidv7(joined);
      partnerUsers.push({ id, email: m.email, name: m.name, passwordHash: options.passwordHash, kind: "partner", createdAt: joined });
      memberships.push({ id: uuidv7(joined), userId: id, partnerId: partnerIds[p.key]!, role: m.role, createdAt: joined });
      return id;
    });
    team.set(p.key, { admin: ids[0]!, reps: ids.slice(1) });
  });
  await inBatches(partnerUsers, (data) => client.user.createMany({ data }));
  await inBatches(memberships, (data) => client.membership.createMany({ data }));

  // Customers: about 80% owned and protected, the rest in the public pool (公海).
  const ownerWeights = DEMO_PARTNERS.map((p) => [p, p.leadCount] as const);
  const customers: CustomerInput[] = [];
  for (let i = 0; i < DEMO_CUSTOMER_COUNT; i++) {
    const owner = chance(rng, DEMO_OWNED_SHARE) ? weightedPick(rng, ownerWeights) : null;
    const customerCity = owner && chance(rng, 0.8) ? owner.region : city(rng);
    customers.push(
      buildCustomer(rng, {
        ownerPartnerId: owner ? partnerIds[owner.key]! : null,
        city: customerCity,
        createdAt: randomDateBetween(rng, daysAgo(90), now),
        protectedUntil: owner ? new Date(now.getTime() + randomInt(rng, 30, 90) * DAY_MS) : null,
      }),
    );
  }
  // The golden record as registrations would have made it: normalised contacts, identity keys, and for
  // owned customers an accepted registration by one of the owner's reps plus its ownership history.
  const identities: Array<{ customerId: string; kind: string; value: string }> = [];
  const registrations: Prisma.RegistrationCreateManyInput[] = [];
  const ownership: Prisma.CustomerOwnershipCreateManyInput[] = [];
  const partnerKeyById = new Map(Object.entries(partnerIds).map(([key, id]) => [id, key]));
  for (const customer of customers) {
    if (customer.kind === "company" && chance(rng, 0.5)) {
      const body = `91${String(randomInt(rng, 110000, 659999))}${String(randomInt(rng, 10000000, 99999999))}M`;
      customer.uscc = `${body}${usccCheckCharacter(body)}`;
    }
    const { keys } = identityKeys({ kind: customer.kind as "company" | "person", name: customer.name, phone: customer.phone, email: customer.email, uscc: customer.uscc, city: customer.city });
    customer.phone = keys.find((k) => k.kind === "phone")?.value ?? null;
    customer.email = keys.find((k) => k.kind === "email")?.value ?? null;
    for (const key of keys) identities.push({ customerId: customer.id, kind: key.kind, value: key.value });
    if (!customer.ownerPartnerId) continue;
    const owner = team.get(partnerKeyById.get(customer.ownerPartnerId)!)!;
    const registrationId = uuidv7(customer.createdAt);
    const acceptedAt = customer.createdAt;
    customer.lastActivityAt = randomDateBetween(rng, daysAgo(20), now);
    registrations.push({
      id: registrationId,
      partnerId: customer.ownerPartnerId,
      createdById: pick(rng, owner.reps),
      customerId: customer.id,
      status: "accepted",
      submitted: { kind: customer.kind, name: customer.name, phone: customer.phone, email: customer.email, uscc: customer.uscc, city: customer.city },
      identityKeys: keys.map((k) => `${k.kind}:${k.value}`),
      protectedUntil: customer.protectedUntil as Date,
      decidedAt: acceptedAt,
      createdAt: acceptedAt,
    });
    ownership.push({
      customerId: customer.id,
      partnerId: customer.ownerPartnerId,
      event: "registration_accepted",
      registrationId,
      protectedUntil: customer.protectedUntil as Date,
      actorLabel: "system:seed",
      at: acceptedAt,
    });
  }
  await inBatches(customers, (data) => client.customer.createMany({ data }));
  await inBatches(identities, (data) => client.customerIdentity.createMany({ data, skipDuplicates: true }));
  await inBatches(registrations, (data) => client.registration.createMany({ data }));
  await inBatches(ownership, (data) => client.customerOwnership.createMany({ data }));

  // Leads over the last 90 days, each worked by one of its partner's reps.
  const leads: LeadInput[] = [];
  for (const p of DEMO_PARTNERS) {
    const { admin, reps } = team.get(p.key)!;
    const partnerId = partnerIds[p.key]!;
    const ownCustomers = customers.filter((c) => c.ownerPartnerId === partnerId);
    for (let i = 0; i < p.leadCount; i++) {
      const assigneeId = pick(rng, reps);
      const lead = buildLead(rng, {
        partnerId,
        assigneeId,
        createdById: chance(rng, 0.7) ? assigneeId : admin,
        createdAt: randomDateBetween(rng, daysAgo(90), now),
        city: chance(rng, 0.8) ? p.region : city(rng),
      });
      // A converted lead points at the customer it became (one the partner owns).
      if (lead.status === "converted" && ownCustomers.length > 0) {
        const customer = pick(rng, ownCustomers);
        lead.customerId = customer.id;
        if (customer.kind === "company") lead.company = customer.name;
      }
      leads.push(lead);
    }
  }
  await inBatches(leads, (data) => client.lead.createMany({ data }));

  // Opportunities on the default pipeline, with their stage history (demo-opportunities.ts).
  await seedDemoOpportunities(
    client,
    DEMO_PARTNERS.map((p) => ({
      partnerId: partnerIds[p.key]!,
      reps: team.get(p.key)!.reps,
      customers: customers.filter((c) => c.ownerPartnerId === partnerIds[p.key]).map((c) => ({ id: c.id, name: c.name })),
    })),
    rng,
    now,
  );

  // Orders and logins as customer events, the lifecycle stages and RFM segments they give, and tags (demo-segments.ts).
  await seedDemoSegments(
    client,
    DEMO_PARTNERS.map((p) => ({
      partnerId: partnerIds[p.key]!,
      tagger: team.get(p.key)!.admin,
      customerIds: customers.filter((c) => c.ownerPartnerId === partnerIds[p.key]).map((c) => c.id),
    })),
    staffUsers[0]!.id,
    rng,
    now,
  );

  // Calls and visits on the leads, and every rep's tasks for "My day" (demo-work.ts); last, so the
  // demo's earlier random choices stay what they were.
  await seedDemoWork(
    client,
    DEMO_PARTNERS.map((p) => ({
      partnerId: partnerIds[p.key]!,
      reps: team.get(p.key)!.reps,
      leads: leads
        .filter((l) => l.partnerId === partnerIds[p.key])
        .map((l) => ({ id: l.id, assigneeId: l.assigneeId ?? null, status: l.status, name: l.name, createdAt: l.createdAt })),
      customers: customers.filter((c) => c.ownerPartnerId === partnerIds[p.key]).map((c) => ({ id: c.id, name: c.name })),
    })),
    rng,
    now,
  );

  // Benefits asked for the partners' customers, in every state (demo-entitlements.ts); after the
  // rest, so the earlier random choices stay what they were. The channel manager decided them.
  await seedDemoEntitlements(
    client,
    DEMO_PARTNERS.map((p) => ({
      partnerId: partnerIds[p.key]!,
      reps: team.get(p.key)!.reps,
      customerIds: customers.filter((c) => c.ownerPartnerId === partnerIds[p.key]).map((c) => c.id),
    })),
    staffUsers.find((u) => u.email === "channel@qudao.demo")?.id ?? staffUsers[0]!.id,
    rng,
    now,
  );

  const counts: DemoCounts = {
    partners: partners.length,
    platformUsers: staffUsers.length,
    partnerUsers: partnerUsers.length,
    leads: leads.length,
    customers: customers.length,
  };
  await client.auditLog.create({
    data: { actorKind: "system", actorLabel: "system:seed", action: "seed.demo", entityType: "System", entityId: "demo", after: counts },
  });
  return { ...counts, logins: demoLogins(), partnerIds };
}

/**
 * Load the demo dataset, once: only into a database without partners, in one transaction, with
 * QUDAO_ADMIN_PASSWORD as every demo account's password.
 */
export async function seedDemo(options: Omit<DemoSeedOptions, "passwordHash"> = {}): Promise<SeedSummary> {
  const client = baseDb();
  if ((await client.partner.count()) > 0) return { skipped: true };
  const passwordHash = await hashPassword(env().QUDAO_ADMIN_PASSWORD);
  return client.$transaction(
    async (tx): Promise<SeedSummary> => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('qudao.seed.demo'))`;
      if ((await tx.partner.count()) > 0) return { skipped: true };
      return { skipped: false, ...(await seedDemoData(tx, { ...options, passwordHash })) };
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}
