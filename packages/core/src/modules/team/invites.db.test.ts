import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, uuidv7, type TestPartnerUser } from "../../testing/index.ts";
import { acceptInvite, createInvite, previewInvite } from "./index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";

afterAll(disconnectDb);

let partner: { id: string; name: string };
let other: { id: string };
let admin: TestPartnerUser, manager: TestPartnerUser, rep: TestPartnerUser, otherAdmin: TestPartnerUser;
let adminToken: string;

beforeAll(async () => {
  partner = await createTestPartner({ name: `邀请测试伙伴 ${uuidv7().slice(-6)}` });
  other = await createTestPartner();
  [admin, manager, rep, otherAdmin] = await Promise.all([
    createTestPartnerUser(partner.id, "admin"),
    createTestPartnerUser(partner.id, "manager"),
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(other.id, "admin"),
  ]);
  adminToken = await apiToken(admin);
});

let counter = 0;
function inviteeEmail(): string {
  counter += 1;
  return `invitee-${counter}-${uuidv7().slice(-12)}@invite.qudao.test`;
}

async function invite(body: Record<string, unknown> = {}, token = adminToken) {
  return api("POST", "/team/invites", { token, body: { email: inviteeEmail(), name: "王小明", role: "rep", ...body } });
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

describe("creating an invite", () => {
  it("returns a one-time link whose token is stored only as its SHA-256, anywhere", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))));
    const response = await invite({ role: "manager" }).finally(() => spies.forEach((spy) => spy.mockRestore()));
    expect(response.status).toBe(201);
    const { token, path, url, id } = response.body;
    // No SMTP in tests: the link is shown to the admin only, and no log line carries it.
    expect(response.body.emailed).toBe(false);
    expect(logged.join("\n")).not.toContain(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(path).toBe(`/invite/${token}`);
    expect(url.endsWith(path)).toBe(true);
    expect(response.body).toMatchObject({ partnerId: partner.id, role: "manager", status: "pending", acceptedAt: null, invitedById: admin.id });
    const expiresIn = new Date(response.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 86_400_000);

    const row = await baseDb().invite.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    // Neither the token nor its hash reaches the audit log or the outbox.
    const audit = await baseDb().auditLog.findMany({ where: { entityId: id } });
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: id } });
    expect(audit.map((a) => a.action)).toEqual(["invite.created"]);
    expect(events.map((e) => [e.type, e.payload])).toEqual([["user.invited", { inviteId: id, partnerId: partner.id, email: row.email, role: "manager" }]]);
    for (const text of [JSON.stringify(audit), JSON.stringify(events)]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(row.tokenHash);
    }
    // The list shows the invite, never a token.
    const list = await api("GET", "/team/invites?status=pending", { token: adminToken });
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(JSON.stringify(list.body)).not.toContain(row.tokenHash);
  });

  it("is for the partner's admins only", async () => {
    for (const who of [manager, rep]) {
      const response = await invite({}, await apiToken(who));
      expect(response.status).toBe(403);
    }
  });

  it("refuses bad input with translated field errors and writes nothing", async () => {
    const email = inviteeEmail();
    const response = await api("POST", "/team/invites", { token: adminToken, body: { email, name: " ", role: "admin" }, headers: { "accept-language": "en" } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["name", "role"]);
    expect(response.body.error.details.find((d: { path: string }) => d.path === "role").message).toBe("Choose one of the options.");
    expect(await baseDb().invite.count({ where: { email } })).toBe(0);
  });

  it("refuses an e-mail that already has an account, or a live invite", async () => {
    const taken = await invite({ email: rep.email });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "EMAIL_TAKEN", details: [{ path: "email" }] });
    const email = inviteeEmail();
    expect((await invite({ email })).status).toBe(201);
    const again = await api("POST", "/team/invites", { token: adminToken, body: { email, name: "x", role: "rep" }, headers: { "accept-language": "zh-CN" } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("已向该邮箱发出有效的邀请，可在下方重新发送或撤销。");
  });
});

