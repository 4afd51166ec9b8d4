/** The tRPC context: who acts, in which language, from where, through which app. */
import { anonymousActor, type Actor } from "../actor/actor.ts";
import {
  authenticateBearer,
  authenticateSession,
  readCookie,
  sessionCookieName,
  type AppName,
  type Authenticated,
} from "../auth/index.ts";
import { env } from "../env/index.ts";
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, normaliseLocale, type Locale } from "../i18n/index.ts";

export type Channel = AppName | "api";

export type Context = {
  actor: Actor;
  locale: Locale;
  channel: Channel;
  sessionId: string | null;
  origin: { ip: string; userAgent: string | null };
  /** Set when the session's expiry was extended and the app should re-send its cookie. */
  refreshedExpiresAt: Date | null;
};

export const LOCALE_COOKIE = "qd_lng";

export function clientIp(request: Request, fallback = "127.0.0.1"): string {
  // Only a trusted proxy's header counts; otherwise a client could rotate it to dodge throttling.
  if (env().TRUST_PROXY !== "1") return fallback;
  const forwarded = request.headers.get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  return first || request.headers.get("x-real-ip") || fallback;
}

export function anonymousLocale(request: Request): Locale {
  const cookie = readCookie(request.headers.get("cookie"), LOCALE_COOKIE);
  return (isLocale(cookie) ? cookie : undefined) ?? localeFromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LOCALE;
}

export async function createContext(request: Request, channel: Channel): Promise<Context> {
  let auth: Authenticated | null;
  if (channel === "api") {
    auth = await authenticateBearer(request.headers.get("authorization"));
  } else {
    auth = await authenticateSession(readCookie(request.headers.get("cookie"), sessionCookieName(channel)), "session");
    // A session opened in one app does not act in the other.
    // Developers sign in to the platform app (their pages only; every staff procedure refuses them).
    if (auth && ((channel === "portal" && auth.actor.kind !== "partner") || (channel === "platform" && auth.actor.kind === "partner"))) {
      auth = null;
    }
  }
  const headerLocale = localeFromAcceptLanguage(request.headers.get("accept-language"));
  const userLocale = normaliseLocale(auth?.locale);
  const locale =
    channel === "api"
      ? (headerLocale ?? userLocale ?? DEFAULT_LOCALE)
      : (userLocale ?? anonymousLocale(request));
  return {
    actor: auth?.actor ?? anonymousActor,
    locale,
    channel,
    sessionId: auth?.sessionId ?? null,
    origin: { ip: clientIp(request), userAgent: request.headers.get("user-agent") },
    refreshedExpiresAt: auth?.refreshedExpiresAt ?? null,
  };
}
