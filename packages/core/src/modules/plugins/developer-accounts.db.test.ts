/**
 * Developer sign-up (issue 6 item 5) against a real database, where a developer would call it: the
 * public POST /api/v1/developers, then signing in (API and platform app) with the new account, which
 * reaches its developer procedures and nothing of the platform's or the partners' data.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { login } from "../../auth/index.ts";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { translator } from "../../i18n/index.ts";
import { publicError } from "../../trpc/error-mapping.ts";
import { appRouter, createCaller } from "../../trpc/router.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser } from "../../testing/index.ts";
import { MIN_DEVELOPER_PASSWORD_LENGTH, registerDeveloper } from "./index.ts";

afterAll(disconnectDb);

const origin = { ip: "127.0.0.1", userAgent: "vitest" };
const PASSWORD = "correct-horse-battery";
const en = translator("en");
const zhTW = translator("zh-TW");

function uniqueEmail(): string {
  return `dev-${randomBytes(5).toString("hex")}@Example.test`;
}

describe("developer sign-up", () => {
  it("creates a developer account with an argon2id password, in the requester's language, and audits it", async () => {
    const email = uniqueEmail();
    const response = await api("POST", "/developers", { body: { name: "  Ada Dev ", email, password: PASSWORD }, headers: { "accept-language": "en" } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ email: email.toLowerCase(), name: "Ada Dev", locale: "en" });
    expect(JSON.stringify(response.body)).not.toContain(PASSWORD);

    const row = await baseDb().user.findUniqueOrThrow({ where: { id: response.body.id } });
    expect(row.kind).toBe("developer");
    expect(row.passwordHash.startsWith("$argon2id$")).toBe(true);
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { entityId: row.id, action: "developer.registered" } });
    expect(audit).toMatchObject({ actorKind: "developer", actorUserId: row.id, ip: "127.0.0.1" });
    expect(JSON.stringify(audit.after)).not.toContain(PASSWORD);
  });

  it("refuses an email that already has an account (any case) with a translated 409 on the email field", async () => {
    const email = uniqueEmail();
    await registerDeveloper({ name: "First", email, password: PASSWORD });
    const again = await api("POST", "/developers", { body: { name: "Second", email: email.toUpperCase(), password: PASSWORD }, headers: { "accept-language": "zh-TW" } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "EMAIL_TAKEN", message: zhTW("errors.EMAIL_TAKEN"), details: [{ path: "email", message: zhTW("errors.EMAIL_TAKEN") }] });
    expect(await baseDb().user.count({ where: { email: email.toLowerCase() } })).toBe(1);
  });

  it.each([
    { case: "a password one character short", body: { name: "Dev", password: "x".repeat(MIN_DEVELOPER_PASSWORD_LENGTH - 1) }, path: "password", key: "errors.field.passwordTooShort", params: { min: MIN_DEVELOPER_PASSWORD_LENGTH } },
    { case: "no password", body: { name: "Dev" }, path: "password", key: "errors.field.required", params: {} },
    { case: "a blank name", body: { name: "   ", password: PASSWORD }, path: "name", key: "errors.field.required", params: {} },
    { case: "an address that is not an email", body: { name: "Dev", password: PASSWORD, email: "not-an-email" }, path: "email", key: "errors.field.email", params: {} },
  ])("refuses $case with a translated message on that field, and creates nothing", async ({ body, path, key, params }) => {
    const email = uniqueEmail();
    const response = await api("POST", "/developers", { body: { email, ...body }, headers: { "accept-language": "en" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    expect(response.body.error.details).toContainEqual({ path, message: en(key, params) });
    expect(await baseDb().user.count({ where: { email: email.toLowerCase() } })).toBe(0);
  });

  it("refuses a signed-in caller (partner user or developer): accounts are opened signed out", async () => {
    const partner = await createTestPartner();
    const partnerAdmin = await createTestPartnerUser(partner.id, "admin");
    const developerEmail = uniqueEmail();
    await registerDeveloper({ name: "Dev", email: developerEmail, password: PASSWORD });
    for (const token of [await apiToken(partnerAdmin), await apiToken({ email: developerEmail, password: PASSWORD })]) {
      const email = uniqueEmail();
      const response = await api("POST", "/developers", { token, body: { name: "Another", email, password: PASSWORD }, headers: { "accept-language": "en" } });
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: "FORBIDDEN", message: en("pluginDeveloper.errors.signedIn") });
      expect(await baseDb().user.count({ where: { email: email.toLowerCase() } })).toBe(0);
    }
  });

  it.each(["zh-CN", "zh-TW", "en"] as const)("the sign-up page's password hint (%s) states the minimum the service enforces", (locale) => {
    expect(translator(locale)("pluginDeveloper.signup.passwordHint")).toContain(String(MIN_DEVELOPER_PASSWORD_LENGTH));
  });

  it("a password of exactly the minimum length is enough", async () => {
    const account = await registerDeveloper({ name: "Dev", email: uniqueEmail(), password: "y".repeat(MIN_DEVELOPER_PASSWORD_LENGTH) });
    expect(account.id).toBeTruthy();
  });
});

describe("a developer account", () => {
  /** Every procedure a developer may call; the rest of the router must refuse them. */
  const DEVELOPER_PROCEDURES = new Set([
    "auth.login",
    "auth.logout",
    "auth.me",
    // Public: it checks anyone's input, then refuses signed-in callers with its own message.
    "developerAccounts.register",
    "apiKeys.list",
    "apiKeys.create",
    "apiKeys.revoke",
    "notifications.list",
    "notifications.unreadCount",
    "notifications.markRead",
    "notifications.markAllRead",
    "preferences.setLocale",
    "pluginDevelopers.uploadVersion",
    "pluginDevelopers.list",
    "pluginDevelopers.get",
    // Invitations are answered by token before anyone signs in.
    "team.invites.preview",
    "team.invites.accept",
  ]);

  it("signs in over the API and reads its (empty) developer pages, but no platform or partner data", async () => {
    const email = uniqueEmail();
    await registerDeveloper({ name: "Dev", email, password: PASSWORD });
    const session = await api("POST", "/sessions", { body: { email, password: PASSWORD } });
    expect(session.status).toBe(201);
    expect(session.body.user).toMatchObject({ kind: "developer", roles: [] });
    const token = session.body.token as string;

    const mine = await api("GET", "/developer/plugins", { token });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([]);
    for (const path of ["/partners", "/customers", "/plugin-reviews", "/plugins", "/marketplace", "/plugin-installs", "/audit-log"]) {
      const refused = await api("GET", path, { token });
      expect([401, 403], `GET ${path}`).toContain(refused.status);
      expect(refused.body.error, `GET ${path}`).toBeTruthy();
    }
  });

  it("signs in to the platform app, where every procedure but its own refuses it", async () => {
    const email = uniqueEmail();
    await registerDeveloper({ name: "Dev", email, password: PASSWORD });
    const signedIn = await login({ email, password: PASSWORD }, "platform", origin);
    expect(signedIn.actor.kind).toBe("developer");
    // The partner portal is not theirs.
    await expect(login({ email, password: PASSWORD }, "portal", origin)).rejects.toMatchObject({ code: "WRONG_APP" });

    const caller = createCaller({ actor: signedIn.actor, locale: "en", channel: "platform", sessionId: null, origin, refreshedExpiresAt: null });
    const procedures = Object.keys(appRouter._def.procedures as Record<string, unknown>);
    const wronglyAllowed: string[] = [];
    const wronglyRefused: string[] = [];
    for (const path of procedures) {
      const procedure = path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], caller) as (input?: unknown) => Promise<unknown>;
      let code = "OK";
      try {
        await procedure(undefined);
      } catch (error) {
        code = publicError(error, "en").code;
      }
      const refused = code === "UNAUTHENTICATED" || code === "FORBIDDEN";
      if (DEVELOPER_PROCEDURES.has(path) && refused) wronglyRefused.push(`${path}: ${code}`);
      if (!DEVELOPER_PROCEDURES.has(path) && !refused) wronglyAllowed.push(`${path}: ${code}`);
    }
    expect(wronglyAllowed).toEqual([]);
    expect(wronglyRefused).toEqual([]);
  });
});
