/**
 * Demo plugins, through the real marketplace path after the demo dataset:
 *
 * - a third-party developer account publishes the SDK's sample plugin (the one `qudao-plugin init`
 *   scaffolds), so the developer pages have something to show;
 * - the official "Qudao 官方" developer account publishes every built-in plugin
 *   (`packages/plugins/builtin/*`, the industry plugins);
 *
 * each packed by the CLI, uploaded with its automated checks (static scan, the plugin's own tests in
 * the sandbox), approved and signed by the platform admin, and offered to partners. Then the industry
 * demo partners (seed.ts, DEMO_INDUSTRY_PARTNERS) are created with their teams and customers, their
 * admin installs the partner's plugin with the consent of its permissions, and the plugin's demo data
 * is loaded (demo-pharma.ts, demo-manufacturing.ts).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BUILTIN_PLUGINS_DIR, listBuiltinPlugins } from "@qudao/plugins/builtin";
import { runCli } from "@qudao/plugins/cli";
import { TEMPLATE_DIR } from "@qudao/plugins/template";
import type { Actor, PartnerActor, PlatformActor } from "../actor/index.ts";
import { hashPassword } from "../auth/index.ts";
import { baseDb, runAsActor, type MembershipRole } from "../db/index.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import { env } from "../env/index.ts";
import { identityKeys } from "../modules/identity/index.ts";
import { approveVersion, installPlugin, setPluginPolicy, uploadVersion } from "../modules/plugins/index.ts";
import { buildCustomer } from "../testing/factories.ts";
import { createRng, randomInt } from "../testing/fake-data.ts";
import { seedManufacturingDemo } from "./demo-manufacturing.ts";
import { seedPharmaDemo } from "./demo-pharma.ts";
import { bootstrapAdminLogin, DEMO_DEVELOPER, DEMO_INDUSTRY_PARTNERS, OFFICIAL_DEVELOPER, type DemoIndustryPartner } from "./seed.ts";

const DAY_MS = 86_400_000;

export type DemoUser = { id: string; email: string; name: string };

/** What an industry plugin's demo-data function gets: its partner, installed, with a team and customers. */
export type IndustryDemoContext = {
  now: Date;
  pluginId: string;
  /** The partner's PluginInstall id. */
  installId: string;
  partner: { id: string; name: string };
  admin: DemoUser;
  manager: DemoUser;
  reps: DemoUser[];
  /** The company customers the partner owns (accepted registrations, protected). */
  customers: Array<{ id: string; name: string }>;
  /** The bootstrap platform admin: owner of the platform's master data. */
  platformAdmin: DemoUser;
};

/** The partner user as an Actor (an industry demo partner has no sub-dealers). */
export function industryPartnerActor(ctx: Pick<IndustryDemoContext, "partner">, user: DemoUser, role: MembershipRole): PartnerActor {
  return { kind: "partner", userId: user.id, email: user.email, name: user.name, partnerId: ctx.partner.id, role, visiblePartnerIds: [ctx.partner.id], via: "script" };
}

/** The bootstrap platform admin as an Actor. */
export function industryPlatformActor(ctx: IndustryDemoContext): PlatformActor {
  const { id, email, name } = ctx.platformAdmin;
  return { kind: "platform", userId: id, email, name, roles: ["admin"], via: "script" };
}

/**
 * Each industry plugin's demo data, by plugin id. The functions run after the install, outside any
 * transaction, through the plugin services (so the installed plugin's hooks check every record).
 */
const INDUSTRY_DEMOS: Record<DemoIndustryPartner["pluginId"], (ctx: IndustryDemoContext) => Promise<unknown>> = {
  "qudao.pharma": seedPharmaDemo,
  "qudao.manufacturing": seedManufacturingDemo,
};

type PackedPlugin = { id: string; permissions: string[]; pkg: Record<string, unknown> };

