/**
 * The seed acts on whole-database state ("no platform user yet", "no partners yet"), which other
 * test files share and change. So this file migrates its own throwaway database and points the
 * clients at it for its duration.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password.ts";
import { baseDb, disconnectDb, Prisma } from "../db/index.ts";
import { env, resetEnvCache } from "../env/index.ts";
import { createTestDatabase, dropTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { uuidv7Timestamp } from "../db/uuidv7.ts";
import { refreshLifecycleStages, refreshRfmSegments } from "../modules/lifecycle/index.ts";
import { DEMO_INDUSTRY_PARTNERS, demoLogins, demoPluginLogins, ensureBootstrapAdmin, OFFICIAL_DEVELOPER, seedDemo, type SeedSummary } from "./seed.ts";
import { seedDemoCommissions } from "./demo-commissions.ts";
import { listBuiltinPlugins } from "@qudao/plugins/builtin";
import { seedDemoPlugins } from "./demo-plugins.ts";
import { createRng } from "../testing/fake-data.ts";
import { periodOf, previousPeriod } from "../modules/commissions/index.ts";

const DAY_MS = 86_400_000;
const saved = {
  DATABASE_URL: process.env.DATABASE_URL,
  QUDAO_ADMIN_EMAIL: process.env.QUDAO_ADMIN_EMAIL,
  QUDAO_ADMIN_PASSWORD: process.env.QUDAO_ADMIN_PASSWORD,
};
const suffix = randomBytes(4).toString("hex");
const adminEmail = `boot-${suffix}@qudao.test`;
const demoPassword = `demo-pass-${suffix}`;
let database: TestDatabase;

function restore(name: keyof typeof saved): void {
  if (saved[name] === undefined) delete process.env[name];
  else process.env[name] = saved[name];
}

beforeAll(async () => {
  database = await createTestDatabase(`qudao_test_seed_${Date.now().toString(36)}_${suffix}`);
  await disconnectDb();
  process.env.DATABASE_URL = database.url;
  process.env.QUDAO_ADMIN_EMAIL = adminEmail.toUpperCase();
  process.env.QUDAO_ADMIN_PASSWORD = demoPassword;
  resetEnvCache();
});

afterAll(async () => {
  await disconnectDb();
  for (const name of Object.keys(saved) as Array<keyof typeof saved>) restore(name);
  resetEnvCache();
  if (database) await dropTestDatabase(database);
});

describe("ensureBootstrapAdmin", () => {
  it("creates the first platform admin from the environment, once", async () => {
    expect(env().DATABASE_URL).toBe(database.url);
    const first = await ensureBootstrapAdmin();
    const second = await ensureBootstrapAdmin();
    expect(first).toEqual({ created: true, email: adminEmail });
    expect(second).toEqual({ created: false, email: adminEmail });

    const admins = await baseDb().user.findMany({ where: { kind: "platform" }, include: { platformRoles: true } });
    expect(admins).toHaveLength(1);
    expect(admins[0]!.email).toBe(adminEmail);
    expect(admins[0]!.platformRoles.map((r) => r.role)).toEqual(["admin"]);
    expect(await verifyPassword(admins[0]!.passwordHash, demoPassword)).toBe(true);
    expect(await verifyPassword(admins[0]!.passwordHash, "wrong-password")).toBe(false);
    expect(await baseDb().auditLog.count({ where: { action: "user.created", entityId: admins[0]!.id } })).toBe(1);
  });
});

describe("seedDemo", () => {
  const now = new Date();
  let first: SeedSummary;
  let second: SeedSummary;

  beforeAll(async () => {
    first = await seedDemo({ now });
    second = await seedDemo({ now });
  });

  it("loads the demo once and skips it when partners exist", async () => {
    expect(first.skipped).toBe(false);
    expect(second).toEqual({ skipped: true });
    if (first.skipped) return;
    expect(first).toMatchObject({ partners: 4, platformUsers: 3, partnerUsers: 12 });
    expect(first.leads).toBeGreaterThanOrEqual(180);
    expect(first.leads).toBeLessThanOrEqual(220);
    expect(first.customers).toBeGreaterThanOrEqual(90);
    expect(first.customers).toBeLessThanOrEqual(110);

    const db = baseDb();
    expect(await db.partner.count()).toBe(first.partners);
    expect(await db.lead.count()).toBe(first.leads);
    expect(await db.customer.count()).toBe(first.customers);
    const audit = await db.auditLog.findMany({ where: { action: "seed.demo" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: "system", actorLabel: "system:seed", entityType: "System", entityId: "demo" });
    expect(audit[0]!.after).toMatchObject({ partners: 4, leads: first.leads, customers: first.customers });
  });

  it("creates every demo login with the demo password, in the right app and role", async () => {
    if (first.skipped) throw new Error("seed skipped");
    expect(first.logins).toEqual(demoLogins());
    const users = await baseDb().user.findMany({
      where: { email: { in: first.logins.map((l) => l.email) } },
      include: { platformRoles: true, membership: { include: { partner: true } } },
    });
    expect(users).toHaveLength(first.logins.length);
    for (const login of first.logins) {
      const user = users.find((u) => u.email === login.email)!;
      if (login.app === "platform") {
        expect(user.kind).toBe("platform");
        expect(user.platformRoles.map((r) => r.role)).toEqual([login.role]);
      } else {
        expect(user.kind).toBe("partner");
        expect(user.membership).toMatchObject({ role: login.role, partner: { name: login.partnerName } });
      }
    }
    // One hash for everyone: checking one login proves the password, checking equality proves reuse.
    expect(new Set(users.map((u) => u.passwordHash)).size).toBe(1);
    expect(await verifyPassword(users[0]!.passwordHash, demoPassword)).toBe(true);
  });

  it("makes the Suzhou dealer a sub-dealer of the Shanghai partner", async () => {
    const partners = await baseDb().partner.findMany();
    const shanghai = partners.find((p) => p.name === "上海华东渠道科技有限公司");
    const suzhou = partners.find((p) => p.name === "苏州吴中伟业贸易有限公司");
    expect(shanghai).toMatchObject({ tier: "gold", region: "上海", parentPartnerId: null });
    expect(suzhou).toMatchObject({ tier: "silver", region: "苏州", parentPartnerId: shanghai!.id });
    expect(new Set(partners.map((p) => p.region))).toEqual(new Set(["上海", "苏州", "北京", "广州"]));
  });

  it("assigns every lead to a rep of the lead's own partner, created by that rep or the partner's admin", async () => {
    const leads = await baseDb().lead.findMany({
      include: { assignee: { include: { membership: true } }, createdBy: { include: { membership: true } } },
    });
    const partnersWithLeads = new Set<string>();
    for (const lead of leads) {
      partnersWithLeads.add(lead.partnerId);
      expect(lead.assignee?.membership).toMatchObject({ partnerId: lead.partnerId, role: "rep" });
      expect(lead.createdBy.membership?.partnerId).toBe(lead.partnerId);
      expect(lead.createdById === lead.assigneeId || lead.createdBy.membership?.role === "admin").toBe(true);
    }
    expect(partnersWithLeads.size).toBe(4);
  });

  it("spreads leads over the last 90 days with ids that sort like their creation time", async () => {
    const leads = await baseDb().lead.findMany({ orderBy: { id: "desc" }, select: { id: true, createdAt: true, status: true, statusReason: true } });
    const times = leads.map((l) => l.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const lead of leads) {
      expect(uuidv7Timestamp(lead.id).getTime()).toBe(lead.createdAt.getTime());
      expect(lead.createdAt.getTime()).toBeGreaterThanOrEqual(now.getTime() - 90 * DAY_MS);
      expect(lead.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(lead.statusReason !== null).toBe(lead.status === "disqualified");
    }
    expect(times[0]! - times.at(-1)!).toBeGreaterThan(60 * DAY_MS);
    expect(new Set(leads.map((l) => l.status)).size).toBe(5);
  });

  it("protects owned customers for 30–90 days and leaves about a fifth in the public pool", async () => {
    const customers = await baseDb().customer.findMany();
    const owned = customers.filter((c) => c.ownerPartnerId !== null);
    const pool = customers.filter((c) => c.ownerPartnerId === null);
    expect(owned.length / customers.length).toBeGreaterThan(0.65);
    expect(owned.length / customers.length).toBeLessThan(0.95);
    for (const c of owned) {
      const days = (c.protectedUntil!.getTime() - now.getTime()) / DAY_MS;
      expect(days).toBeGreaterThanOrEqual(30);
      expect(days).toBeLessThanOrEqual(90);
    }
    for (const c of pool) expect(c.protectedUntil).toBeNull();
    expect(new Set(customers.map((c) => c.kind))).toEqual(new Set(["company", "person"]));
    for (const c of customers) {
      if (c.phone !== null) expect(c.phone).toMatch(/^\+861[3-9]\d{9}$/);
      if (c.kind === "company") expect(c.name).toMatch(/(有限公司|股份有限公司|有限责任公司)$/);
    }
  });

  it("gives every customer identity keys, and every owned one an accepted registration and its ownership history", async () => {
    const customers = await baseDb().customer.findMany({ include: { identities: true, registrations: true, ownership: true } });
    for (const c of customers) {
      expect(c.identities.length, c.name).toBeGreaterThan(0);
      if (c.ownerPartnerId) {
        expect(c.registrations).toEqual([expect.objectContaining({ partnerId: c.ownerPartnerId, status: "accepted", protectedUntil: c.protectedUntil })]);
        expect(c.ownership.map((o) => [o.event, o.partnerId])).toEqual([["registration_accepted", c.ownerPartnerId]]);
        expect(c.lastActivityAt).not.toBeNull();
      } else {
        expect(c.registrations).toEqual([]);
      }
    }
    expect(customers.some((c) => c.uscc !== null)).toBe(true);
  });

  it("asks benefits for each partner's own customers in every state, within the default limits", async () => {
    const rows = await baseDb().entitlement.findMany({ include: { customer: true } });
    const members = new Map((await baseDb().membership.findMany()).map((m) => [m.userId, m]));
    const partners = new Set(rows.map((r) => r.partnerId));
    expect(partners.size).toBe(4);
    for (const partnerId of partners) {
      expect(new Set(rows.filter((r) => r.partnerId === partnerId).map((r) => r.status))).toEqual(new Set(["requested", "approved", "issued", "rejected", "cancelled"]));
    }
    for (const row of rows) {
      expect(row.customer.ownerPartnerId).toBe(row.partnerId);
      expect(members.get(row.requestedById)).toMatchObject({ partnerId: row.partnerId, role: "rep" });
      expect(row.issuedAt !== null).toBe(row.status === "issued");
      expect(row.decidedAt !== null).toBe(["approved", "issued", "rejected"].includes(row.status));
      expect(row.status !== "rejected" || (row.decisionNote ?? "").length > 0).toBe(true);
    }
    // One request per customer, so no allowance is used twice.
    expect(new Set(rows.map((r) => r.customerId)).size).toBe(rows.length);
  });

  it("links converted leads only to customers their partner owns", async () => {
    const linked = await baseDb().lead.findMany({ where: { customerId: { not: null } }, include: { customer: true } });
    for (const lead of linked) {
      expect(lead.status).toBe("converted");
      expect(lead.customer?.ownerPartnerId).toBe(lead.partnerId);
    }
  });

  it("seeds orders, stages, segments and tags exactly as the rules and the nightly job would have them", async () => {
    const stages = new Set((await baseDb().customer.findMany({ select: { lifecycleStage: true } })).map((c) => c.lifecycleStage));
    expect([...stages].sort()).toEqual(["active", "churned", "dormant", "new", "prospect", "reactivated"]);
    expect(await baseDb().customer.count({ where: { rfmSegment: { not: null } } })).toBeGreaterThan(20);
    expect(await baseDb().customerTag.count({ where: { partnerId: null } })).toBeGreaterThan(0);
    // Every partner tag sits on one of its own partner's customers.
    for (const applied of await baseDb().customerTag.findMany({ where: { partnerId: { not: null } }, include: { tag: true, customer: true } })) {
      expect(applied.tag.partnerId).toBe(applied.partnerId);
      expect(applied.customer.ownerPartnerId).toBe(applied.partnerId);
    }
    // A won deal made its customer a buyer: no customer with a won deal is still a prospect.
    const wonProspects = await baseDb().opportunity.count({ where: { status: "won", customer: { lifecycleStage: "prospect" } } });
    expect(wonProspects).toBe(0);
    // The nightly pass, run at the seed's moment, finds nothing to change.
    expect((await refreshLifecycleStages({ now })).changed).toBe(0);
    expect((await refreshRfmSegments({ now })).changed).toBe(0);
  });

  it("gives every rep a working day: tasks overdue, due today and coming, and calls and visits on worked leads", async () => {
    const reps = await baseDb().membership.findMany({ where: { role: "rep" }, select: { userId: true } });
    expect(reps.length).toBeGreaterThan(0);
    for (const { userId } of reps) {
      const open = await baseDb().task.findMany({ where: { assigneeId: userId, status: "open" }, select: { dueAt: true } });
      expect(open.some((t) => t.dueAt! < now)).toBe(true);
      expect(open.some((t) => t.dueAt! > now)).toBe(true);
    }
    const activities = await baseDb().activity.findMany({ include: { lead: true } });
    expect(activities.length).toBeGreaterThan(50);
    for (const a of activities) {
      // Only on leads (an activity with a customer is engagement and would move the seeded stages), by the lead's rep.
      expect(a.customerId).toBeNull();
      expect(a.authorId).toBe(a.lead!.assigneeId);
      expect(a.partnerId).toBe(a.lead!.partnerId);
    }
  });
});

describe("seedDemoCommissions", () => {
  it("records the demo's orders through ingest and generates the two previous periods' statements: the older approved, the last issued", async () => {
    const now = new Date();
    const result = await seedDemoCommissions(createRng(7), now);
    expect(result.orders).toBeGreaterThan(20);
    expect(await baseDb().commissionPlan.count({ where: { status: "active" } })).toBe(1);
    // Orders only for owned customers after they were registered: every one is attributed, by the ownership row that decided it.
    expect(await baseDb().order.count({ where: { attributedPartnerId: null } })).toBe(0);
    expect(await baseDb().order.count({ where: { attributionOwnershipId: null } })).toBe(0);
    const timeZone = env().PLATFORM_TIMEZONE;
    const last = previousPeriod(periodOf(now, timeZone));
    const older = previousPeriod(last);
    const statements = await baseDb().commissionStatement.findMany({ include: { lines: true } });
    expect(statements.length).toBe(result.statements);
    for (const statement of statements) {
      expect([older, last]).toContain(statement.period);
      expect(statement.status).toBe(statement.period === older ? "approved" : "issued");
      const sum = statement.lines.reduce((total, line) => total.add(line.amount), new Prisma.Decimal(0));
      expect(sum.toFixed(2)).toBe(statement.total.toFixed(2));
      expect(statement.lines.filter((l) => l.kind === "earn").every((l) => l.planVersionId !== null && l.orderId !== null)).toBe(true);
    }
    expect(statements.some((s) => s.period === last)).toBe(true);
  }, 120_000);
});

describe("seedDemoPlugins", () => {
  let result: Awaited<ReturnType<typeof seedDemoPlugins>>;
  beforeAll(async () => {
    result = await seedDemoPlugins();
  }, 300_000);

  it("publishes the sample and every built-in plugin through review: approved, signed, open to partner installs", async () => {
    const builtin = listBuiltinPlugins();
    expect(builtin.map((p) => p.id)).toEqual(expect.arrayContaining(["qudao.manufacturing", "qudao.pharma"]));
    expect(result.plugins).toBe(builtin.length + 1);
    const official = await baseDb().user.findUniqueOrThrow({ where: { email: OFFICIAL_DEVELOPER.email } });
    expect(official).toMatchObject({ kind: "developer", name: "Qudao 官方" });
    const plugins = await baseDb().plugin.findMany({ include: { versions: true } });
    expect(plugins).toHaveLength(result.plugins);
    for (const id of DEMO_INDUSTRY_PARTNERS.map((p) => p.pluginId)) {
      const plugin = plugins.find((p) => p.id === id);
      expect(plugin, id).toMatchObject({ developerId: official.id, partnerInstallAllowed: true, delistedAt: null });
      expect(plugin!.versions).toEqual([expect.objectContaining({ status: "approved", signature: expect.any(String), reviewNotes: "官方行业插件" })]);
      // Its own tests ran in the sandbox on upload, and passed.
      expect((plugin!.versions[0]!.checks as Array<{ status: string }>).some((c) => c.status === "failed")).toBe(false);
    }
    // Seeding again adds nothing.
    expect(await seedDemoPlugins()).toEqual({ plugins: 0, installs: 0, demoData: {} });
  });

  it("creates the pharma and manufacturing demo partners with their teams, each partner installing its industry plugin with consent", async () => {
    const logins = demoPluginLogins();
    const users = await baseDb().user.findMany({ where: { email: { in: logins.map((l) => l.email) } }, include: { membership: { include: { partner: true } } } });
    expect(users).toHaveLength(logins.length);
    for (const login of logins.filter((l) => l.app === "portal")) {
      expect(users.find((u) => u.email === login.email)?.membership).toMatchObject({ role: login.role, partner: { name: login.partnerName } });
    }
    const installs = await baseDb().pluginInstall.findMany();
    expect(installs).toHaveLength(2);
    for (const spec of DEMO_INDUSTRY_PARTNERS) {
      const partner = await baseDb().partner.findFirstOrThrow({ where: { name: spec.name }, include: { memberships: true } });
      const admin = partner.memberships.find((m) => m.role === "admin")!;
      const install = installs.find((i) => i.pluginId === spec.pluginId);
      expect(install, spec.pluginId).toMatchObject({ partnerId: partner.id, status: "active", consentedById: admin.userId, installedById: admin.userId });
      const version = await baseDb().pluginVersion.findUniqueOrThrow({ where: { id: install!.versionId } });
      expect(version.status).toBe("approved");
      expect([...install!.grantedPermissions].sort()).toEqual([...version.permissions].sort());
      // Its customers: owned, registered by one of its reps, protected.
      const customers = await baseDb().customer.findMany({ where: { ownerPartnerId: partner.id }, include: { registrations: true, ownership: true } });
      expect(customers.map((c) => c.name).sort()).toEqual([...spec.customers].sort());
      for (const c of customers) {
        expect(c.protectedUntil!.getTime()).toBeGreaterThan(Date.now());
        expect(c.registrations).toEqual([expect.objectContaining({ partnerId: partner.id, status: "accepted" })]);
        expect(c.ownership.map((o) => o.event)).toEqual(["registration_accepted"]);
      }
    }
  });

  it("loads each industry plugin's demo data: the platform's master data and the partner's own records", async () => {
    expect(Object.keys(result.demoData).sort()).toEqual(["qudao.manufacturing", "qudao.pharma"]);
    for (const spec of DEMO_INDUSTRY_PARTNERS) {
      const partner = await baseDb().partner.findFirstOrThrow({ where: { name: spec.name } });
      const ns = spec.pluginId.replace(/\./g, "_");
      const master = await baseDb().customObjectRecord.groupBy({ by: ["object"], where: { pluginId: spec.pluginId, partnerId: null }, _count: true });
      const own = await baseDb().customObjectRecord.groupBy({ by: ["object"], where: { pluginId: spec.pluginId, partnerId: partner.id }, _count: true });
      // Records only of the plugin's own objects, and nobody else's: the platform's and this partner's.
      for (const row of [...master, ...own]) expect(row.object.startsWith(`${ns}__`)).toBe(true);
      expect(await baseDb().customObjectRecord.count({ where: { pluginId: spec.pluginId, partnerId: { notIn: [partner.id] } } })).toBe(0);
      const count = (rows: typeof master, object: string) => rows.find((r) => r.object === `${ns}__${object}`)?._count ?? 0;
      if (spec.pluginId === "qudao.pharma") {
        // Master data: hospitals, doctors (HCPs) and products, owned by the platform.
        expect(count(master, "hospital")).toBeGreaterThanOrEqual(10);
        expect(count(master, "hcp")).toBeGreaterThanOrEqual(10);
        expect(count(master, "product")).toBeGreaterThan(0);
        // The distributor's data: call reports, with samples issued on them.
        expect(count(own, "visit")).toBeGreaterThan(0);
        expect(result.demoData["qudao.pharma"]).toMatchObject({ visits: expect.any(Number), sampleIssues: expect.any(Number) });
      } else {
        // Master data: the product catalogue and its price lists; the dealer's data: quotes and its installed base.
        expect(count(master, "product")).toBeGreaterThan(0);
        expect(count(master, "priceList")).toBeGreaterThan(0);
        expect(count(own, "quote")).toBeGreaterThan(0);
        expect(count(own, "equipment")).toBeGreaterThan(0);
      }
    }
  });
});
