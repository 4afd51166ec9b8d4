/**
 * Sign-in, sign-out and request authentication for the apps (cookie) and the API (bearer session
 * token or API key). The only module that reads sessions, passwords and key hashes.
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { describeActor, systemActor, type SignedInActor } from "../actor/actor.ts";
import { baseDb, db, runAsActor } from "../db/index.ts";
import { env } from "../env/index.ts";
import { DomainError } from "../errors/index.ts";
import { recordAudit } from "../modules/audit/audit.repository.ts";
import { actorForUser, actorFromRow, loadActorRow, loadUser } from "./actor-loader.ts";
import { createSession, invalidateSession, type SessionClient } from "./lucia.ts";
import { sessionVerdict } from "./session.rules.ts";
import { burnPasswordCheck, verifyPassword } from "./password.ts";
import { throttleVerdict } from "./throttle.rules.ts";

export const ZLoginInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(1024),
});
export type TLoginInput = z.infer<typeof ZLoginInput>;

export type RequestOrigin = { ip: string; userAgent: string | null };

export type LoginResult = {
  token: string;
  expiresAt: Date;
  actor: SignedInActor;
  locale: string;
  user: ReturnType<typeof describeActor>;
};

async function recentFailures(email: string, ip: string, since: Date): Promise<{ account: Date[]; ip: Date[] }> {
  const base = baseDb();
  const lastSuccess = await base.loginAttempt.findFirst({
    where: { email, success: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  // A successful sign-in clears the account's earlier failures; the IP counter keeps counting.
  const accountSince = lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since;
  const [account, byIp] = await Promise.all([
    base.loginAttempt.findMany({ where: { email, success: false, createdAt: { gt: accountSince } }, select: { createdAt: true } }),
    base.loginAttempt.findMany({ where: { ip, success: false, createdAt: { gte: since } }, select: { createdAt: true } }),
  ]);
  return { account: account.map((a) => a.createdAt), ip: byIp.map((a) => a.createdAt) };
}

/**
 * Check credentials, throttle, and open a session for `client`. The portal only admits partner
 * users, the platform console only platform staff; the API admits both.
 */
export async function login(input: TLoginInput, client: SessionClient, origin: RequestOrigin, now = new Date()): Promise<LoginResult> {
  const { email, password } = ZLoginInput.parse(input);
  const settings = env();
  const windowStart = new Date(now.getTime() - settings.LOGIN_THROTTLE_WINDOW_MINUTES * 60_000);
  const failures = await recentFailures(email, origin.ip, windowStart);
  const verdict = throttleVerdict(
    {
      maxPerAccount: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxPerIp: settings.LOGIN_MAX_FAILURES_PER_IP,
      windowMinutes: settings.LOGIN_THROTTLE_WINDOW_MINUTES,
    },
    now,
    failures.account,
    failures.ip,
  );
  if (verdict.throttled) throw new DomainError("LOGIN_THROTTLED", { params: { minutes: verdict.retryAfterMinutes } });

  const user = await loadUser({ email });
  const passwordOk = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  const actor = user && passwordOk ? await actorForUser(user, client === "api" ? "token" : "session") : null;
  await baseDb().loginAttempt.create({ data: { email, ip: origin.ip, success: actor !== null } });
  if (!user || !actor) {
    // Same answer for unknown email, wrong password, deactivated user or suspended partner.
    throw new DomainError("INVALID_CREDENTIALS");
  }
  if (client === "portal" && actor.kind !== "partner") throw new DomainError("WRONG_APP", { i18nKey: "errors.WRONG_APP_portal" });
  // Developers sign in to the platform app, where they see only their developer pages.
  if (client === "platform" && actor.kind === "partner") throw new DomainError("WRONG_APP", { i18nKey: "errors.WRONG_APP_platform" });

  const session = await createSession(user.id, { client, ip: origin.ip, userAgent: origin.userAgent });
  await runAsActor(systemActor("login"), () =>
    db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
      await recordAudit(tx, actor, {
        action: "auth.login",
        entityType: "User",
        entityId: user.id,
        after: { client },
        ip: origin.ip,
      });
    }),
  );
  return { token: session.id, expiresAt: session.expiresAt, actor, locale: user.locale, user: describeActor(actor) };
}

export async function logout(token: string): Promise<void> {
  await invalidateSession(token);
}

export type Authenticated = { actor: SignedInActor; locale: string; sessionId?: string; refreshedExpiresAt?: Date };

/** A session token (cookie or bearer). Null when missing, expired, invalidated or the account cannot act. */
export async function authenticateSession(token: string | undefined, via: "session" | "token", now = new Date()): Promise<Authenticated | null> {
  if (!token || token.length > 256) return null;
  const row = await loadActorRow({ sessionId: token });
  if (!row?.sessionId || !row.expiresAt) return null;
  const verdict = sessionVerdict(row.expiresAt, now, env().SESSION_DAYS * 86_400_000);
  if (verdict.kind === "expired") {
    await invalidateSession(row.sessionId);
    return null;
  }
  const actor = actorFromRow(row, via);
  if (!actor) return null;
  if (verdict.kind === "extend") {
    await baseDb().session.update({ where: { id: row.sessionId }, data: { expiresAt: verdict.expiresAt } });
  }
  return {
    actor,
    locale: row.locale,
    sessionId: row.sessionId,
    ...(verdict.kind === "extend" ? { refreshedExpiresAt: verdict.expiresAt } : {}),
  };
}

export const API_KEY_PREFIX = "qd_";

export function hashApiKey(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

export function generateApiKey(): { raw: string; prefix: string; hash: string } {
  const raw = `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { raw, prefix: raw.slice(0, 10), hash: hashApiKey(raw) };
}

async function authenticateApiKey(raw: string): Promise<Authenticated | null> {
  const row = await loadActorRow({ apiKeyHash: hashApiKey(raw) });
  if (!row?.apiKeyId) return null;
  const actor = actorFromRow(row, "apiKey");
  if (!actor) return null;
  const now = Date.now();
  // "Last used" to the minute is enough, and spares a write on every call.
  if (!row.apiKeyLastUsedAt || now - row.apiKeyLastUsedAt.getTime() > 60_000) {
    await baseDb().apiKey.update({ where: { id: row.apiKeyId }, data: { lastUsedAt: new Date(now) } });
  }
  return { actor, locale: row.locale };
}

/** `Authorization: Bearer <session token | API key>`. */
export async function authenticateBearer(header: string | null | undefined): Promise<Authenticated | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const token = match?.[1];
  if (!token) return null;
  return token.startsWith(API_KEY_PREFIX) ? authenticateApiKey(token) : authenticateSession(token, "token");
}

