/**
 * Plugins end to end against a real database, over /api/v1 where a user would call it: a developer
 * uploads a version (checks, the plugin's own tests in the sandbox), a reviewer approves (signs) it,
 * partner admins install it with consent, its plugin object's records are validated and computed by
 * its hooks in the sandbox (fail-closed and fail-open limits), its event hook creates a task through
 * intents (reads and intents beyond its permissions or partner get nothing and are logged), the
 * circuit breaker stops it, a tampered package refuses to load, upgrades roll out within the grant and
 * wait for consent beyond it, rollback, uninstall, restore within the window and purge after it.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, type TPluginPackage } from "@qudao/plugins/package-format";
import { baseDb, disconnectDb, runAsSystem } from "../../db/index.ts";
import { translator } from "../../i18n/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { testPluginPackage } from "../../testing/plugin-factories.ts";
import { activeInstalls, CIRCUIT_BREAKER_FAILURES, fanOutPluginHooks, flushHookStats, forgetInstalledPlugins, notifyCircuitOpened, notifyConsentNeeded, notifyVersionReviewed, purgeExpiredInstalls, resetPluginHost, runPluginHookJob } from "./index.ts";

const tag = `t${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `acme.${tag}`;
const NS = `acme_${tag}`;
const NOTE = `${NS}__note`;
const EN = { "accept-language": "en" };
const en = translator("en");

function manifest(version: string, permissions: string[]) {
  const label = (zh: string, enText: string) => ({ "zh-CN": zh, en: enText });
  return {
    id: PLUGIN_ID,
    name: label("拜访笔记", "Visit notes"),
    description: label("记录拜访笔记并自动跟进", "Visit notes with automatic follow-ups"),
    version,
    publisher: { name: "Acme" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["sales"],
    permissions,
    hooks: [
      { name: "checkNote", kind: "validate", object: NOTE, on: ["create", "update"], failMode: "closed" },
      { name: "fillLength", kind: "compute", object: NOTE, on: ["create", "update"], failMode: "open" },
      { name: "slowClosed", kind: "validate", object: NOTE, on: ["create", "update"], failMode: "closed" },
      { name: "slowOpen", kind: "validate", object: NOTE, on: ["create", "update"], failMode: "open" },
      { name: "onNote", kind: "event", events: [`${NOTE}.created`] },
    ],
    contributes: {
      objects: [
        {
          name: NOTE,
          label: label("拜访笔记", "Visit note"),
          labelPlural: label("拜访笔记", "Visit notes"),
          titleField: "note",
          lockedWhen: "submitted",
          fields: [
            { name: "note", type: "longText", label: label("内容", "Note"), required: true },
            { name: "length", type: "integer", label: label("字数", "Length"), computed: true },
            { name: "submitted", type: "boolean", label: label("已提交", "Submitted") },
            { name: "probeId", type: "text", label: label("探测", "Probe") },
          ],
          views: { list: { columns: ["note", "length"] }, detail: { sections: [{ title: label("笔记", "Note"), fields: ["note", "length", "submitted"] }] }, form: { fields: ["note", "submitted"] } },
        },
      ],
      navigation: [{ name: `${NS}__notes`, label: label("拜访笔记", "Visit notes"), surface: "portal", object: NOTE }],
    },
  };
}

/** The hooks as a bundle would define them (plain JS: what `definePlugin` does). */
function hooksCode(variant = ""): string {
  return `globalThis.__qudaoPlugin = { hooks: {
    checkNote(ctx) { const t = String(ctx.record.note || ""); return t.length < 5 ? [{ field: "note", messageKey: "errors.noteTooShort", params: { min: 5 } }] : []; },
    fillLength(ctx) { return { length: String(ctx.record.note || "").length }; },
    slowClosed(ctx) { if (ctx.record.note === "loop forever closed") { while (true) {} } return []; },
    slowOpen(ctx) { if (ctx.record.note === "loop forever open") { while (true) {} } return []; },
    onNote(ctx) {
      const note = ctx.records.get(${JSON.stringify(NOTE)}, ctx.event.payload.recordId);
      const probe = note && note.probeId ? ctx.records.get("customer", note.probeId) : null;
      const lead = note && note.probeId ? ctx.records.get("lead", note.probeId) : null;
      const text = note ? String(note.note) : "";
      if (text.indexOf("keyed:") === 0) return [{ type: "createTask", titleKey: text.slice(6).split(" ")[0], params: { note: text } }];
      return [
        { type: "createTask", title: "Follow up: " + (note ? note.note : "?") + " / seen " + (probe ? probe.name : "nothing") + " / lead " + (lead ? "yes" : "no") },
        { type: "notify", roles: ["admin"], titleKey: "notify.title" },
      ];
    }${variant}
  } };`;
}