/** `qudao-plugin pack` on a copy of the project (nothing is written next to the sources). */
async function pack(projectDir: string, what: string): Promise<PackedPlugin> {
  const dir = mkdtempSync(path.join(tmpdir(), "qudao-demo-plugin-"));
  try {
    cpSync(projectDir, dir, { recursive: true, filter: (source) => !["node_modules", "dist"].includes(path.basename(source)) });
    const output: string[] = [];
    const code = await runCli(["pack", dir, "--locale", "en"], { cwd: dir, env: {}, stdout: (t) => output.push(t), stderr: (t) => output.push(t) });
    if (code !== 0) throw new Error(`packing ${what} failed:\n${output.join("")}`);
    const file = readdirSync(path.join(dir, "dist")).find((f) => f.endsWith(".qpkg"));
    if (!file) throw new Error(`packing ${what} wrote no .qpkg`);
    const pkg = JSON.parse(readFileSync(path.join(dir, "dist", file), "utf8")) as Record<string, unknown>;
    const manifest = pkg.manifest as { id: string; permissions?: string[] };
    return { id: manifest.id, permissions: manifest.permissions ?? [], pkg };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Upload as the developer (its automated checks must pass), approve and sign as the admin, open to partners. */
async function publish(developer: Actor, admin: Actor, plugin: PackedPlugin, notes: string): Promise<void> {
  const uploaded = await runAsActor(developer, () => uploadVersion(developer, { id: plugin.id, package: plugin.pkg }));
  if (uploaded.status !== "in_review") {
    const failed = uploaded.checks.filter((c) => c.status === "failed");
    throw new Error(`the plugin ${plugin.id} failed its automated checks: ${JSON.stringify(failed.length > 0 ? failed : uploaded.checks)}`);
  }
  await runAsActor(admin, () => approveVersion(admin, { id: uploaded.id, notes }));
  await runAsActor(admin, () => setPluginPolicy(admin, { pluginId: plugin.id, partnerInstallAllowed: true }));
}

async function createDeveloper(account: { email: string; name: string }, passwordHash: string): Promise<Actor> {
  const user = await baseDb().user.create({ data: { email: account.email, name: account.name, kind: "developer", passwordHash } });
  return { kind: "developer", userId: user.id, email: user.email, name: user.name, via: "script" };
}

/**
 * An industry partner with its team (one password hash, as the rest of the demo) and its customers:
 * rows as seedDemoData writes them (normalised contacts, identity keys, an accepted registration by
 * one of its reps and the ownership row it made).
 */
async function createIndustryPartner(spec: DemoIndustryPartner, index: number, passwordHash: string, now: Date) {
  const client = baseDb();
  const rng = createRng(7_000 + index);
  const joined = new Date(now.getTime() - (60 - index) * DAY_MS);
  const partner = await client.partner.create({
    data: { id: uuidv7(joined), name: spec.name, tier: spec.tier, region: spec.region, status: "active", createdAt: joined },
  });
  const users: Array<DemoUser & { role: MembershipRole }> = [];
  for (const member of spec.members) {
    const user = await client.user.create({ data: { id: uuidv7(joined), email: member.email, name: member.name, passwordHash, kind: "partner", createdAt: joined } });
    await client.membership.create({ data: { id: uuidv7(joined), userId: user.id, partnerId: partner.id, role: member.role, createdAt: joined } });
    users.push({ id: user.id, email: user.email, name: user.name, role: member.role });
  }
  const reps = users.filter((u) => u.role === "rep");
  const customers: Array<{ id: string; name: string }> = [];
  for (const [i, name] of spec.customers.entries()) {
    const createdAt = new Date(joined.getTime() + (i + 1) * 3 * DAY_MS);
    const protectedUntil = new Date(now.getTime() + randomInt(rng, 30, 90) * DAY_MS);
    const customer = buildCustomer(rng, { kind: "company", ownerPartnerId: partner.id, city: spec.region, createdAt, protectedUntil });
    customer.name = name;
    customer.email = null;
    const { keys } = identityKeys({ kind: "company", name, phone: customer.phone, email: null, uscc: null, city: spec.region });
    customer.phone = keys.find((k) => k.kind === "phone")?.value ?? null;
    customer.lastActivityAt = createdAt;
    await client.customer.create({ data: customer });
    await client.customerIdentity.createMany({ data: keys.map((k) => ({ customerId: customer.id, kind: k.kind, value: k.value })), skipDuplicates: true });
    const registration = await client.registration.create({
      data: {
        id: uuidv7(createdAt),
        partnerId: partner.id,
        createdById: reps[i % reps.length]!.id,
        customerId: customer.id,
        status: "accepted",
        submitted: { kind: "company", name, phone: customer.phone, email: null, uscc: null, city: spec.region },
        identityKeys: keys.map((k) => `${k.kind}:${k.value}`),
        protectedUntil,
        decidedAt: createdAt,
        createdAt,
      },
    });
    await client.customerOwnership.create({
      data: { customerId: customer.id, partnerId: partner.id, event: "registration_accepted", registrationId: registration.id, protectedUntil, actorLabel: "system:seed", at: createdAt },
    });
    customers.push({ id: customer.id, name });
  }
  const byRole = (role: MembershipRole) => users.filter((u) => u.role === role).map(({ id, email, name }) => ({ id, email, name }));
  return { partner: { id: partner.id, name: partner.name }, admin: byRole("admin")[0]!, manager: byRole("manager")[0]!, reps: byRole("rep"), customers };
}

export type DemoPluginsResult = { plugins: number; installs: number; /** What each industry demo wrote, by plugin id. */ demoData: Record<string, unknown> };

export async function seedDemoPlugins(now = new Date()): Promise<DemoPluginsResult> {
  const result: DemoPluginsResult = { plugins: 0, installs: 0, demoData: {} };
  const client = baseDb();
  const passwordHash = await hashPassword(env().QUDAO_ADMIN_PASSWORD);
  const adminUser = await client.user.findUniqueOrThrow({ where: { email: bootstrapAdminLogin().email } });
  const admin: PlatformActor = { kind: "platform", userId: adminUser.id, email: adminUser.email, name: adminUser.name, roles: ["admin"], via: "script" };

  // The sample plugin, by a third-party developer.
  if ((await client.user.count({ where: { email: DEMO_DEVELOPER.email } })) === 0) {
    const developer = await createDeveloper(DEMO_DEVELOPER, passwordHash);
    await publish(developer, admin, await pack(TEMPLATE_DIR, "the sample plugin"), "示例插件");
    result.plugins += 1;
  }

  // The built-in plugins, by the official account; then the industry partners install theirs.
  if ((await client.user.count({ where: { email: OFFICIAL_DEVELOPER.email } })) > 0) return result;
  // Packed first (nothing written yet): a plugin that does not pack stops the seed before its account exists.
  const packed: PackedPlugin[] = [];
  for (const builtin of listBuiltinPlugins()) packed.push(await pack(builtin.dir, `the built-in plugin ${builtin.name}`));
  const official = await createDeveloper(OFFICIAL_DEVELOPER, passwordHash);
  const published = new Map<string, PackedPlugin>();
  for (const plugin of packed) {
    await publish(official, admin, plugin, "官方行业插件");
    published.set(plugin.id, plugin);
    result.plugins += 1;
  }

  for (const [index, spec] of DEMO_INDUSTRY_PARTNERS.entries()) {
    const plugin = published.get(spec.pluginId);
    if (!plugin) throw new Error(`the built-in plugin ${spec.pluginId} for ${spec.name} is not in ${BUILTIN_PLUGINS_DIR}`);
    const team = await createIndustryPartner(spec, index, passwordHash, now);
    const partnerAdmin = industryPartnerActor(team, team.admin, "admin");
    // As the partner's admin does on the consent screen: every permission the version asks for, the settings' defaults.
    const install = await runAsActor(partnerAdmin, () =>
      installPlugin(partnerAdmin, { pluginId: plugin.id, scope: "partner", consentedPermissions: plugin.permissions, settings: {} }, now),
    );
    result.installs += 1;
    const data = await INDUSTRY_DEMOS[spec.pluginId]({ now, pluginId: plugin.id, installId: install.id, ...team, platformAdmin: { id: admin.userId, email: admin.email, name: admin.name } });
    result.demoData[spec.pluginId] = data;
  }
  return result;
}
