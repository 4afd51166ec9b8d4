/**
 * What both Remix apps need around a request, in one place: cookies, form feedback, loader error
 * pages, safe redirects. Framework-free (the apps wrap the results in Remix `json`/`redirect`).
 */
import { clearSessionCookie, serializeSessionCookie, useSecureCookies, type AppName } from "../auth/index.ts";
import { env, EnvError, usesDemoAdminPassword } from "../env/index.ts";
import type { Locale } from "../i18n/index.ts";
import { LOCALE_COOKIE } from "../trpc/context.ts";
import { publicError } from "../trpc/error-mapping.ts";

function secure(request: Request): boolean {
  return useSecureCookies(request.url, env().NODE_ENV, process.env.QUDAO_INSECURE_COOKIES);
}

export function appSessionCookie(app: AppName, request: Request, token: string, expiresAt: Date): string {
  return serializeSessionCookie(app, token, expiresAt, secure(request));
}

export function appClearedSessionCookie(app: AppName, request: Request): string {
  return clearSessionCookie(app, secure(request));
}

/** A short-lived HttpOnly cookie (e.g. a one-shot notice that survives a redirect). */
export function shortLivedCookie(request: Request, name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure(request) ? "; Secure" : ""}`;
}

export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/** Where to send someone who must sign in first, coming back here afterwards. */
export function signInPath(request: Request): string {
  const url = new URL(request.url);
  const next = url.pathname + url.search;
  return `/login${next && next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`;
}

/** Only same-site relative paths may be redirect targets. */
export function safeNext(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : fallback;
}

export type FormFeedback = { error: { code: string; message: string; fields: Record<string, string> } };

/** A thrown error as form feedback: the translated message plus one message per field path. */
export function formFeedback(error: unknown, locale: Locale): { body: FormFeedback; status: number } {
  const mapped = publicError(error, locale);
  const fields: Record<string, string> = {};
  for (const detail of mapped.details) fields[detail.path] ??= detail.message;
  return { body: { error: { code: mapped.code, message: mapped.message, fields } }, status: mapped.status };
}

/**
 * A thrown error in a loader as an error page: NOT_FOUND → 404, FORBIDDEN → 403, a bad query
 * parameter → 400 naming it; `signIn` when the session ended meanwhile.
 */
export function loaderFailure(error: unknown, locale: Locale): { status: number; code: string; message: string; signIn: boolean } {
  const mapped = publicError(error, locale);
  if (mapped.status >= 500) console.error(error);
  const message = mapped.code === "VALIDATION_FAILED" && mapped.details.length > 0 ? mapped.details.map((d) => d.message).join(" ") : mapped.message;
  return { status: mapped.status, code: mapped.code, message, signIn: mapped.code === "UNAUTHENTICATED" };
}

/** Text fields of a submitted form, as typed, so a failed submission can show them again. */
export function formValues<const K extends string>(form: FormData, names: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const name of names) {
    const value = form.get(name);
    values[name] = typeof value === "string" ? value : "";
  }
  return values;
}

/** Dates are shown in the platform's time zone, so server render and hydration agree. */
export function displayTimeZone(): string {
  return env().PLATFORM_TIMEZONE;
}

/**
 * Called when an app's server module loads: refuse to start with an invalid environment (listing
 * every problem), and warn when the public demo admin password is used in production.
 */
export function checkEnvironmentAtBoot(app: AppName): void {
  try {
    const settings = env();
    if (settings.NODE_ENV === "production" && usesDemoAdminPassword(settings)) {
      console.warn(`[${app}] QUDAO_ADMIN_PASSWORD is the public demo password: set your own before real data goes in.`);
    }
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  }
}