function pkg(version: string, permissions: string[], variant = ""): TPluginPackage {
  const tests = `globalThis.__qudaoTests = [{ name: "short notes are refused", run: function () {} }];`;
  return testPluginPackage({
    manifest: manifest(version, permissions),
    hooks: hooksCode(variant),
    tests,
    locales: {
      "zh-CN": { "errors.noteTooShort": "笔记至少 {{min}} 个字", "notify.title": "有新笔记", "task.followUp": "跟进笔记：{{note}}" },
      en: { "errors.noteTooShort": "A note needs at least {{min}} characters", "notify.title": "New note", "task.followUp": "Follow up on the note: {{note}}" },
    },
  });
}

const BASE_PERMISSIONS = [`records:write:${NOTE}`, "tasks:create", "records:read:customer"];

let devToken: string, otherDevToken: string, reviewerToken: string, adminToken: string;
let aAdmin: TestPartnerUser, aRep: TestPartnerUser, bAdmin: TestPartnerUser;
const tokens: Record<string, string> = {};
let developerId: string;
let v1Id: string;
let installA: string;

beforeAll(async () => {
  const [developer, otherDeveloper, reviewer, admin] = await Promise.all([createTestDeveloper(), createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"])]);
  developerId = developer.id;
  [devToken, otherDevToken, reviewerToken, adminToken] = await Promise.all([apiToken(developer), apiToken(otherDeveloper), apiToken(reviewer), apiToken(admin)]);
  const [partnerA, partnerB] = await Promise.all([createTestPartner(), createTestPartner()]);
  [aAdmin, aRep, bAdmin] = await Promise.all([createTestPartnerUser(partnerA.id, "admin"), createTestPartnerUser(partnerA.id, "rep"), createTestPartnerUser(partnerB.id, "admin")]);
  for (const [name, user] of Object.entries({ aAdmin, aRep, bAdmin })) tokens[name] = await apiToken(user);
});

afterAll(async () => {
  await flushHookStats();
  resetPluginHost();
  await disconnectDb();
});

describe("publishing and review", () => {
  it("a developer uploads a version; the checks run its tests in the sandbox and queue it for review", async () => {
    const response = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: devToken, body: pkg("1.0.0", BASE_PERMISSIONS) });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ pluginId: PLUGIN_ID, version: "1.0.0", status: "in_review" });
    const codes = Object.fromEntries(response.body.checks.map((c: { code: string; status: string }) => [c.code, c.status]));
    expect(codes.manifest).not.toBe("failed");
    expect(codes).toMatchObject({ version_order: "passed", bundle_size: "passed", static_scan: "passed", tests: "passed" });
    // A first version adds every permission it asks for: the reviewer's attention, not a failure.
    expect(codes.permissions).toBe("warning");
    v1Id = response.body.id;
  });

  it("the same version again is a conflict; another developer cannot take the id; partners cannot upload", async () => {
    expect((await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: devToken, body: pkg("1.0.0", BASE_PERMISSIONS), headers: EN })).body.error).toMatchObject({ code: "CONFLICT", message: en("plugins.errors.versionExists", { version: "1.0.0" }) });
    expect((await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: otherDevToken, body: pkg("9.0.0", BASE_PERMISSIONS) })).status).toBe(409);
    expect((await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: tokens.aAdmin!, body: pkg("9.0.0", BASE_PERMISSIONS) })).status).toBe(403);
  });

  it("a version with forbidden globals fails its checks and is not queued", async () => {
    const bad = pkg("1.0.1", BASE_PERMISSIONS, `, sneaky() { return eval("1"); }`);
    const response = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: devToken, body: bad });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe("checks_failed");
    expect(response.body.checks.find((c: { code: string }) => c.code === "static_scan").status).toBe("failed");
    const queue = await api("GET", "/plugin-reviews", { token: reviewerToken });
    expect(queue.body.map((q: { version: string; pluginId: string }) => `${q.pluginId}@${q.version}`)).toContain(`${PLUGIN_ID}@1.0.0`);
    expect(queue.body.map((q: { version: string; pluginId: string }) => `${q.pluginId}@${q.version}`)).not.toContain(`${PLUGIN_ID}@1.0.1`);
  });

  it("the reviewer sees the permission diff and approves: the version is signed and listed; the developer hears", async () => {
    const review = await api("GET", `/plugin-reviews/${v1Id}`, { token: reviewerToken });
    expect(review.body.permissionDiff.added).toEqual([...BASE_PERMISSIONS].sort());
    expect(review.body.hooksSource).toContain("checkNote");
    const approved = await api("POST", `/plugin-reviews/${v1Id}/approve`, { token: reviewerToken, body: { notes: "ok" } });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe("approved");
    expect(approved.body.signedAt).not.toBeNull();
    expect((await api("POST", `/plugin-reviews/${v1Id}/approve`, { token: reviewerToken, body: {} })).status).toBe(409);
    const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: "plugin.version_reviewed", aggregateId: v1Id } });
    await runAsSystem("test consumer", () => notifyVersionReviewed(event.id, event.payload as never));
    const mine = await api("GET", "/notifications", { token: devToken });
    expect(mine.body.items.map((n: { messageKey: string }) => n.messageKey)).toContain("plugins.notification.versionApproved");
    const developerView = await api("GET", `/developer/plugins/${PLUGIN_ID}`, { token: devToken });
    expect(developerView.body).toMatchObject({ id: PLUGIN_ID, latestVersion: "1.0.0" });
    expect(developerView.body.versions.map((v: { version: string; status: string }) => `${v.version}:${v.status}`)).toEqual(["1.0.1:checks_failed", "1.0.0:approved"]);
  });

  it("a developer never sees another developer's plugin", async () => {
    expect((await api("GET", `/developer/plugins/${PLUGIN_ID}`, { token: otherDevToken })).status).toBe(404);
    expect((await api("GET", "/customers", { token: devToken })).status).toBe(401);
  });
});

