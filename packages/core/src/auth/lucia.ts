/**
 * The only file that imports Lucia (v3 is no longer developed upstream; docs/decisions/002). Swap it
 * here and nothing else changes: the rest of core sees createSession / validateSession / invalidate.
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

/** Returns the session (with `fresh` when its expiry was extended) or null. */
export async function validateSession(
  sessionId: string,
): Promise<{ id: string; userId: string; expiresAt: Date; fresh: boolean; client: SessionClient } | null> {
  const { session } = await lucia().validateSession(sessionId);
  if (!session) return null;
  return { id: session.id, userId: session.userId, expiresAt: session.expiresAt, fresh: session.fresh, client: session.client };
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await lucia().invalidateSession(sessionId);
}

export async function invalidateUserSessions(userId: string): Promise<void> {
  await lucia().invalidateUserSessions(userId);
}
