/**
 * The only file that imports Lucia (v3 is no longer developed upstream; docs/decisions/002). Swap it
 * here and nothing else changes: the rest of core sees createSession / invalidateSession(s). Requests are
 * authenticated by auth.service (one query for session, user and scope) with Lucia's sliding-expiry rule
 * (session.rules.ts).
 */
import { PrismaAdapter } from "@lucia-auth/adapter-prisma";
import { Lucia, TimeSpan } from "lucia";
import { baseDb } from "../db/index.ts";
import { env } from "../env/index.ts";

export type SessionClient = "platform" | "portal" | "api";

function createLucia() {
  const base = baseDb();
  return new Lucia(new PrismaAdapter(base.session, base.user), {
    sessionExpiresIn: new TimeSpan(env().SESSION_DAYS, "d"),
    sessionCookie: { name: "qd_session", expires: true, attributes: { sameSite: "lax" } },
    getSessionAttributes: (attributes) => ({ client: attributes.client }),
    getUserAttributes: () => ({}),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { client: SessionClient; ip: string | null; userAgent: string | null };
    DatabaseUserAttributes: Record<string, never>;
  }
}

let instance: ReturnType<typeof createLucia> | undefined;
function lucia() {
  instance ??= createLucia();
  return instance;
}

export async function createSession(
  userId: string,
  attributes: { client: SessionClient; ip: string | null; userAgent: string | null },
): Promise<{ id: string; expiresAt: Date }> {
  const session = await lucia().createSession(userId, attributes);
  return { id: session.id, expiresAt: session.expiresAt };
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await lucia().invalidateSession(sessionId);
}

export async function invalidateUserSessions(userId: string): Promise<void> {
  await lucia().invalidateUserSessions(userId);
}