describe("marketplace and install", () => {
  it("partners install only what the platform allows, and only with consent to every permission", async () => {
    const listing = await api("GET", `/marketplace/${PLUGIN_ID}`, { token: tokens.aAdmin! });
    expect(listing.status).toBe(404);
    await api("PUT", `/plugins/${PLUGIN_ID}/policy`, { token: adminToken, body: { partnerInstallAllowed: true } });
    const detail = await api("GET", `/marketplace/${PLUGIN_ID}`, { token: tokens.aAdmin! });
    expect(detail.body).toMatchObject({ id: PLUGIN_ID, version: "1.0.0", permissions: BASE_PERMISSIONS, install: null });
    const partial = await api("POST", "/plugin-installs", { token: tokens.aAdmin!, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: ["tasks:create"] }, headers: EN });
    expect(partial.status).toBe(422);
    expect(partial.body.error.message).toContain("records:write");
    expect((await api("POST", "/plugin-installs", { token: tokens.aRep!, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: BASE_PERMISSIONS } })).status).toBe(403);
    const installed = await api("POST", "/plugin-installs", { token: tokens.aAdmin!, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: BASE_PERMISSIONS } });
    expect(installed.status).toBe(201);
    expect(installed.body).toMatchObject({ scope: "partner", status: "active", version: "1.0.0", grantedPermissions: BASE_PERMISSIONS });
    installA = installed.body.id;
    expect((await api("POST", "/plugin-installs", { token: tokens.aAdmin!, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: BASE_PERMISSIONS } })).status).toBe(409);
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { action: "plugin.installed", entityId: installA } });
    expect(audit.after).toMatchObject({ grantedPermissions: BASE_PERMISSIONS });
    expect((await api("POST", "/plugin-installs", { token: tokens.bAdmin!, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: BASE_PERMISSIONS } })).status).toBe(201);
  });
});

