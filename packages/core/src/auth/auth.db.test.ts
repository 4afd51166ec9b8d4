import { afterAll, describe, expect, it } from "vitest";
import { actorForUserId } from "./actor-loader.ts";
import { baseDb, disconnectDb } from "../db/index.ts";
import { createCaller } from "../trpc/router.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../testing/index.ts";
import { login } from "./index.ts";
import { clearSessionCookie, serializeSessionCookie, useSecureCookies } from "./session-cookie.ts";

afterAll(disconnectDb);
const origin = { ip: "127.0.0.1", userAgent: "vitest" };

describe("sign-in", () => {
  it("stores passwords as argon2id hashes, never in clear", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const row = await baseDb().user.findUniqueOrThrow({ where: { id: rep.id } });
    expect(row.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(row.passwordHash).not.toContain(rep.password);
  });

  it("returns the session response of API.md", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const response = await api("POST", "/sessions", { body: { email: rep.email.toUpperCase(), password: rep.password } });
    expect(response.status).toBe(201);
    expect(response.body.token).toMatch(/^\w{20,}$/);
    expect(response.body.user).toEqual({ id: rep.id, email: rep.email, name: rep.name, kind: "partner", partnerId: partner.id, roles: ["rep"] });
  });

  it("answers a wrong password and an unknown email the same, in the request's language", async () => {
    const staff = await createTestPlatformUser(["finance"]);
    const wrong = await api("POST", "/sessions", { body: { email: staff.email, password: "nope-nope" }, headers: { "accept-language": "zh-TW" } });
    const unknown = await api("POST", "/sessions", { body: { email: "ghost@qudao.test", password: "nope-nope" }, headers: { "accept-language": "zh-TW" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toMatchObject({ code: "INVALID_CREDENTIALS", message: "電子郵件或密碼不正確。" });
  });

  it("throttles an account after repeated failures with 429, even for the right password, and says when to retry", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    for (let i = 0; i < 5; i++) {
      expect((await api("POST", "/sessions", { body: { email: rep.email, password: `wrong-${i}` } })).status).toBe(401);
    }
    const blocked = await api("POST", "/sessions", { body: { email: rep.email, password: rep.password }, headers: { "accept-language": "en" } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("LOGIN_THROTTLED");
    expect(blocked.body.error.message).toMatch(/try again in \d+ minutes/);
    expect(blocked.headers.get("retry-after")).toBeTruthy();
  });

  it("a successful sign-in clears the account's earlier failures", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    for (let i = 0; i < 4; i++) await api("POST", "/sessions", { body: { email: rep.email, password: "wrong-pass" } });
    expect((await api("POST", "/sessions", { body: { email: rep.email, password: rep.password } })).status).toBe(201);
    for (let i = 0; i < 4; i++) await api("POST", "/sessions", { body: { email: rep.email, password: "wrong-pass" } });
    expect((await api("POST", "/sessions", { body: { email: rep.email, password: rep.password } })).status).toBe(201);
  });

  it("keeps each app to its own users", async () => {
    const staff = await createTestPlatformUser(["admin"]);
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    await expect(login({ email: staff.email, password: staff.password }, "portal", origin)).rejects.toMatchObject({ code: "WRONG_APP", i18nKey: "errors.WRONG_APP_portal" });
    await expect(login({ email: rep.email, password: rep.password }, "platform", origin)).rejects.toMatchObject({ code: "WRONG_APP" });
    await expect(login({ email: rep.email, password: rep.password }, "portal", origin)).resolves.toMatchObject({ actor: { kind: "partner" } });
  });

  it("refuses deactivated users and users of a suspended partner", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const token = await apiToken(rep);
    await baseDb().partner.update({ where: { id: partner.id }, data: { status: "suspended" } });
    expect((await api("GET", "/me", { token })).status).toBe(401);
    expect((await api("POST", "/sessions", { body: { email: rep.email, password: rep.password } })).status).toBe(401);
    const other = await createTestPartner();
    const gone = await createTestPartnerUser(other.id, "rep");
    await baseDb().user.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });
    expect((await api("POST", "/sessions", { body: { email: gone.email, password: gone.password } })).status).toBe(401);
  });
});