describe("accepting an invite", () => {
  it("creates the user (argon2id) and membership, marks the link used, and signs the new member in", async () => {
    const created = await invite({ name: "李新人" });
    const preview = await previewInvite({ token: created.body.token });
    expect(preview).toMatchObject({ status: "pending", partnerName: partner.name, role: "rep", email: created.body.email, name: "李新人" });

    const accepted = await api("POST", "/team/invites/accept", { body: { token: created.body.token, name: "李新人（本人）", password: "my-own-password" } });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email: created.body.email, name: "李新人（本人）", kind: "partner", partnerId: partner.id, roles: ["rep"] });
    const me = await api("GET", "/me", { token: accepted.body.token });
    expect(me.status).toBe(200);
    expect(me.body.partnerName).toBe(partner.name);

    const user = await baseDb().user.findUniqueOrThrow({ where: { email: created.body.email }, include: { membership: true } });
    expect(user.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(user.passwordHash).not.toContain("my-own-password");
    expect(user.membership).toMatchObject({ partnerId: partner.id, role: "rep" });
    const row = await baseDb().invite.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.acceptedAt).not.toBeNull();
    expect(row.userId).toBe(user.id);
    const audit = await baseDb().auditLog.findMany({ where: { entityId: { in: [row.id, user.id] } } });
    expect(JSON.stringify(audit)).not.toContain("my-own-password");
    expect(JSON.stringify(audit)).not.toContain(created.body.token);
  });

  it("works once: the same link again is refused with a clear message, and creates nobody", async () => {
    const created = await invite();
    const first = await api("POST", "/team/invites/accept", { body: { token: created.body.token, name: "一次", password: "password-123" } });
    expect(first.status).toBe(201);
    const second = await api("POST", "/team/invites/accept", { body: { token: created.body.token, name: "两次", password: "password-456" }, headers: { "accept-language": "zh-CN" } });
    expect(second.status).toBe(422);
    expect(second.body.error.message).toBe("该邀请链接已经使用过。如果是你本人接受的，请直接登录。");
    expect((await previewInvite({ token: created.body.token })).status).toBe("accepted");
    const user = await baseDb().user.findUniqueOrThrow({ where: { email: created.body.email } });
    expect(user.name).toBe("一次");
  });

  it("two submissions of one link at the same moment make one account", async () => {
    const created = await invite();
    const results = await Promise.allSettled(
      ["甲", "乙"].map((name) => acceptInvite({ token: created.body.token, name, password: "password-123" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await baseDb().user.count({ where: { email: created.body.email } })).toBe(1);
  });

  it("refuses an expired link in the reader's language, and a re-send revives it with a new token", async () => {
    const created = await invite();
    await baseDb().invite.update({ where: { id: created.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await previewInvite({ token: created.body.token })).toEqual({ status: "expired", partnerName: null, email: null, name: null, role: null, expiresAt: null });
    const late = await api("POST", "/team/invites/accept", { body: { token: created.body.token, name: "迟到", password: "password-123" }, headers: { "accept-language": "en" } });
    expect(late.status).toBe(422);
    expect(late.body.error.message).toBe("This invite link has expired. Ask your admin to send it again.");
    expect(await baseDb().user.count({ where: { email: created.body.email } })).toBe(0);

    const listed = await api("GET", "/team/invites?status=expired&limit=200", { token: adminToken });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);

    const resent = await api("POST", `/team/invites/${created.body.id}/resend`, { token: adminToken });
    expect(resent.status).toBe(200);
    expect(resent.body.token).not.toBe(created.body.token);
    expect(resent.body.status).toBe("pending");
    expect((await previewInvite({ token: created.body.token })).status).toBe("invalid");
    expect((await previewInvite({ token: resent.body.token })).status).toBe("pending");
    const row = await baseDb().invite.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.tokenHash).toBe(sha256(resent.body.token));
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: created.body.id, type: "user.invited" } })).toBe(2);
    expect((await api("POST", "/team/invites/accept", { body: { token: resent.body.token, name: "补发", password: "password-123" } })).status).toBe(201);
  });

  it("a revoked link stops working; an accepted invite can be neither revoked nor re-sent", async () => {
    const created = await invite();
    const revoked = await api("POST", `/team/invites/${created.body.id}/revoke`, { token: adminToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe("revoked");
    expect((await previewInvite({ token: created.body.token })).status).toBe("revoked");
    const refused = await api("POST", "/team/invites/accept", { body: { token: created.body.token, name: "撤销", password: "password-123" }, headers: { "accept-language": "zh-TW" } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe("該邀請已被撤銷，請聯絡管理員。");
    expect((await api("POST", `/team/invites/${created.body.id}/resend`, { token: adminToken })).status).toBe(422);

    const used = await invite();
    await api("POST", "/team/invites/accept", { body: { token: used.body.token, name: "已用", password: "password-123" } });
    expect((await api("POST", `/team/invites/${used.body.id}/revoke`, { token: adminToken })).status).toBe(422);
    expect((await api("POST", `/team/invites/${used.body.id}/resend`, { token: adminToken })).status).toBe(422);
  });

  it("an unknown token is a 404; a short password a 400 that leaves the invite pending", async () => {
    const unknown = await api("POST", "/team/invites/accept", { body: { token: "x".repeat(43), name: "无", password: "password-123" } });
    expect(unknown.status).toBe(404);
    expect((await previewInvite({ token: "x".repeat(43) })).status).toBe("invalid");

    const created = await invite();
    const short = await api("POST", "/team/invites/accept", { body: { token: created.body.token, name: "短", password: "short" }, headers: { "accept-language": "en" } });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([{ path: "password", message: "The password needs at least 8 characters." }]);
    expect(await baseDb().user.count({ where: { email: created.body.email } })).toBe(0);
    expect((await previewInvite({ token: created.body.token })).status).toBe("pending");
  });

  it("a link of a suspended partner does not work", async () => {
    const suspended = await createTestPartner();
    const suspendedAdmin = await createTestPartnerUser(suspended.id, "admin");
    const { actor } = (await actorForUserId(suspendedAdmin.id, "session"))!;
    const created = await runAsActor(actor, () => createInvite(actor, { email: inviteeEmail(), name: "停", role: "rep" }));
    await baseDb().partner.update({ where: { id: suspended.id }, data: { status: "suspended" } });
    expect((await previewInvite({ token: created.token })).status).toBe("invalid");
    await expect(acceptInvite({ token: created.token, name: "停", password: "password-123" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("another partner's invites", () => {
  it("answer 404 exactly like a missing id, and are never listed", async () => {
    const theirs = await invite({}, await apiToken(otherAdmin));
    expect(theirs.status).toBe(201);
    for (const action of ["revoke", "resend"]) {
      const b = await api("POST", `/team/invites/${theirs.body.id}/${action}`, { token: adminToken });
      const missing = await api("POST", `/team/invites/${uuidv7()}/${action}`, { token: adminToken });
      expect(b.status).toBe(404);
      expect(b.body).toEqual(missing.body);
    }
    const list = await api("GET", "/team/invites?limit=200", { token: adminToken });
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(theirs.body.id);
    expect(list.body.items.every((i: { partnerId: string }) => i.partnerId === partner.id)).toBe(true);
    const row = await baseDb().invite.findUniqueOrThrow({ where: { id: theirs.body.id } });
    expect(row.revokedAt).toBeNull();
    expect(row.tokenHash).toBe(sha256(theirs.body.token));
  });
});