let noteId: string;

describe("plugin records and before-save hooks", () => {
  it("the validate hook refuses a short note in the plugin's words; the compute hook fills the length", async () => {
    const short = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "hi" } }, headers: EN });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([{ path: "note", message: "A note needs at least 5 characters" }]);
    const created = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "Visited the hospital" } } });
    expect(created.status).toBe(201);
    expect(created.body.values).toMatchObject({ note: "Visited the hospital", length: 20 });
    noteId = created.body.id;
  });

  it("users cannot write computed fields or unknown fields, and nothing is half-written", async () => {
    const response = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "A valid note", length: 3, colour: "red" } }, headers: EN });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["colour", "length"]);
    expect(await baseDb().customObjectRecord.count({ where: { object: NOTE, title: "A valid note" } })).toBe(0);
  });

  it("another partner's record is not found, never forbidden", async () => {
    expect((await api("GET", `/records/${NOTE}/${noteId}`, { token: tokens.bAdmin! })).status).toBe(404);
    const list = await api("GET", `/records/${NOTE}`, { token: tokens.bAdmin! });
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(noteId);
    expect((await api("GET", `/records/${NOTE}/${noteId}`, { token: tokens.aAdmin! })).status).toBe(200);
  });

  it("a fail-closed hook that runs out of CPU blocks the save with a translated message; the host keeps serving", async () => {
    const response = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "loop forever closed" } }, headers: EN });
    expect(response.status).toBe(422);
    expect(response.body.error.message).toBe(en("plugins.errors.hookFailedClosed", { pluginEn: "Visit notes", hook: "slowClosed" }));
    expect(await baseDb().customObjectRecord.count({ where: { object: NOTE, title: "loop forever closed" } })).toBe(0);
    const error = await baseDb().pluginError.findFirstOrThrow({ where: { pluginId: PLUGIN_ID, hook: "slowClosed" }, orderBy: { id: "desc" } });
    expect(error.outcome).toBe("timeout");
    const next = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "Still works after a runaway hook" } } });
    expect(next.status).toBe(201);
  });

  it("a fail-open hook that runs out of CPU lets the save through and logs the failure", async () => {
    const response = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "loop forever open" } } });
    expect(response.status).toBe(201);
    expect(await baseDb().pluginError.count({ where: { pluginId: PLUGIN_ID, hook: "slowOpen", outcome: "timeout" } })).toBeGreaterThan(0);
  });

  it("a submitted record is locked", async () => {
    const created = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "Submitted report", submitted: true } } });
    const response = await api("PATCH", `/records/${NOTE}/${created.body.id}`, { token: tokens.aRep!, body: { values: { note: "Changed afterwards" } }, headers: EN });
    expect(response.status).toBe(422);
    expect(response.body.error.message).toBe(en("plugins.errors.recordLocked"));
  });
});