describe("sessions and API keys", () => {
  it("sign-out invalidates the token on the server", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const token = await apiToken(rep);
    expect((await api("GET", "/me", { token })).status).toBe(200);
    const out = await api("DELETE", "/sessions/current", { token });
    expect(out.status).toBe(204);
    expect(out.body).toBeNull();
    const after = await api("GET", "/me", { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("deletes an expired session and slides one that is past half its life", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const expired = await apiToken(rep);
    await baseDb().session.update({ where: { id: expired }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api("GET", "/me", { token: expired })).status).toBe(401);
    expect(await baseDb().session.findUnique({ where: { id: expired } })).toBeNull();

    const ageing = await apiToken(rep);
    const soon = new Date(Date.now() + 86_400_000);
    await baseDb().session.update({ where: { id: ageing }, data: { expiresAt: soon } });
    expect((await api("GET", "/me", { token: ageing })).status).toBe(200);
    const extended = await baseDb().session.findUniqueOrThrow({ where: { id: ageing } });
    expect(extended.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it("sees a partner admin's sub-dealers at any depth through one sign-in", async () => {
    const top = await createTestPartner();
    const middle = await createTestPartner({ parentPartnerId: top.id });
    const bottom = await createTestPartner({ parentPartnerId: middle.id });
    const admin = await createTestPartnerUser(top.id, "admin");
    const me = await api("GET", "/me", { token: await apiToken(admin) });
    expect(me.status).toBe(200);
    const { authenticateBearer } = await import("./auth.service.ts");
    const auth = await authenticateBearer(`Bearer ${await apiToken(admin)}`);
    expect(auth?.actor.kind === "partner" && [...auth.actor.visiblePartnerIds].sort()).toEqual([top.id, middle.id, bottom.id].sort());
  });

  it("an API key acts for its user until revoked, and only its hash is stored", async () => {
    const partner = await createTestPartner();
    const admin = await createTestPartnerUser(partner.id, "admin");
    const actor = (await actorForUserId(admin.id, "session"))!.actor;
    const caller = createCaller({ actor, locale: "en", channel: "portal", sessionId: null, origin, refreshedExpiresAt: null });
    const created = await caller.apiKeys.create({ name: "ERP 对接" });
    expect(created.key.startsWith("qd_")).toBe(true);
    const stored = await baseDb().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.hash).not.toContain(created.key);
    expect(JSON.stringify(await caller.apiKeys.list())).not.toContain(created.key);

    const me = await api("GET", "/me", { token: created.key });
    expect(me.body).toMatchObject({ id: admin.id, kind: "partner", partnerId: partner.id });
    await caller.apiKeys.revoke({ id: created.id });
    expect((await api("GET", "/me", { token: created.key })).status).toBe(401);
  });

  it("rejects missing and malformed bearer tokens with 401", async () => {
    expect((await api("GET", "/leads")).status).toBe(401);
    expect((await api("GET", "/leads", { headers: { authorization: "Basic abc" } })).status).toBe(401);
    expect((await api("GET", "/leads", { token: "qd_not-a-key" })).status).toBe(401);
  });
});

describe("session cookies", () => {
  it("are HttpOnly and SameSite=Lax, Secure in production, named per app", () => {
    const expires = new Date("2026-12-01T00:00:00Z");
    expect(serializeSessionCookie("portal", "abc", expires, true)).toBe(
      "qd_portal_session=abc; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Dec 2026 00:00:00 GMT; Secure",
    );
    expect(serializeSessionCookie("platform", "abc", expires, false)).not.toContain("Secure");
    expect(clearSessionCookie("platform", false)).toContain("qd_platform_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  });

  it.each([
    ["https in production", "https://crm.example.com/login", "production", undefined, true],
    ["plain http on a LAN address in production", "http://10.1.2.3:3000/login", "production", undefined, true],
    ["the local demo on 127.0.0.1", "http://127.0.0.1:3000/login", "production", undefined, false],
    ["localhost", "http://localhost:3001/", "production", undefined, false],
    ["explicitly switched off", "https://crm.example.com/", "production", "1", false],
    ["development", "https://crm.example.com/", "development", undefined, false],
  ] as const)("Secure flag: %s", (_n, url, nodeEnv, override, expected) => {
    expect(useSecureCookies(url, nodeEnv, override)).toBe(expected);
  });
});
