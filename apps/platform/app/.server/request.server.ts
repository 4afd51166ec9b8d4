/** Per-request plumbing for loaders and actions; the logic lives in @qudao/core/server (app-support). */
import { redirect } from "@remix-run/node";
import {
  appClearedSessionCookie,
  appSessionCookie,
  createCaller,
  createContext,
  formFeedback,
  signInPath,
  type Context,
  type FormFeedback,
} from "@qudao/core/server";

export { localeCookie, safeNext } from "@qudao/core/server";

const APP = "platform" as const;

export function requestContext(request: Request): Promise<Context> {
  return createContext(request, APP);
}

/** The signed-in staff member's context, or a redirect to /login that returns here afterwards (developers: to their area). */
export async function requireSignedIn(request: Request) {
  const ctx = await requestContext(request);
  if (ctx.actor.kind === "developer") throw redirect("/developer");
  if (ctx.actor.kind !== "platform") throw redirect(signInPath(request));
  return { ctx, caller: createCaller(ctx), actor: ctx.actor };
}

/** Pages staff and plugin developers share (API keys): any signed-in console account. */
export async function requireAccount(request: Request) {
  const ctx = await requestContext(request);
  if (ctx.actor.kind !== "platform" && ctx.actor.kind !== "developer") throw redirect(signInPath(request));
  return { ctx, caller: createCaller(ctx), actor: ctx.actor };
}

export const sessionCookie = (request: Request, token: string, expiresAt: Date) => appSessionCookie(APP, request, token, expiresAt);
export const clearedSessionCookie = (request: Request) => appClearedSessionCookie(APP, request);

export type ActionError = FormFeedback;

/** A thrown error as form feedback: translated message plus per-field messages keyed by path. */
export function actionError(error: unknown, ctx: Pick<Context, "locale">): { body: ActionError; status: number } {
  return formFeedback(error, ctx.locale);
}