describe("event hooks and intents", () => {
  it("the event hook creates a task; reads outside the partner or the permissions get nothing; intents beyond the grant are refused and logged", async () => {
    const [otherPartner] = await Promise.all([createTestPartner()]);
    const foreign = await baseDb().customer.create({ data: { kind: "company", name: `Foreign ${tag}`, ownerPartnerId: otherPartner.id } });
    const created = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "Met the buyer", probeId: foreign.id } } });
    const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: `${NOTE}.created`, aggregateId: created.body.id } });
    const result = await runPluginHookJob({
      installId: installA,
      hook: "onNote",
      event: { id: event.id, name: event.type, occurredAt: event.createdAt.toISOString(), partnerId: event.partnerId, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: event.payload as Record<string, unknown> },
    });
    expect(result).toEqual({ outcome: "ok", applied: 1, refused: 1 });
    const task = await baseDb().task.findFirstOrThrow({ where: { partnerId: aRep.membership.partnerId, title: { startsWith: "Follow up: Met the buyer" } } });
    // The customer belongs to another partner: the hook saw nothing. It has no lead permission: nothing again.
    expect(task.title).toBe("Follow up: Met the buyer / seen nothing / lead no");
    expect(task.assigneeId).toBe(aRep.id);
    const refused = await baseDb().pluginError.findMany({ where: { installId: installA, hook: "onNote" } });
    expect(refused.map((r) => `${r.outcome}:${r.code}`)).toEqual(expect.arrayContaining(["intent_refused:permission", "read_refused:permission"]));
  });

  it("a task titled by a key of the plugin's locales is read in each user's language; an unknown key is refused", async () => {
    const run = async (note: string) => {
      const created = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note } } });
      expect(created.status).toBe(201);
      const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: `${NOTE}.created`, aggregateId: created.body.id } });
      return runPluginHookJob({ installId: installA, hook: "onNote", event: { id: event.id, name: event.type, occurredAt: event.createdAt.toISOString(), partnerId: event.partnerId, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: event.payload as Record<string, unknown> } });
    };
    expect(await run(`keyed:task.followUp ${tag}`)).toEqual({ outcome: "ok", applied: 1, refused: 0 });
    const task = await baseDb().task.findFirstOrThrow({ where: { partnerId: aRep.membership.partnerId, params: { path: ["en"], string_contains: `keyed:task.followUp ${tag}` } }, select: { id: true } });
    const shown = async (locale: string) => (await api("GET", `/tasks/${task.id}`, { token: tokens.aRep!, headers: { "accept-language": locale } })).body.displayTitle;
    expect(await shown("zh-CN")).toBe(`跟进笔记：keyed:task.followUp ${tag}`);
    // zh-TW is derived from the plugin's zh-CN by the host.
    expect(await shown("zh-TW")).toBe(`跟進筆記：keyed:task.followUp ${tag}`);
    expect(await shown("en")).toBe(`Follow up on the note: keyed:task.followUp ${tag}`);

    const before = await baseDb().task.count({ where: { partnerId: aRep.membership.partnerId } });
    expect(await run(`keyed:task.nowhere ${tag}`)).toEqual({ outcome: "ok", applied: 0, refused: 1 });
    expect(await baseDb().task.count({ where: { partnerId: aRep.membership.partnerId } })).toBe(before);
    const refused = await baseDb().pluginError.findFirstOrThrow({ where: { installId: installA, hook: "onNote", code: "invalid" }, orderBy: { createdAt: "desc" } });
    expect(refused.message).toContain("task.nowhere");
  });

  it("a record created a moment after another process installed the plugin still gets its event hooks queued", async () => {
    const created = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: `Right after install ${tag}` } } });
    expect(created.status).toBe(201);
    const { id: _first, createdAt: _at, dispatchedAt: _sent, ...recordEvent } = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: `${NOTE}.created`, aggregateId: created.body.id } });
    // The worker has just cached the installs without the plugin (a second before the partner installed it)…
    await baseDb().pluginInstall.update({ where: { id: installA }, data: { status: "disabled" } });
    forgetInstalledPlugins();
    expect((await activeInstalls()).some((i) => i.installId === installA)).toBe(false);
    try {
      // …then the web app installs it and a rep creates a record: both in other processes, so this one's cache is not told.
      await baseDb().pluginInstall.update({ where: { id: installA }, data: { status: "active" } });
      const event = await baseDb().outboxEvent.create({ data: { ...recordEvent, payload: recordEvent.payload as object } });
      const job = { eventId: event.id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, partnerId: event.partnerId, payload: event.payload as Record<string, unknown>, occurredAt: event.createdAt.toISOString() };
      // The event is newer than the cache: its hooks are looked up among the installs as of the event.
      expect(await fanOutPluginHooks(job)).toEqual({ queued: 1 });
      // An event older than the cached snapshot is answered from the cache (no reload per event).
      expect((await activeInstalls(new Date(event.createdAt.getTime() - 60_000))).some((i) => i.installId === installA)).toBe(true);
    } finally {
      await baseDb().pluginInstall.update({ where: { id: installA }, data: { status: "active" } });
      forgetInstalledPlugins();
    }
  });
});

