/**
 * A plugin as a developer ships it and the platform approves it, for the plugin journeys: a developer
 * account uploads a packed version over the real API (`POST /plugins/{id}/versions`), the platform
 * admin approves (signs) it and lets partners install it themselves. Every run has its own plugin id.
 */
import { randomBytes } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import { expect, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { API, apiAuth } from "./api";
import { DEMO_PASSWORD } from "./sign-in";

const PLATFORM_ADMIN = "admin@qudao.demo";

export type PluginFixture = {
  pluginId: string;
  /** The listing's screenshot caption (zh-CN). */
  screenshot: string;
  /** The plugin object the journeys work with (`<ns>__visit`). */
  object: string;
  name: string;
  objectLabel: string;
  permissions: string[];
};

export type PartnerFixture = { id: string; name: string; admin: string; manager: string; rep: string };

/**
 * A developer account (kind `developer`), made in the e2e database the way the signup would: there is
 * no staff screen that creates developers. It shares the demo users' password (the same argon2 hash).
 */
export async function createDeveloper(): Promise<string> {
  const email = `dev-${randomBytes(4).toString("hex")}@developer.qudao.test`;
  const client = new pg.Client({ connectionString: process.env.QUDAO_E2E_DATABASE_URL });
  await client.connect();
  try {
    const inserted = await client.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", kind, "updatedAt")
       SELECT gen_random_uuid(), $1, 'E2E 插件开发者', "passwordHash", 'developer', now() FROM "User" WHERE email = $2`,
      [email, PLATFORM_ADMIN],
    );
    expect(inserted.rowCount).toBe(1);
  } finally {
    await client.end();
  }
  return email;
}

/** Extra contributions for a journey: pipelines on the fixture's object (named from the object and its namespace). */
export type PluginFixtureOptions = { pipelines?: (object: string, ns: string) => unknown[] };

function manifest(pluginId: string, name: string, object: string, options: PluginFixtureOptions = {}) {
  const ns = pluginId.replace(/\./g, "_");
  const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
  return {
    id: pluginId,
    name: text(name, `Visit reports ${pluginId}`),
    description: text("记录每次拜访的要点和结果，需要跟进时提醒团队。", "Record what each visit covered and how it went; remind the team to follow up."),
    version: "1.0.0",
    publisher: { name: "E2E 工作室" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["sales"],
    permissions: [`records:write:${object}`, "records:read:customer", "tasks:create"],
    hooks: [{ name: "checkVisit", kind: "validate", object, on: ["create", "update"], failMode: "closed" }],
    listing: { screenshots: [{ file: "assets/visits.png", caption: text("拜访报告列表", "The visit reports list") }] },
    settings: [{ key: "minSummary", type: "integer", label: text("摘要最少字数", "Shortest summary"), help: text("摘要少于这个字数时不能保存", "Summaries shorter than this are refused"), default: 5 }],
    contributes: {
      objects: [
        {
          name: object,
          label: text("拜访报告", "Visit report"),
          labelPlural: text("拜访报告", "Visit reports"),
          titleField: "summary",
          fields: [
            { name: "summary", type: "text", label: text("摘要", "Summary"), required: true, help: text("一句话写下这次拜访的要点", "One line on what the visit covered") },
            { name: "visitedOn", type: "date", label: text("拜访日期", "Visit date"), required: true },
            { name: "outcome", type: "select", label: text("结果", "Outcome"), options: [{ value: "positive", label: text("积极", "Positive") }, { value: "neutral", label: text("一般", "Neutral") }, { value: "negative", label: text("消极", "Negative") }] },
            { name: "followUp", type: "boolean", label: text("需要跟进", "Needs follow-up") },
          ],
          relations: [{ name: "customer", to: "customer", kind: "manyToOne", label: text("客户", "Customer") }],
          views: {
            list: { columns: ["summary", "visitedOn", "outcome", "followUp"] },
            detail: { sections: [{ title: text("拜访", "Visit"), fields: ["summary", "visitedOn", "outcome", "followUp", "customer"] }] },
            form: { fields: ["summary", "visitedOn", "outcome", "followUp", "customer"] },
          },
        },
      ],
      navigation: [{ name: `${ns}__visits`, label: text("拜访报告", "Visit reports"), surface: "portal", object }],
      ...(options.pipelines ? { pipelines: options.pipelines(object, ns) } : {}),
    },
  };
}

/** A one-colour PNG, as a listing screenshot. */
function solidPng(width: number, height: number, rgb: [number, number, number]): string {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]).toString("base64");
}

/** The hooks as a bundle defines them (plain JS: what `definePlugin` produces). */
const HOOKS = `globalThis.__qudaoPlugin = { hooks: {
  checkVisit(ctx) {
    // A bug on purpose, for the circuit breaker journey.
    if (ctx.record.summary === "boom") throw new Error("boom");
    const min = Number(ctx.settings.minSummary || 5);
    const summary = String(ctx.record.summary || "");
    return summary.length < min ? [{ field: "summary", messageKey: "errors.summaryTooShort", params: { min: min } }] : [];
  }
} };`;

/** Uploads, approves and opens to partners a plugin with one object ("拜访报告"); returns what the journeys need. */
export async function publishApprovedPlugin(request: APIRequestContext, options: PluginFixtureOptions = {}): Promise<PluginFixture> {
  const tag = randomBytes(4).toString("hex");
  const pluginId = `e2e.p${tag}`;
  const object = `e2e_p${tag}__visit`;
  const name = `拜访报告助手 ${tag}`;
  const pkg = {
    format: 1,
    manifest: manifest(pluginId, name, object, options),
    hooks: HOOKS,
    tests: null,
    locales: {
      "zh-CN": { "errors.summaryTooShort": "摘要至少 {{min}} 个字" },
      en: { "errors.summaryTooShort": "The summary needs at least {{min}} characters" },
    },
    assets: { "assets/visits.png": solidPng(160, 90, [200, 16, 46]) },
  };
  const developer = await apiAuth(request, await createDeveloper());
  const uploaded = await request.post(`${API}/plugins/${pluginId}/versions`, { headers: developer, data: pkg });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const version = (await uploaded.json()) as { id: string; status: string };
  expect(version.status).toBe("in_review");
  const admin = await apiAuth(request, PLATFORM_ADMIN);
  const approved = await request.post(`${API}/plugin-reviews/${version.id}/approve`, { headers: admin, data: { notes: "e2e" } });
  expect(approved.status(), await approved.text()).toBe(200);
  const policy = await request.put(`${API}/plugins/${pluginId}/policy`, { headers: admin, data: { partnerInstallAllowed: true } });
  expect(policy.status(), await policy.text()).toBe(200);
  return { pluginId, object, name, objectLabel: "拜访报告", screenshot: "拜访报告列表", permissions: pkg.manifest.permissions };
}

/** A partner of its own (nothing installed yet) with an admin, a manager and a rep. */
export async function createPartnerWithTeam(request: APIRequestContext): Promise<PartnerFixture> {
  const tag = randomBytes(3).toString("hex");
  const admin = await apiAuth(request, PLATFORM_ADMIN);
  const created = await request.post(`${API}/partners`, { headers: admin, data: { name: `插件试用伙伴 ${tag}` } });
  expect(created.status(), await created.text()).toBe(201);
  const partner = (await created.json()) as { id: string; name: string };
  const emails = { admin: `plugin-admin-${tag}@e2e.qudao.test`, manager: `plugin-manager-${tag}@e2e.qudao.test`, rep: `plugin-rep-${tag}@e2e.qudao.test` };
  for (const role of ["admin", "manager", "rep"] as const) {
    const user = await request.post(`${API}/partners/${partner.id}/users`, { headers: admin, data: { email: emails[role], name: `插件${role}${tag}`, role, password: DEMO_PASSWORD } });
    expect(user.status(), await user.text()).toBe(201);
  }
  return { id: partner.id, name: partner.name, ...emails };
}
