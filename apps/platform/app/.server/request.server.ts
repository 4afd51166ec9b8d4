/** Per-request plumbing for loaders and actions: the tRPC caller, locale, cookies, errors. */
import { redirect } from "@remix-run/node";
import {
  clearSessionCookie,
  createCaller,
  createContext,
  env,
  LOCALE_COOKIE,
  publicError,
  serializeSessionCookie,
  useSecureCookies,
  type Context,
} from "@qudao/core/server";

const APP = "platform" as const;

export async function requestContext(request: Request): Promise<Context> {
  return createContext(request, APP);
}

/** The signed-in context, or a redirect to /login that returns here afterwards. */
export async function requireSignedIn(request: Request) {
  const ctx = await requestContext(request);
  if (ctx.actor.kind !== "platform") {
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

export type ActionError = { error: { code: string; message: string; fields: Record<string, string> } };

/** A thrown error as form feedback: translated message plus per-field messages keyed by path. */
export function actionError(error: unknown, ctx: Pick<Context, "locale">): { body: ActionError; status: number } {
  const mapped = publicError(error, ctx.locale);
  const fields: Record<string, string> = {};
  for (const detail of mapped.details) fields[detail.path] ??= detail.message;
  return { body: { error: { code: mapped.code, message: mapped.message, fields } }, status: mapped.status };
}

/** Only same-site relative paths may be redirect targets. */
export function safeNext(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : fallback;
}