describe("upgrades, consent and rollback", () => {
  it("a version within the grant rolls out; a wider one waits for consent while the old one keeps running", async () => {
    const v11 = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: devToken, body: pkg("1.1.0", BASE_PERMISSIONS) });
    expect(v11.body.status).toBe("in_review");
    await api("POST", `/plugin-reviews/${v11.body.id}/approve`, { token: reviewerToken, body: {} });
    expect((await api("GET", `/plugin-installs/${installA}`, { token: tokens.aAdmin! })).body).toMatchObject({ version: "1.1.0", previousVersion: "1.0.0", pendingVersion: null });

    const wider = [...BASE_PERMISSIONS, "notify"];
    const v12 = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: devToken, body: pkg("1.2.0", wider) });
    expect(v12.body.checks.find((c: { code: string }) => c.code === "permissions").details[0].added).toEqual(["notify"]);
    await api("POST", `/plugin-reviews/${v12.body.id}/approve`, { token: reviewerToken, body: {} });
    const waiting = await api("GET", `/plugin-installs/${installA}`, { token: tokens.aAdmin! });
    expect(waiting.body).toMatchObject({ version: "1.1.0", pendingVersion: "1.2.0", pendingPermissions: ["notify"] });
    const consentEvent = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: "plugin.consent_needed", aggregateId: installA } });
    await runAsSystem("test consumer", () => notifyConsentNeeded(consentEvent.id, consentEvent.payload as never));
    const adminNotes = await api("GET", "/notifications", { token: tokens.aAdmin! });
    expect(adminNotes.body.items.map((n: { messageKey: string }) => n.messageKey)).toContain("plugins.notification.consentNeeded");

    expect((await api("POST", `/plugin-installs/${installA}/consent`, { token: tokens.aAdmin!, body: { consentedPermissions: BASE_PERMISSIONS } })).status).toBe(422);
    const consented = await api("POST", `/plugin-installs/${installA}/consent`, { token: tokens.aAdmin!, body: { consentedPermissions: wider } });
    expect(consented.body).toMatchObject({ version: "1.2.0", pendingVersion: null, previousVersion: "1.1.0", grantedPermissions: wider });
    expect(await baseDb().auditLog.count({ where: { action: "plugin.permissions_granted", entityId: installA } })).toBe(1);

    const rolledBack = await api("POST", `/plugin-installs/${installA}/rollback`, { token: tokens.aAdmin! });
    expect(rolledBack.body).toMatchObject({ version: "1.1.0", previousVersion: null, pendingVersion: "1.2.0" });
  });
});

describe("integrity", () => {
  it("a tampered package does not load: fail-closed hooks block saves, installs are refused, loudly", async () => {
    const install = await baseDb().pluginInstall.findUniqueOrThrow({ where: { id: installA } });
    const version = await baseDb().pluginVersion.findUniqueOrThrow({ where: { id: install.versionId } });
    const tampered = JSON.parse(version.packageText) as TPluginPackage;
    tampered.hooks = tampered.hooks.replace("t.length < 5", "t.length < 0");
    await baseDb().pluginVersion.update({ where: { id: version.id }, data: { packageText: canonicalJson(tampered) } });
    resetPluginHost();
    forgetInstalledPlugins();
    try {
      const response = await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "x" } } });
      expect(response.status).toBe(422);
      expect(await baseDb().pluginError.count({ where: { versionId: version.id, outcome: "integrity", code: "hash_mismatch" } })).toBeGreaterThan(0);
    } finally {
      await baseDb().pluginVersion.update({ where: { id: version.id }, data: { packageText: version.packageText } });
      resetPluginHost();
      await baseDb().pluginInstall.update({ where: { id: installA }, data: { consecutiveFailures: 0, breakerResetAt: new Date() } });
    }
  });
});

