/** Per-request plumbing for loaders and actions: the tRPC caller, locale, cookies, errors. */
import { json, redirect } from "@remix-run/node";
import {
  clearSessionCookie,
  createCaller,
  createContext,
  env,
  LOCALE_COOKIE,
  publicError,
  readCookie,
  serializeSessionCookie,
  useSecureCookies,
  type Context,
} from "@qudao/core/server";

const APP = "portal" as const;

export async function requestContext(request: Request): Promise<Context> {
  return createContext(request, APP);
}

/** The signed-in partner user's context, or a redirect to /login that returns here afterwards. */
export async function requireSignedIn(request: Request) {
  const ctx = await requestContext(request);
  if (ctx.actor.kind !== "partner") {
    const url = new URL(request.url);
    const next = url.pathname + url.search;
    throw redirect(`/login${next && next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`);
  }
  return { ctx, caller: createCaller(ctx), actor: ctx.actor };
}

function secureCookies(request: Request): boolean {
  return useSecureCookies(request.url, env().NODE_ENV, process.env.QUDAO_INSECURE_COOKIES);
}

export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  return serializeSessionCookie(APP, token, expiresAt, secureCookies(request));
}

export function clearedSessionCookie(request: Request): string {
  return clearSessionCookie(APP, secureCookies(request));
}

export function localeCookie(locale: string): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/** Dates are shown in the platform's time zone, so server render and hydration agree. */
export function displayTimeZone(): string {
  return env().PLATFORM_TIMEZONE;
}

export type ActionError = { error: { code: string; message: string; fields: Record<string, string> } };

/** A thrown error as form feedback: translated message plus per-field messages keyed by path. */
export function actionError(error: unknown, ctx: Pick<Context, "locale">): { body: ActionError; status: number } {
  const mapped = publicError(error, ctx.locale);
  const fields: Record<string, string> = {};
  for (const detail of mapped.details) fields[detail.path] ??= detail.message;
  return { body: { error: { code: mapped.code, message: mapped.message, fields } }, status: mapped.status };
}

/**
 * A thrown error in a loader as the error page: a lead the actor may not see is a 404 with the
 * translated message, a missing permission a 403. An expired session goes back to sign-in.
 */
export function errorResponse(error: unknown, ctx: Pick<Context, "locale">): never {
  if (error instanceof Response) throw error;
  const mapped = publicError(error, ctx.locale);
  if (mapped.code === "UNAUTHENTICATED") throw redirect("/login");
  if (mapped.status >= 500) console.error(error);
  // A bad query parameter (e.g. a stale cursor) says which one, not just "check the marked fields".
  const message = mapped.code === "VALIDATION_FAILED" && mapped.details[0] ? mapped.details[0].message : mapped.message;
  throw json({ message, code: mapped.code }, { status: mapped.status });
}

/** Only same-site relative paths may be redirect targets. */
export function safeNext(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : fallback;
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

// One-shot notices that survive a redirect (e.g. "lead created" on the list after the form).
const FLASH_COOKIE = "qd_portal_flash";
const FLASH_KINDS = ["leadCreated"] as const;
export type FlashKind = (typeof FLASH_KINDS)[number];
export type Flash = { kind: FlashKind; id: string | null };

export function flashCookie(request: Request, kind: FlashKind, id?: string): string {
  const value = encodeURIComponent(id ? `${kind}:${id}` : kind);
  return `${FLASH_COOKIE}=${value}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax${secureCookies(request) ? "; Secure" : ""}`;
}

/** The pending notice, if any, and the header that clears it once shown. */
export function takeFlash(request: Request): { flash: Flash | null; headers: HeadersInit } {
  const raw = readCookie(request.headers.get("cookie"), FLASH_COOKIE);
  if (!raw) return { flash: null, headers: {} };
  const clear = { "Set-Cookie": `${FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secureCookies(request) ? "; Secure" : ""}` };
  const [kind, id] = raw.split(":");
  if (!(FLASH_KINDS as readonly string[]).includes(kind ?? "")) return { flash: null, headers: clear };
  const safeId = id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
  return { flash: { kind: kind as FlashKind, id: safeId }, headers: clear };
}
