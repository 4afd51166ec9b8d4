/** Per-request plumbing for loaders and actions; the logic lives in @qudao/core/server (app-support). */
import { json, redirect } from "@remix-run/node";
import {
  appClearedSessionCookie,
  appSessionCookie,
  createCaller,
  createContext,
  formFeedback,
  loaderFailure,
  readCookie,
  shortLivedCookie,
  signInPath,
  type Context,
  type FormFeedback,
} from "@qudao/core/server";

export { displayTimeZone, formValues, localeCookie, safeNext } from "@qudao/core/server";

const APP = "portal" as const;

export function requestContext(request: Request): Promise<Context> {
  return createContext(request, APP);
}

/** The signed-in partner user's context, or a redirect to /login that returns here afterwards. */
export async function requireSignedIn(request: Request) {
  const ctx = await requestContext(request);
  if (ctx.actor.kind !== "partner") throw redirect(signInPath(request));
  return { ctx, caller: createCaller(ctx), actor: ctx.actor };
}

export const sessionCookie = (request: Request, token: string, expiresAt: Date) => appSessionCookie(APP, request, token, expiresAt);
export const clearedSessionCookie = (request: Request) => appClearedSessionCookie(APP, request);

export type ActionError = FormFeedback;

/** A thrown error as form feedback: translated message plus per-field messages keyed by path. */
export function actionError(error: unknown, ctx: Pick<Context, "locale">): { body: ActionError; status: number } {
  return formFeedback(error, ctx.locale);
}

/** A thrown error in a loader as the translated error page (404, 403, 400…); an ended session signs in again. */
export function errorResponse(error: unknown, ctx: Pick<Context, "locale">): never {
  if (error instanceof Response) throw error;
  const failure = loaderFailure(error, ctx.locale);
  if (failure.signIn) throw redirect("/login");
  throw json({ message: failure.message, code: failure.code }, { status: failure.status });
}

// One-shot notices that survive a redirect (e.g. "lead created" on the list after the form).
const FLASH_COOKIE = "qd_portal_flash";
const FLASH_KINDS = ["leadCreated", "customerClaimed", "customerReleased", "taskCreated", "leadConverted"] as const;
export type FlashKind = (typeof FLASH_KINDS)[number];
export type Flash = { kind: FlashKind; id: string | null };

export function flashCookie(request: Request, kind: FlashKind, id?: string): string {
  return shortLivedCookie(request, FLASH_COOKIE, id ? `${kind}:${id}` : kind, 60);
}

/** The pending notice, if any, and the header that clears it once shown. */
export function takeFlash(request: Request): { flash: Flash | null; headers: HeadersInit } {
  const raw = readCookie(request.headers.get("cookie"), FLASH_COOKIE);
  if (!raw) return { flash: null, headers: {} };
  const clear = { "Set-Cookie": shortLivedCookie(request, FLASH_COOKIE, "", 0) };
  const [kind, id] = raw.split(":");
  if (!(FLASH_KINDS as readonly string[]).includes(kind ?? "")) return { flash: null, headers: clear };
  const safeId = id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
  return { flash: { kind: kind as FlashKind, id: safeId }, headers: clear };
}