describe("circuit breaker", () => {
  it("repeated failures stop the plugin for that tenant and tell its admin and the developer", async () => {
    for (let i = 0; i < CIRCUIT_BREAKER_FAILURES; i++) {
      await api("POST", `/records/${NOTE}`, { token: tokens.aRep!, body: { object: NOTE, values: { note: "loop forever closed" } } });
    }
    forgetInstalledPlugins();
    const state = await api("GET", `/plugin-installs/${installA}`, { token: tokens.aAdmin! });
    expect(state.body).toMatchObject({ status: "disabled", disabledReason: "circuit_open" });
    // Partner B's install of the same plugin keeps running.
    const bInstall = await baseDb().pluginInstall.findFirstOrThrow({ where: { pluginId: PLUGIN_ID, partnerId: bAdmin.membership.partnerId } });
    expect(bInstall.status).toBe("active");
    const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: "plugin.circuit_opened", aggregateId: installA } });
    await runAsSystem("test consumer", () => notifyCircuitOpened(event.id, event.payload as never));
    expect((await api("GET", "/notifications", { token: tokens.aAdmin! })).body.items.map((n: { messageKey: string }) => n.messageKey)).toContain("plugins.notification.circuitOpened");
    expect((await api("GET", "/notifications", { token: devToken })).body.items.map((n: { messageKey: string }) => n.messageKey)).toContain("plugins.notification.circuitOpenedDeveloper");
    // Developers see failures and p95 CPU per hook, never which tenant.
    const developerView = await api("GET", `/developer/plugins/${PLUGIN_ID}`, { token: devToken });
    expect(developerView.body.usage.find((u: { hook: string }) => u.hook === "slowClosed")).toMatchObject({ failures: expect.any(Number) });
    expect(JSON.stringify(developerView.body)).not.toContain(aAdmin.membership.partnerId);
    const enabled = await api("POST", `/plugin-installs/${installA}/enable`, { token: tokens.aAdmin! });
    expect(enabled.body.status).toBe("active");
  });
});

describe("uninstall, restore and purge", () => {
  it("uninstall hides the data; restoring within the window returns it; after the window it is purged", async () => {
    const uninstalled = await api("POST", `/plugin-installs/${installA}/uninstall`, { token: tokens.aAdmin! });
    expect(uninstalled.body.status).toBe("uninstalled");
    expect((await api("GET", `/records/${NOTE}/${noteId}`, { token: tokens.aAdmin! })).status).toBe(404);
    expect((await baseDb().customObjectRecord.findUniqueOrThrow({ where: { id: noteId } })).quarantinedAt).not.toBeNull();

    const restored = await api("POST", `/plugin-installs/${installA}/restore`, { token: tokens.aAdmin! });
    expect(restored.body.status).toBe("active");
    const back = await api("GET", `/records/${NOTE}/${noteId}`, { token: tokens.aAdmin! });
    expect(back.status).toBe(200);
    expect(back.body.values.note).toBe("Visited the hospital");

    await api("POST", `/plugin-installs/${installA}/uninstall`, { token: tokens.aAdmin! });
    await purgeExpiredInstalls(new Date(Date.now() + 31 * 86_400_000));
    expect(await baseDb().customObjectRecord.findUnique({ where: { id: noteId } })).toBeNull();
    expect((await baseDb().pluginInstall.findUniqueOrThrow({ where: { id: installA } })).status).toBe("purged");
    expect(await baseDb().auditLog.count({ where: { entityId: installA, action: { in: ["plugin.uninstalled", "plugin.restored", "plugin.purged"] } } })).toBe(4);
    // Partner B's records of the same plugin are untouched.
    expect(await baseDb().pluginInstall.count({ where: { pluginId: PLUGIN_ID, partnerId: bAdmin.membership.partnerId, status: "active" } })).toBe(1);
  });
});
